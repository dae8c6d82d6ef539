{#
    Elapsed time between two timestamps in days, with the fraction kept
    (36 hours -> 1.50), rounded half away from zero to `scale` places and
    exact on every engine (see rounded_ratio). dbt.datediff(..., 'day')
    counts midnights crossed instead, which turns 23:59 -> 00:01 into a day.
#}
{% macro days_between(start_at, end_at, scale=2) -%}
    {{ rounded_ratio(microseconds_between(start_at, end_at), 86400000000, scale) }}
{%- endmacro %}

{#- Whole microseconds from start_at to end_at, as a bigint. -#}
{% macro microseconds_between(start_at, end_at) -%}
    {{ return(adapter.dispatch('microseconds_between')(start_at, end_at)) }}
{%- endmacro %}

{% macro default__microseconds_between(start_at, end_at) -%}
    cast(
        extract(epoch from ({{ end_at }}) - ({{ start_at }})) * 1000000
        as bigint
    )
{%- endmacro %}

{% macro duckdb__microseconds_between(start_at, end_at) -%}
    (epoch_us({{ end_at }}) - epoch_us({{ start_at }}))
{%- endmacro %}

{#- date_diff works on the naive timestamps (to_unixtime would first attach
    the session time zone); its smallest unit is the millisecond. -#}
{% macro trino__microseconds_between(start_at, end_at) -%}
    (date_diff('millisecond', {{ start_at }}, {{ end_at }}) * 1000)
{%- endmacro %}


{#
    ISO day of the week of a date or timestamp: 1 = Monday ... 7 = Sunday,
    as an integer on every engine.
#}
{% macro iso_day_of_week(value) -%}
    {{ return(adapter.dispatch('iso_day_of_week')(value)) }}
{%- endmacro %}

{% macro default__iso_day_of_week(value) -%}
    cast(extract(isodow from {{ value }}) as integer)
{%- endmacro %}

{% macro duckdb__iso_day_of_week(value) -%}
    cast(isodow({{ value }}) as integer)
{%- endmacro %}

{% macro trino__iso_day_of_week(value) -%}
    cast(day_of_week({{ value }}) as integer)
{%- endmacro %}
