with

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
    where seller_id is not null
),

by_seller as (
    select
        seller_id,
        max(seller_state) as seller_state,
        count(*) as order_count,
        sum(case when is_delivered then 1 else 0 end) as delivered_order_count,
        count(is_late) as timed_delivery_count,
        sum(case when is_late then 1 else 0 end) as late_delivery_count,
        avg(handling_days) as mean_handling_days,
        avg(delivery_days) as mean_delivery_days,
        {{ percentile_cont('delivery_days', 0.5) }} as p50_delivery_days,
        {{ percentile_cont('delivery_days', 0.9) }} as p90_delivery_days,
        avg(review_score) as mean_review_score,
        sum(items_price) as items_price,
        min(ordered_at) as first_ordered_at,
        max(ordered_at) as last_ordered_at
    from order_deliveries
    group by 1
),

final as (
    select
        seller_id,
        cast(seller_state as varchar) as seller_state,
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
        cast(mean_handling_days as decimal(10, 2)) as mean_handling_days,
        cast(mean_delivery_days as decimal(10, 2)) as mean_delivery_days,
        cast(p50_delivery_days as decimal(10, 2)) as p50_delivery_days,
        cast(p90_delivery_days as decimal(10, 2)) as p90_delivery_days,
        cast(mean_review_score as decimal(4, 2)) as mean_review_score,
        cast(items_price as decimal(18, 2)) as items_price,
        first_ordered_at,
        last_ordered_at
    from by_seller
)

select * from final
