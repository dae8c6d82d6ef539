{{
    config(
        materialized='incremental',
        unique_key='seller_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        post_hook="{{ delete_emptied_groups() }}",
    )
}}
-- depends_on: {{ ref('int_orders_touched') }}

with

order_deliveries as (
    select * from {{ ref('fct_order_deliveries') }}
    where seller_id is not null
),

{% if is_incremental() %}

{{ groups_to_rebuild('order_deliveries', ['seller_id']) }},

{% endif %}

deliveries_to_aggregate as (
    select order_deliveries.*
    from order_deliveries
    {% if is_incremental() %}
    inner join groups_to_rebuild
        on order_deliveries.seller_id = groups_to_rebuild.seller_id
    {% endif %}
),

aggregated as (
    select
        seller_id,
        cast(max(seller_state) as varchar) as seller_state,
        {{ delivery_measures(between=[
            'cast(' ~ mean('handling_days', 2, input_scale=2)
            ~ ' as decimal(10, 2)) as mean_handling_days',
        ]) }},
        cast(
            {{ mean('review_score', 2) }} as decimal(4, 2)
        ) as mean_review_score,
        cast(sum(items_price) as decimal(18, 2)) as items_price,
        min(ordered_at) as first_ordered_at,
        max(ordered_at) as last_ordered_at
    from deliveries_to_aggregate
    group by 1
),

final as (
    select * from aggregated
    {% if is_incremental() %}
    union all
    {{ emptied_group_rows(['seller_id']) }}
    {% endif %}
)

select * from final
