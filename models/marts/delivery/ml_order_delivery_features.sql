with

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
),

order_items as (
    select * from {{ ref('int_order_items_summarised') }}
),

order_payments as (
    select * from {{ ref('int_order_payments_summarised') }}
),

states as (
    select * from {{ ref('brazilian_states') }}
),

-- Only orders whose outcome is known and trustworthy get a label.
labelled_orders as (
    select * from order_deliveries
    where has_valid_delivery_dates
),

-- Everything below is known when the customer clicks "buy": the basket,
-- the payment plan, the addresses and the promised date. Approval,
-- hand-over, delivery and review come later and stay out.
final as (
    select
        labelled_orders.order_id,
        labelled_orders.ordered_at,
        cast(
            extract(hour from labelled_orders.ordered_at) as integer
        ) as purchase_hour,
        {{ iso_day_of_week('labelled_orders.ordered_at') }}
            as purchase_day_of_week,
        cast(
            extract(month from labelled_orders.ordered_at) as integer
        ) as purchase_month,
        labelled_orders.estimated_delivery_days,
        labelled_orders.item_count,
        coalesce(order_items.product_count, 0) as product_count,
        labelled_orders.seller_count,
        labelled_orders.items_price,
        labelled_orders.freight_value,
        cast(
            {{ rounded_ratio(
                'labelled_orders.freight_value * 100',
                '(labelled_orders.items_price + labelled_orders.freight_value)'
                ~ ' * 100',
                4
            ) }} as decimal(5, 4)
        ) as freight_share,
        order_items.total_weight_g,
        order_items.total_volume_cm3,
        order_payments.main_payment_type,
        order_payments.installment_count,
        coalesce(order_payments.has_voucher, false) as has_voucher,
        labelled_orders.customer_state,
        customer_states.region as customer_region,
        labelled_orders.seller_state,
        seller_states.region as seller_region,
        coalesce(
            labelled_orders.customer_state = labelled_orders.seller_state,
            false
        ) as is_same_state,
        labelled_orders.distance_km,
        labelled_orders.is_late
    from labelled_orders
    left outer join order_items
        on labelled_orders.order_id = order_items.order_id
    left outer join order_payments
        on labelled_orders.order_id = order_payments.order_id
    left outer join states as customer_states
        on labelled_orders.customer_state = customer_states.state_code
    left outer join states as seller_states
        on labelled_orders.seller_state = seller_states.state_code
)

select * from final
