with

source as (
    select * from {{ source('olist', 'order_payments') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by order_id, payment_sequential
            order by _loaded_at desc
        ) as load_rank
    from source
),

latest as (
    select * from ranked
    where load_rank = 1
),

renamed as (
    select
        cast(
            {{ dbt.concat([
                'order_id',
                "'-'",
                dbt.cast('payment_sequential', 'varchar'),
            ]) }} as varchar
        ) as order_payment_id,
        cast(order_id as varchar) as order_id,
        cast(payment_sequential as integer) as payment_number,
        cast(lower(payment_type) as varchar) as payment_type,
        cast(payment_installments as integer) as installment_count,
        cast(payment_value as decimal(12, 2)) as payment_value,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from latest
)

select * from renamed
