-- No two points in Brazil are more than ~4,400 km apart: a longer route
-- means swapped or out-of-country coordinates got into the centroids.
with

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
),

final as (
    select
        order_id,
        seller_state,
        customer_state,
        distance_km
    from order_deliveries
    where distance_km < 0 or distance_km > 4500
)

select * from final
