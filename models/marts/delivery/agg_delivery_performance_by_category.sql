with

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
),

order_items as (
    select * from {{ ref('stg_olist__order_items') }}
),

products as (
    select * from {{ ref('dim_products') }}
),

-- An order with items from two categories counts once in each.
order_categories as (
    select
        order_items.order_id,
        products.category_name_english,
        sum(order_items.price) as category_price
    from order_items
    inner join products
        on order_items.product_id = products.product_id
    group by 1, 2
),

by_category as (
    select
        order_categories.category_name_english,
        count(*) as order_count,
        sum(
            case when order_deliveries.is_delivered then 1 else 0 end
        ) as delivered_order_count,
        count(order_deliveries.is_late) as timed_delivery_count,
        sum(
            case when order_deliveries.is_late then 1 else 0 end
        ) as late_delivery_count,
        avg(order_deliveries.delivery_days) as mean_delivery_days,
        {{ percentile_cont('order_deliveries.delivery_days', 0.5) }}
            as p50_delivery_days,
        {{ percentile_cont('order_deliveries.delivery_days', 0.9) }}
            as p90_delivery_days,
        avg(order_deliveries.review_score) as mean_review_score,
        sum(order_categories.category_price) as items_price
    from order_categories
    inner join order_deliveries
        on order_categories.order_id = order_deliveries.order_id
    group by 1
),

final as (
    select
        cast(category_name_english as varchar) as category_name_english,
        cast(order_count as bigint) as order_count,
        cast(delivered_order_count as bigint) as delivered_order_count,
        cast(timed_delivery_count as bigint) as timed_delivery_count,
        cast(late_delivery_count as bigint) as late_delivery_count,
        cast(
            -- A fixed-scale numerator: Trino's decimal division keeps the
            -- operands' scale, 1.0 * n / d would round to one decimal.
            cast(late_delivery_count as decimal(18, 6))
            / nullif(timed_delivery_count, 0)
            as decimal(5, 4)
        ) as late_rate,
        cast(mean_delivery_days as decimal(10, 2)) as mean_delivery_days,
        cast(p50_delivery_days as decimal(10, 2)) as p50_delivery_days,
        cast(p90_delivery_days as decimal(10, 2)) as p90_delivery_days,
        cast(mean_review_score as decimal(4, 2)) as mean_review_score,
        cast(items_price as decimal(18, 2)) as items_price
    from by_category
)

select * from final
