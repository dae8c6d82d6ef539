-- An order is late exactly when it was validly delivered after its promised
-- day. Orders not delivered, or whose delivery predates the purchase, must
-- carry no verdict rather than a wrong one.
with

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
),

final as (
    select
        order_id,
        order_status,
        ordered_at,
        delivered_at,
        estimated_delivery_date,
        is_late
    from order_deliveries
    where
        (is_late is not null and not has_valid_delivery_dates)
        or (has_valid_delivery_dates and is_late is null)
        or (has_valid_delivery_dates and delivered_at < ordered_at)
        or (is_late and cast(delivered_at as date) <= estimated_delivery_date)
        or (
            not is_late
            and cast(delivered_at as date) > estimated_delivery_date
        )
        or (is_late is not null and order_status <> 'delivered')
)

select * from final
