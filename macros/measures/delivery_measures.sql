{#
    The delivery measures every agg_delivery_performance_* mart reports, for
    a select grouped over fct_order_deliveries rows, already cast to the
    marts' contract types so the four marts cannot drift apart: order and
    delivery counts, the late rate over timed deliveries, and the mean, p50
    and p90 of delivery days.

    `relation` qualifies the fact's columns when the select joins; `between`
    takes further measure columns (SQL, with their alias) that a mart's
    contract places after the late rate and before the delivery days.
#}
{% macro delivery_measures(relation=none, between=[]) -%}
    {%- set prefix = relation ~ '.' if relation else '' -%}
    {%- set is_late = prefix ~ 'is_late' -%}
    {%- set late_count -%}
        sum(case when {{ is_late }} then 1 else 0 end)
    {%- endset -%}
    {%- set delivery_days = prefix ~ 'delivery_days' -%}
    cast(count(*) as bigint) as order_count,
    cast(
        sum(case when {{ prefix }}is_delivered then 1 else 0 end) as bigint
    ) as delivered_order_count,
    cast(count({{ is_late }}) as bigint) as timed_delivery_count,
    cast({{ late_count }} as bigint) as late_delivery_count,
    cast(
        {{ rounded_ratio(late_count, 'count(' ~ is_late ~ ')', 4) }}
        as decimal(5, 4)
    ) as late_rate,
    {%- for column in between %}
    {{ column }},
    {%- endfor %}
    cast(
        {{ mean(delivery_days, 2, input_scale=2) }} as decimal(10, 2)
    ) as mean_delivery_days,
    cast(
        {{ percentile_cont(delivery_days, 0.5) }} as decimal(10, 2)
    ) as p50_delivery_days,
    cast(
        {{ percentile_cont(delivery_days, 0.9) }} as decimal(10, 2)
    ) as p90_delivery_days
{%- endmacro %}
