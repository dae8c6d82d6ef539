with

source as (
    select * from {{ source('olist', 'order_items') }}
),

renamed as (
    select
        cast(
            {{ dbt.concat([
                'order_id',
                "'-'",
                dbt.cast('order_item_id', 'varchar'),
            ]) }} as varchar
        ) as order_item_id,
        cast(order_id as varchar) as order_id,
        cast(order_item_id as integer) as item_number,
        cast(product_id as varchar) as product_id,
        cast(seller_id as varchar) as seller_id,
        cast(
            shipping_limit_date as {{ dbt.type_timestamp() }}
        ) as shipping_limit_at,
        cast(price as decimal(12, 2)) as price,
        cast(freight_value as decimal(12, 2)) as freight_value,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from source
)

select * from renamed
