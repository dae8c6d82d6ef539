with

customers as (
    select * from {{ ref('stg_olist__customers') }}
),

addresses as (
    select * from {{ ref('int_addresses_located') }}
    where party_type = 'customer'
),

final as (
    select
        customers.customer_id,
        customers.customer_unique_id,
        addresses.zip_code_prefix,
        addresses.city,
        addresses.state_code,
        addresses.state_name,
        addresses.region,
        addresses.latitude,
        addresses.longitude
    from customers
    inner join addresses
        on customers.customer_id = addresses.party_id
)

select * from final
