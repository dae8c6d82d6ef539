with

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
),

by_route as (
    select
        coalesce(seller_state, 'unknown') as seller_state,
        coalesce(customer_state, 'unknown') as customer_state,
        count(*) as order_count,
        sum(case when is_delivered then 1 else 0 end) as delivered_order_count,
        count(is_late) as timed_delivery_count,
        sum(case when is_late then 1 else 0 end) as late_delivery_count,
        avg(distance_km) as mean_distance_km,
        avg(estimated_delivery_days) as mean_estimated_delivery_days,
        avg(delivery_days) as mean_delivery_days,
        {{ percentile_cont('delivery_days', 0.5) }} as p50_delivery_days,
        {{ percentile_cont('delivery_days', 0.9) }} as p90_delivery_days,
        avg(freight_value) as mean_freight_value
    from order_deliveries
    group by 1, 2
),

final as (
    select
        cast(seller_state as varchar) as seller_state,
        cast(customer_state as varchar) as customer_state,
        cast(seller_state = customer_state as boolean) as is_same_state,
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
        cast(mean_distance_km as decimal(10, 1)) as mean_distance_km,
        cast(mean_estimated_delivery_days as decimal(10, 2))
            as mean_estimated_delivery_days,
        cast(mean_delivery_days as decimal(10, 2)) as mean_delivery_days,
        cast(p50_delivery_days as decimal(10, 2)) as p50_delivery_days,
        cast(p90_delivery_days as decimal(10, 2)) as p90_delivery_days,
        cast(mean_freight_value as decimal(18, 2)) as mean_freight_value
    from by_route
)

select * from final
