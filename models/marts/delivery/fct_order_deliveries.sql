{{
    config(
        materialized='incremental',
        unique_key='order_id',
        incremental_strategy='delete+insert',
        on_schema_change='append_new_columns',
    )
}}

with

orders as (
    select * from {{ ref('int_orders_delivery_timed') }}
),

customers as (
    select * from {{ ref('stg_olist__customers') }}
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

existing_orders as (
    select
        order_id,
        order_status,
        status_changed_at
    from {{ this }}
),

-- Rebuild new orders, orders whose status or latest step moved, and every
-- order whose latest step falls in the lookback window, so that late
-- reviews, items and payments of recent orders are picked up too.
orders_to_rebuild as (
    select orders.order_id
    from orders
    left join existing_orders
        on orders.order_id = existing_orders.order_id
    where
        existing_orders.order_id is null
        or existing_orders.order_status <> orders.order_status
        or existing_orders.status_changed_at <> orders.status_changed_at
        or orders.status_changed_at >= (
            select
                {{ dbt.dateadd(
                    'day',
                    -1 * var('delivery_lookback_days', 30),
                    'max(status_changed_at)'
                ) }}
            from existing_orders
        )
),

{% endif %}

final as (
    select
        orders.order_id,
        orders.customer_id,
        customers.customer_unique_id,
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
    left outer join customers
        on orders.customer_id = customers.customer_id
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
