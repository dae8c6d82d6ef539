{{
    config(
        materialized='incremental',
        unique_key='category_name_english',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_emptied_groups() }}",
    )
}}
-- depends_on: {{ ref('int_orders_touched') }}

with

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
),

order_categories as (
    select * from {{ ref('int_order_categories_priced') }}
),

-- An order with items from two categories counts once in each.
category_deliveries as (
    select
        order_categories.category_name_english,
        order_categories.category_price,
        order_deliveries.order_id,
        order_deliveries.is_delivered,
        order_deliveries.is_late,
        order_deliveries.delivery_days,
        order_deliveries.review_score
    from order_categories
    inner join order_deliveries
        on order_categories.order_id = order_deliveries.order_id
),

{% if is_incremental() %}

{{ groups_to_rebuild('category_deliveries', ['category_name_english']) }},

{% endif %}

deliveries_to_aggregate as (
    select category_deliveries.*
    from category_deliveries
    {% if is_incremental() %}
    inner join groups_to_rebuild
        on
            category_deliveries.category_name_english
            = groups_to_rebuild.category_name_english
    {% endif %}
),

aggregated as (
    select
        category_name_english,
        {{ delivery_measures() }},
        cast(
            {{ mean('review_score', 2) }} as decimal(4, 2)
        ) as mean_review_score,
        cast(sum(category_price) as decimal(18, 2)) as items_price
    from deliveries_to_aggregate
    group by 1
),

final as (
    select * from aggregated
    {% if is_incremental() %}
    union all
    {{ emptied_group_rows(['category_name_english']) }}
    {% endif %}
)

select * from final
