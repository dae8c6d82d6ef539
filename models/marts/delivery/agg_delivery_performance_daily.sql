{{
    config(
        materialized='incremental',
        unique_key=['ordered_date', 'customer_state'],
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

daily_deliveries as (
    select
        order_id,
        ordered_date,
        cast(coalesce(customer_state, 'unknown') as varchar) as customer_state,
        is_delivered,
        is_late,
        delivery_days,
        delay_days
    from order_deliveries
),

{% if is_incremental() %}

{{ groups_to_rebuild('daily_deliveries', ['ordered_date', 'customer_state']) }},

{% endif %}

deliveries_to_aggregate as (
    select daily_deliveries.*
    from daily_deliveries
    {% if is_incremental() %}
    inner join groups_to_rebuild
        on
            daily_deliveries.ordered_date = groups_to_rebuild.ordered_date
            and daily_deliveries.customer_state
            = groups_to_rebuild.customer_state
    {% endif %}
),

aggregated as (
    select
        ordered_date,
        customer_state,
        {{ delivery_measures() }},
        cast({{ mean('delay_days', 2) }} as decimal(10, 2)) as mean_delay_days
    from deliveries_to_aggregate
    group by 1, 2
),

final as (
    select * from aggregated
    {% if is_incremental() %}
    union all
    {{ emptied_group_rows(['ordered_date', 'customer_state']) }}
    {% endif %}
)

select * from final
