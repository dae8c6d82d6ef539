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

orders as (
    select * from {{ ref('stg_olist__orders') }}
    {% if is_incremental() %}
    where order_id in ({{ touched_orders() }})
    {% endif %}
),

customers as (
    select * from {{ ref('stg_olist__customers') }}
),

sellers as (
    select * from {{ ref('stg_olist__sellers') }}
),

order_items as (
    select * from {{ ref('int_order_items_summarised') }}
),

zip_prefixes as (
    select * from {{ ref('int_zip_prefixes_located') }}
),

routes as (
    select
        orders.order_id,
        order_items.primary_seller_id as seller_id,
        sellers.state_code as seller_state,
        sellers.zip_code_prefix as seller_zip_code_prefix,
        customers.customer_unique_id,
        customers.state_code as customer_state,
        customers.zip_code_prefix as customer_zip_code_prefix
    from orders
    left outer join customers
        on orders.customer_id = customers.customer_id
    left outer join order_items
        on orders.order_id = order_items.order_id
    left outer join sellers
        on order_items.primary_seller_id = sellers.seller_id
),

located as (
    select
        routes.*,
        seller_zips.latitude as seller_latitude,
        seller_zips.longitude as seller_longitude,
        customer_zips.latitude as customer_latitude,
        customer_zips.longitude as customer_longitude
    from routes
    left outer join zip_prefixes as seller_zips
        on routes.seller_zip_code_prefix = seller_zips.zip_code_prefix
    left outer join zip_prefixes as customer_zips
        on routes.customer_zip_code_prefix = customer_zips.zip_code_prefix
),

final as (
    select
        order_id,
        seller_id,
        seller_state,
        seller_zip_code_prefix,
        customer_unique_id,
        customer_state,
        customer_zip_code_prefix,
        -- Zip-prefix centroids: a prefix covers a few km, so distances
        -- within one prefix come out as 0.
        cast(
            {{ haversine_km(
                'seller_latitude',
                'seller_longitude',
                'customer_latitude',
                'customer_longitude'
            ) }} as decimal(10, 1)
        ) as distance_km
    from located
)

select * from final
