-- Durations of validly delivered orders run forward in time.
with

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
),

final as (
    select
        order_id,
        estimated_delivery_days,
        handling_days,
        transit_days,
        delivery_days
    from order_deliveries
    where
        delivery_days < 0
        or transit_days < 0
        or handling_days < 0
        or (has_valid_delivery_dates and estimated_delivery_days < 0)
        or (has_valid_delivery_dates and delivery_days is null)
)

select * from final
