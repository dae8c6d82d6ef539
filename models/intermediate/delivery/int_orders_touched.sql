{{
    config(
        materialized='incremental',
        unique_key='order_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_orders_gone(ref('int_orders_delivery_timed')) }}",
    )
}}

with

orders as (
    select * from {{ ref('int_orders_delivery_timed') }}
),

{% if is_incremental() %}

existing_orders as (
    select
        order_id,
        order_status,
        status_changed_at
    from {{ this }}
),

lookback as (
    select
        {{ dbt.dateadd(
            'day',
            -1 * var('delivery_lookback_days', 30),
            'max(status_changed_at)'
        ) }} as rebuild_from
    from existing_orders
),

{% endif %}

-- The one rebuild rule of the delivery models: new orders, orders whose
-- status or latest step moved, and every order whose latest step is in the
-- lookback window (late reviews, items and payments of recent orders).
orders_touched as (
    select
        orders.order_id,
        orders.order_status,
        orders.status_changed_at
    from orders
    {% if is_incremental() %}
    left outer join existing_orders
        on orders.order_id = existing_orders.order_id
    cross join lookback
    where
        existing_orders.order_id is null
        or existing_orders.order_status <> orders.order_status
        or existing_orders.status_changed_at <> orders.status_changed_at
        or orders.status_changed_at >= lookback.rebuild_from
    {% endif %}
),

final as (
    select
        order_id,
        order_status,
        status_changed_at,
        cast(
            '{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}'
            as {{ dbt.type_timestamp() }}
        ) as touched_at
    from orders_touched
)

select * from final
