-- The daily, route and seller aggregates partition the fact table's orders:
-- their counts must add back up to it.
with

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
),

daily as (
    select * from {{ ref('agg_delivery_performance_daily') }}
),

by_route as (
    select * from {{ ref('agg_delivery_performance_by_route') }}
),

by_seller as (
    select * from {{ ref('agg_delivery_performance_by_seller') }}
),

fact_totals as (
    select
        'fct_order_deliveries' as source_model,
        count(*) as order_count,
        sum(case when is_delivered then 1 else 0 end) as delivered_order_count,
        sum(case when is_late then 1 else 0 end) as late_delivery_count
    from order_deliveries
),

fact_totals_with_seller as (
    select
        'fct_order_deliveries with a seller' as source_model,
        count(*) as order_count,
        sum(case when is_delivered then 1 else 0 end) as delivered_order_count,
        sum(case when is_late then 1 else 0 end) as late_delivery_count
    from order_deliveries
    where seller_id is not null
),

aggregate_totals as (
    select
        'agg_delivery_performance_daily' as source_model,
        sum(order_count) as order_count,
        sum(delivered_order_count) as delivered_order_count,
        sum(late_delivery_count) as late_delivery_count
    from daily
    union all
    select
        'agg_delivery_performance_by_route' as source_model,
        sum(order_count) as order_count,
        sum(delivered_order_count) as delivered_order_count,
        sum(late_delivery_count) as late_delivery_count
    from by_route
),

seller_totals as (
    select
        'agg_delivery_performance_by_seller' as source_model,
        sum(order_count) as order_count,
        sum(delivered_order_count) as delivered_order_count,
        sum(late_delivery_count) as late_delivery_count
    from by_seller
),

mismatches as (
    select aggregate_totals.source_model
    from aggregate_totals
    cross join fact_totals
    where
        aggregate_totals.order_count <> fact_totals.order_count
        or aggregate_totals.delivered_order_count
        <> fact_totals.delivered_order_count
        or aggregate_totals.late_delivery_count
        <> fact_totals.late_delivery_count
    union all
    select seller_totals.source_model
    from seller_totals
    cross join fact_totals_with_seller
    where
        seller_totals.order_count <> fact_totals_with_seller.order_count
        or seller_totals.delivered_order_count
        <> fact_totals_with_seller.delivered_order_count
        or seller_totals.late_delivery_count
        <> fact_totals_with_seller.late_delivery_count
)

select * from mismatches
