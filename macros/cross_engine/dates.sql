{#
    Elapsed time between two timestamps in days, with the fraction kept
    (36 hours -> 1.5). dbt.datediff(..., 'day') counts midnights crossed
    instead, which turns 23:59 -> 00:01 into a whole day.
#}
{% macro days_between(start_at, end_at) -%}
    {{ return(adapter.dispatch('days_between')(start_at, end_at)) }}
{%- endmacro %}

{% macro default__days_between(start_at, end_at) -%}
    (
        extract(epoch from {{ end_at }})
        - extract(epoch from {{ start_at }})
    ) / 86400.0
{%- endmacro %}

{% macro duckdb__days_between(start_at, end_at) -%}
    (epoch({{ end_at }}) - epoch({{ start_at }})) / 86400.0
{%- endmacro %}

{% macro postgres__days_between(start_at, end_at) -%}
    extract(epoch from ({{ end_at }}) - ({{ start_at }})) / 86400.0
{%- endmacro %}

{#- date_diff works on the naive timestamps; to_unixtime would first attach
    the session time zone. -#}
{% macro trino__days_between(start_at, end_at) -%}
    cast(date_diff('millisecond', {{ start_at }}, {{ end_at }}) as double)
    / 86400000
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
