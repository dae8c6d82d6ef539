{#
    Customer and seller addresses, placed once for both dimensions: the
    state's name and region from the brazilian_states seed, and the zip
    prefix's centroid at the precision the dimensions publish (about 10 cm).
#}
with

customers as (
    select * from {{ ref('stg_olist__customers') }}
),

sellers as (
    select * from {{ ref('stg_olist__sellers') }}
),

zip_prefixes as (
    select * from {{ ref('int_zip_prefixes_located') }}
),

states as (
    select * from {{ ref('brazilian_states') }}
),

addresses as (
    select
        'customer' as party_type,
        customer_id as party_id,
        zip_code_prefix,
        city,
        state_code
    from customers
    union all
    select
        'seller' as party_type,
        seller_id as party_id,
        zip_code_prefix,
        city,
        state_code
    from sellers
),

final as (
    select
        {{ dbt.concat([
            'addresses.party_type', "':'", 'addresses.party_id',
        ]) }} as address_id,
        addresses.party_type,
        addresses.party_id,
        addresses.zip_code_prefix,
        addresses.city,
        addresses.state_code,
        states.state_name,
        states.region,
        cast(zip_prefixes.latitude as decimal(9, 6)) as latitude,
        cast(zip_prefixes.longitude as decimal(9, 6)) as longitude
    from addresses
    left outer join states
        on addresses.state_code = states.state_code
    left outer join zip_prefixes
        on addresses.zip_code_prefix = zip_prefixes.zip_code_prefix
)

select * from final
