with

source as (
    select * from {{ source('olist', 'order_payments') }}
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
    from source
)

select * from renamed
