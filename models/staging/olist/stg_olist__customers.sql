with

source as (
    select * from {{ source('olist', 'customers') }}
),

renamed as (
    select
        cast(customer_id as varchar) as customer_id,
        cast(customer_unique_id as varchar) as customer_unique_id,
        cast(customer_zip_code_prefix as varchar) as zip_code_prefix,
        cast(customer_city as varchar) as city,
        cast(upper(customer_state) as varchar) as state_code,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from renamed
