with

source as (
    select * from {{ source('olist', 'products') }}
),

renamed as (
    select
        cast(product_id as varchar) as product_id,
        -- Left in Portuguese here: dim_products adds the English name.
        cast(product_category_name as varchar) as category_name,
        cast(product_name_lenght as integer) as name_length,
        cast(product_description_lenght as integer) as description_length,
        cast(product_photos_qty as integer) as photo_count,
        cast(product_weight_g as integer) as weight_g,
        cast(product_length_cm as integer) as length_cm,
        cast(product_height_cm as integer) as height_cm,
        cast(product_width_cm as integer) as width_cm,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from renamed
