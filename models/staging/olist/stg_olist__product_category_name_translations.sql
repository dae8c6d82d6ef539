with

source as (
    select * from {{ source('olist', 'product_category_name_translation') }}
),

renamed as (
    select
        cast(product_category_name as varchar) as category_name,
        cast(product_category_name_english as varchar)
            as category_name_english,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from renamed
