with

source as (
    select * from {{ source('olist', 'product_category_name_translation') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by product_category_name
            order by _loaded_at desc
        ) as load_rank
    from source
),

latest as (
    select * from ranked
    where load_rank = 1
),

renamed as (
    select
        cast(product_category_name as varchar) as category_name,
        cast(product_category_name_english as varchar)
            as category_name_english,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from latest
)

select * from renamed
