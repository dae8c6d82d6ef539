with

source as (
    select * from {{ source('olist', 'orders') }}
),

renamed as (
    select
        cast(order_id as varchar) as order_id,
        cast(customer_id as varchar) as customer_id,
        cast(lower(order_status) as varchar) as order_status,
        cast(
            order_purchase_timestamp as {{ dbt.type_timestamp() }}
        ) as ordered_at,
        cast(order_approved_at as {{ dbt.type_timestamp() }}) as approved_at,
        cast(
            order_delivered_carrier_date as {{ dbt.type_timestamp() }}
        ) as shipped_at,
        cast(
            order_delivered_customer_date as {{ dbt.type_timestamp() }}
        ) as delivered_at,
        -- Promised as a day: the source stores it at midnight.
        cast(order_estimated_delivery_date as date) as estimated_delivery_date,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from renamed
