with

source as (
    select * from {{ source('olist', 'sellers') }}
),

renamed as (
    select
        cast(seller_id as varchar) as seller_id,
        cast(seller_zip_code_prefix as varchar) as zip_code_prefix,
        cast(seller_city as varchar) as city,
        cast(upper(seller_state) as varchar) as state_code,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from renamed
