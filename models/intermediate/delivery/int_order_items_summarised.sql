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

items_measured as (
    select
        order_items.order_id,
        order_items.seller_id,
        order_items.product_id,
        order_items.price,
        order_items.freight_value,
        order_items.shipping_limit_at,
        products.weight_g,
        products.length_cm * products.height_cm * products.width_cm
            as volume_cm3
    from order_items
    left outer join products
        on order_items.product_id = products.product_id
),

seller_shares as (
    select
        order_id,
        seller_id,
        sum(price) as seller_price,
        count(*) as seller_item_count
    from items_measured
    group by 1, 2
),

-- An order ships from one seller in ~99% of cases; when several sell into
-- it, the one with the largest share of the price represents the order.
sellers_ranked as (
    select
        order_id,
        seller_id,
        row_number() over (
            partition by order_id
            order by seller_price desc, seller_item_count desc, seller_id asc
        ) as seller_rank
    from seller_shares
),

order_totals as (
    select
        order_id,
        count(*) as item_count,
        count(distinct product_id) as product_count,
        count(distinct seller_id) as seller_count,
        sum(price) as items_price,
        sum(freight_value) as freight_value,
        sum(weight_g) as total_weight_g,
        sum(volume_cm3) as total_volume_cm3,
        max(shipping_limit_at) as shipping_limit_at
    from items_measured
    group by 1
),

final as (
    select
        order_totals.order_id,
        sellers_ranked.seller_id as primary_seller_id,
        cast(order_totals.item_count as integer) as item_count,
        cast(order_totals.product_count as integer) as product_count,
        cast(order_totals.seller_count as integer) as seller_count,
        cast(order_totals.items_price as decimal(18, 2)) as items_price,
        cast(order_totals.freight_value as decimal(18, 2)) as freight_value,
        cast(order_totals.total_weight_g as bigint) as total_weight_g,
        cast(order_totals.total_volume_cm3 as bigint) as total_volume_cm3,
        order_totals.shipping_limit_at
    from order_totals
    left outer join sellers_ranked
        on
            order_totals.order_id = sellers_ranked.order_id
            and sellers_ranked.seller_rank = 1
)

select * from final
