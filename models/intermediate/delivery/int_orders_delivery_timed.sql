with

orders as (
    select * from {{ ref('stg_olist__orders') }}
),

flagged as (
    select
        *,
        cast(ordered_at as date) as ordered_date,
        -- Steps are recorded in order, but real rows skip or misorder some:
        -- the latest one present is when the status last moved.
        greatest(
            ordered_at,
            coalesce(approved_at, ordered_at),
            coalesce(shipped_at, ordered_at),
            coalesce(delivered_at, ordered_at)
        ) as status_changed_at,
        coalesce(
            order_status = 'delivered' and delivered_at is not null, false
        ) as is_delivered
    from orders
),

validated as (
    select
        *,
        -- Delivery measures are only trusted when the dates can be true.
        coalesce(
            is_delivered
            and delivered_at >= ordered_at
            and estimated_delivery_date >= ordered_date,
            false
        ) as has_valid_delivery_dates
    from flagged
),

measured as (
    select
        *,
        {{ dbt.datediff('ordered_date', 'estimated_delivery_date', 'day') }}
            as estimated_days_raw,
        {{ days_between('ordered_at', 'shipped_at') }} as handling_days_raw,
        {{ days_between('shipped_at', 'delivered_at') }} as transit_days_raw,
        {{ days_between('ordered_at', 'delivered_at') }} as delivery_days_raw,
        -- The promise is a day: delivered any time on it is on time.
        {{ dbt.datediff(
            'estimated_delivery_date', 'cast(delivered_at as date)', 'day'
        ) }} as delay_days_raw
    from validated
),

final as (
    select
        order_id,
        customer_id,
        order_status,
        ordered_at,
        ordered_date,
        approved_at,
        shipped_at,
        delivered_at,
        estimated_delivery_date,
        status_changed_at,
        is_delivered,
        has_valid_delivery_dates,
        cast(estimated_days_raw as integer) as estimated_delivery_days,
        case
            when shipped_at >= ordered_at
                then cast(handling_days_raw as decimal(10, 2))
        end as handling_days,
        case
            when has_valid_delivery_dates and delivered_at >= shipped_at
                then cast(transit_days_raw as decimal(10, 2))
        end as transit_days,
        case
            when has_valid_delivery_dates
                then cast(delivery_days_raw as decimal(10, 2))
        end as delivery_days,
        case
            when has_valid_delivery_dates
                then cast(delay_days_raw as integer)
        end as delay_days,
        case
            when has_valid_delivery_dates then delay_days_raw > 0
        end as is_late
    from measured
)

select * from final
