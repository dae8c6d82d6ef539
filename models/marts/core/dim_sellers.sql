with

sellers as (
    select * from {{ ref('stg_olist__sellers') }}
),

zip_prefixes as (
    select * from {{ ref('int_zip_prefixes_located') }}
),

states as (
    select * from {{ ref('brazilian_states') }}
),

final as (
    select
        sellers.seller_id,
        sellers.zip_code_prefix,
        sellers.city,
        sellers.state_code,
        states.state_name,
        states.region,
        cast(zip_prefixes.latitude as decimal(9, 6)) as latitude,
        cast(zip_prefixes.longitude as decimal(9, 6)) as longitude
    from sellers
    left outer join states
        on sellers.state_code = states.state_code
    left outer join zip_prefixes
        on sellers.zip_code_prefix = zip_prefixes.zip_code_prefix
)

select * from final
