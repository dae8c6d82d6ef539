{{
    config(
        materialized='incremental',
        unique_key=['seller_state', 'customer_state'],
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_emptied_groups() }}",
    )
}}
-- depends_on: {{ ref('int_orders_touched') }}

with

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
),

routes as (
    select
        order_id,
        cast(coalesce(seller_state, 'unknown') as varchar) as seller_state,
        cast(coalesce(customer_state, 'unknown') as varchar) as customer_state,
        is_delivered,
        is_late,
        distance_km,
        estimated_delivery_days,
        delivery_days,
        freight_value
    from order_deliveries
),

{% if is_incremental() %}

{{ groups_to_rebuild('routes', ['seller_state', 'customer_state']) }},

{% endif %}

routes_to_aggregate as (
    select routes.*
    from routes
    {% if is_incremental() %}
    inner join groups_to_rebuild
        on
            routes.seller_state = groups_to_rebuild.seller_state
            and routes.customer_state = groups_to_rebuild.customer_state
    {% endif %}
),

aggregated as (
    select
        seller_state,
        customer_state,
        cast(seller_state = customer_state as boolean) as is_same_state,
        {{ delivery_measures(between=[
            'cast(' ~ mean('distance_km', 1, input_scale=1)
            ~ ' as decimal(10, 1)) as mean_distance_km',
            'cast(' ~ mean('estimated_delivery_days', 2)
            ~ ' as decimal(10, 2)) as mean_estimated_delivery_days',
        ]) }},
        cast(
            {{ mean('freight_value', 2, input_scale=2) }} as decimal(18, 2)
        ) as mean_freight_value
    from routes_to_aggregate
    group by 1, 2, 3
),

final as (
    select * from aggregated
    {% if is_incremental() %}
    union all
    {{ emptied_group_rows(['seller_state', 'customer_state']) }}
    {% endif %}
)

select * from final
