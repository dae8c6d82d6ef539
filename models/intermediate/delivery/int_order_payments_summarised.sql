{{
    config(
        materialized='incremental',
        unique_key='order_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}
-- depends_on: {{ ref('int_orders_touched') }}

with

order_payments as (
    select * from {{ ref('stg_olist__order_payments') }}
    {% if is_incremental() %}
    where order_id in ({{ touched_orders() }})
    {% endif %}
),

payments_ranked as (
    select
        order_id,
        payment_type,
        row_number() over (
            partition by order_id
            order by payment_value desc, payment_number asc
        ) as value_rank
    from order_payments
),

order_totals as (
    select
        order_id,
        count(*) as payment_count,
        sum(payment_value) as payment_value,
        max(installment_count) as installment_count,
        max(
            case when payment_type = 'voucher' then 1 else 0 end
        ) as voucher_flag
    from order_payments
    group by 1
),

final as (
    select
        order_totals.order_id,
        -- The method that paid the largest share stands for the order.
        payments_ranked.payment_type as main_payment_type,
        cast(order_totals.payment_count as integer) as payment_count,
        cast(order_totals.payment_value as decimal(18, 2)) as payment_value,
        cast(order_totals.installment_count as integer) as installment_count,
        order_totals.voucher_flag = 1 as has_voucher
    from order_totals
    left outer join payments_ranked
        on
            order_totals.order_id = payments_ranked.order_id
            and payments_ranked.value_rank = 1
)

select * from final
