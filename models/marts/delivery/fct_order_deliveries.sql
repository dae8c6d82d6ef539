{{
    config(
        materialized='incremental',
        unique_key='order_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
        post_hook="{{ delete_orders_gone(ref('int_orders_touched')) }}",
    )
}}
-- depends_on: {{ ref('int_orders_touched') }}

with

orders as (
    select * from {{ ref('int_orders_delivery_timed') }}
),

order_items as (
    select * from {{ ref('int_order_items_summarised') }}
),

order_payments as (
    select * from {{ ref('int_order_payments_summarised') }}
),

order_reviews as (
    select * from {{ ref('int_order_reviews_summarised') }}
),

order_routes as (
    select * from {{ ref('int_order_routes_measured') }}
),

{% if is_incremental() %}

-- The orders this run rebuilds: int_orders_touched decides, for the fact and
-- every incremental delivery model alike (macros/measures/rebuild_touched.sql).
orders_to_rebuild as (
    {{ touched_orders() }}
),

{% endif %}

final as (
    select
        orders.order_id,
        orders.customer_id,
        order_routes.customer_unique_id,
        order_routes.seller_id,
        orders.order_status,
        orders.ordered_at,
        orders.ordered_date,
        orders.approved_at,
        orders.shipped_at,
        orders.delivered_at,
        orders.estimated_delivery_date,
        orders.status_changed_at,
        orders.is_delivered,
        orders.has_valid_delivery_dates,
        orders.estimated_delivery_days,
        orders.handling_days,
        orders.transit_days,
        orders.delivery_days,
        orders.delay_days,
        orders.is_late,
        cast(coalesce(order_items.item_count, 0) as integer) as item_count,
        cast(coalesce(order_items.seller_count, 0) as integer) as seller_count,
        cast(
            coalesce(order_items.items_price, 0) as decimal(18, 2)
        ) as items_price,
        cast(
            coalesce(order_items.freight_value, 0) as decimal(18, 2)
        ) as freight_value,
        order_payments.payment_value,
        order_payments.main_payment_type,
        order_routes.customer_state,
        order_routes.seller_state,
        order_routes.distance_km,
        order_reviews.review_score
    from orders
    {% if is_incremental() %}
    inner join orders_to_rebuild
        on orders.order_id = orders_to_rebuild.order_id
    {% endif %}
    left outer join order_items
        on orders.order_id = order_items.order_id
    left outer join order_payments
        on orders.order_id = order_payments.order_id
    left outer join order_reviews
        on orders.order_id = order_reviews.order_id
    left outer join order_routes
        on orders.order_id = order_routes.order_id
)

select * from final
