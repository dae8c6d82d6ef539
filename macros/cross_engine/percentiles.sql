{#
    percentile_cont(expression, fraction): the continuous (interpolated)
    percentile of a group, as an aggregate, with the same digits on every
    engine. For n non-null values sorted v[1..n] and h = (n - 1) * fraction,
    it is v[floor(h) + 1] + (v[ceil(h) + 1] - v[floor(h) + 1]) * (h - floor(h)),
    SQL's percentile_cont. It is computed from the group's sorted values in
    exact arithmetic, so give it an exact expression (an integer or a
    decimal) and round the result with a cast.

    Cost: each group's values are held in memory and sorted; fine for the
    groups these marts have (a day and state, a seller, a route), heavy for
    a group of many millions of rows. approx_percentile() below is the
    bounded-memory alternative (Trino's t-digest), when an approximate
    figure is acceptable.
#}
{% macro percentile_cont(expression, fraction) -%}
    {%- set position = '((count(' ~ expression ~ ') - 1) * cast(' ~ fraction
        ~ ' as decimal(4, 3)))' -%}
    {%- set lower = sorted_value(expression,
        'cast(floor(' ~ position ~ ') as integer) + 1') -%}
    {%- set upper = sorted_value(expression,
        'cast(ceiling(' ~ position ~ ') as integer) + 1') -%}
    ({{ lower }} + ({{ upper }} - {{ lower }})
        * ({{ position }} - floor({{ position }})))
{%- endmacro %}

{#- The value at 1-based `position` of the group's non-null values, sorted. -#}
{% macro sorted_value(expression, position) -%}
    {{ return(adapter.dispatch('sorted_value')(expression, position)) }}
{%- endmacro %}

{% macro default__sorted_value(expression, position) -%}
    (array_agg({{ expression }} order by {{ expression }})
        filter (where {{ expression }} is not null))[{{ position }}]
{%- endmacro %}

{% macro trino__sorted_value(expression, position) -%}
    element_at(
        array_sort(
            array_agg({{ expression }}) filter (where {{ expression }} is not null)
        ),
        {{ position }}
    )
{%- endmacro %}

{#
    approx_percentile(expression, fraction): an approximate percentile in
    bounded memory, for very large groups. Only Trino approximates
    (t-digest); DuckDB and Postgres give the exact value. Not used by the
    marts: their figures must agree across engines.
#}
{% macro approx_percentile(expression, fraction) -%}
    {{ return(adapter.dispatch('approx_percentile')(expression, fraction)) }}
{%- endmacro %}

{% macro default__approx_percentile(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (
        order by cast({{ expression }} as double precision)
    )
{%- endmacro %}

{% macro duckdb__approx_percentile(expression, fraction) -%}
    approx_quantile(cast({{ expression }} as double), {{ fraction }})
{%- endmacro %}

{% macro trino__approx_percentile(expression, fraction) -%}
    approx_percentile(cast({{ expression }} as double), {{ fraction }})
{%- endmacro %}
