with

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
),

daily as (
    select
        ordered_date,
        coalesce(customer_state, 'unknown') as customer_state,
        count(*) as order_count,
        sum(case when is_delivered then 1 else 0 end) as delivered_order_count,
        count(is_late) as timed_delivery_count,
        sum(case when is_late then 1 else 0 end) as late_delivery_count,
        avg(delivery_days) as mean_delivery_days,
        {{ percentile_cont('delivery_days', 0.5) }} as p50_delivery_days,
        {{ percentile_cont('delivery_days', 0.9) }} as p90_delivery_days,
        avg(delay_days) as mean_delay_days
    from order_deliveries
    group by 1, 2
),

final as (
    select
        ordered_date,
        cast(customer_state as varchar) as customer_state,
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
        cast(mean_delay_days as decimal(10, 2)) as mean_delay_days
    from daily
)

select * from final
