{#
    Continuous percentile (interpolated) of an expression, as an aggregate:
    percentile_cont('delivery_days', 0.9) in a grouped select. Trino has only
    an approximate percentile (t-digest); on sample-sized groups it matches
    the exact value closely, not to the last digit.
#}
{% macro percentile_cont(expression, fraction) -%}
    {{ return(adapter.dispatch('percentile_cont')(expression, fraction)) }}
{%- endmacro %}

{% macro default__percentile_cont(expression, fraction) -%}
    percentile_cont({{ fraction }}) within group (order by {{ expression }})
{%- endmacro %}

{#- As a double, like Postgres: on decimals DuckDB interpolates in the
    decimal's own scale and rounds differently. -#}
{% macro duckdb__percentile_cont(expression, fraction) -%}
    quantile_cont(cast({{ expression }} as double), {{ fraction }})
{%- endmacro %}

{% macro trino__percentile_cont(expression, fraction) -%}
    {#- approx_percentile takes bigint, real or double, not decimal. -#}
    approx_percentile(cast({{ expression }} as double), {{ fraction }})
{%- endmacro %}
