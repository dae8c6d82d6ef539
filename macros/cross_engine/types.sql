{#
    Timestamps keep microseconds on every engine. dbt's type_timestamp() is
    plain `timestamp`, which Trino reads as timestamp(3): milliseconds, where
    DuckDB and Postgres keep microseconds, and a type Iceberg cannot store
    (its tables and views hold timestamp(6) only). Models cast with
    `cast(x as {{ dbt.type_timestamp() }})`; this is dbt's own dispatch, so
    the root project's trino__ version wins.
#}
{% macro trino__type_timestamp() -%}
    timestamp(6)
{%- endmacro %}
