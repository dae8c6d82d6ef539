{{
    config(
        materialized='incremental',
        unique_key='order_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_orders_gone(ref('int_orders_touched')) }}",
    )
}}
-- depends_on: {{ ref('int_orders_touched') }}

with

order_items as (
    select * from {{ ref('stg_olist__order_items') }}
    {% if is_incremental() %}
    where order_id in ({{ touched_orders() }})
    {% endif %}
),

products as (
    select * from {{ ref('stg_olist__products') }}
),

translations as (
    select * from {{ ref('stg_olist__product_category_name_translations') }}
),

-- Named as dim_products names them: a missing or untranslated category
-- reads 'unknown', so every item falls in one English category.
items_categorised as (
    select
        order_items.order_id,
        order_items.price,
        coalesce(
            translations.category_name_english, 'unknown'
        ) as category_name_english
    from order_items
    inner join products
        on order_items.product_id = products.product_id
    left outer join translations
        on products.category_name = translations.category_name
),

final as (
    select
        order_id,
        cast(category_name_english as varchar) as category_name_english,
        cast(sum(price) as decimal(18, 2)) as category_price
    from items_categorised
    group by 1, 2
)

select * from final
