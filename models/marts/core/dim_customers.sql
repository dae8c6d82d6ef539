with

customers as (
    select * from {{ ref('stg_olist__customers') }}
),

zip_prefixes as (
    select * from {{ ref('int_zip_prefixes_located') }}
),

states as (
    select * from {{ ref('brazilian_states') }}
),

final as (
    select
        customers.customer_id,
        customers.customer_unique_id,
        customers.zip_code_prefix,
        customers.city,
        customers.state_code,
        states.state_name,
        states.region,
        cast(zip_prefixes.latitude as decimal(9, 6)) as latitude,
        cast(zip_prefixes.longitude as decimal(9, 6)) as longitude
    from customers
    left outer join states
        on customers.state_code = states.state_code
    left outer join zip_prefixes
        on customers.zip_code_prefix = zip_prefixes.zip_code_prefix
)

select * from final
