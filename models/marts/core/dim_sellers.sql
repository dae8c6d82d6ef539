with

addresses as (
    select * from {{ ref('int_addresses_located') }}
    where party_type = 'seller'
),

final as (
    select
        party_id as seller_id,
        zip_code_prefix,
        city,
        state_code,
        state_name,
        region,
        latitude,
        longitude
    from addresses
)

select * from final
