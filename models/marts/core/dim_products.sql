with

products as (
    select * from {{ ref('stg_olist__products') }}
),

translations as (
    select * from {{ ref('stg_olist__product_category_name_translations') }}
),

final as (
    select
        products.product_id,
        cast(
            coalesce(products.category_name, 'unknown') as varchar
        ) as category_name,
        -- Missing categories and the few the translation table lacks both
        -- read 'unknown', so every product falls in one English category.
        cast(
            coalesce(translations.category_name_english, 'unknown') as varchar
        ) as category_name_english,
        products.name_length,
        products.description_length,
        products.photo_count,
        products.weight_g,
        products.length_cm,
        products.height_cm,
        products.width_cm,
        products.length_cm * products.height_cm * products.width_cm
            as volume_cm3
    from products
    left outer join translations
        on products.category_name = translations.category_name
)

select * from final
