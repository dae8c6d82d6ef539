-- fct_order_deliveries is incremental: after any run it must still hold
-- every order of the source, once, and nothing else.
with

orders as (
    select * from {{ ref('stg_olist__orders') }}
),

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
),

missing_from_fact as (
    select
        orders.order_id,
        'missing from fct_order_deliveries' as problem
    from orders
    left outer join order_deliveries
        on orders.order_id = order_deliveries.order_id
    where order_deliveries.order_id is null
),

unknown_to_source as (
    select
        order_deliveries.order_id,
        'not in stg_olist__orders' as problem
    from order_deliveries
    left outer join orders
        on order_deliveries.order_id = orders.order_id
    where orders.order_id is null
),

final as (
    select * from missing_from_fact
    union all
    select * from unknown_to_source
)

select * from final
