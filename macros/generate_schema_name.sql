{#
    Models land in the schema their folder names (staging, intermediate, marts)
    rather than dbt's default "<target schema>_<custom schema>", so BI tools and
    the docs see the same schema names on every engine.

    Two people sharing one Postgres (or Trino) would overwrite each other's
    marts, so a developer sets WAREHOUSE_SCHEMA_PREFIX (say `alice`) and builds
    into alice_staging, alice_marts, ... instead, the way dbt's default prefixes
    with the target schema. Unset or empty, the names are the shared ones
    above. Sources are untouched: raw_* schemas name their own schema.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- set prefix = env_var('WAREHOUSE_SCHEMA_PREFIX', '') | trim | lower -%}
    {%- set schema_name = (
        target.schema if custom_schema_name is none
        else custom_schema_name | trim
    ) -%}
    {%- if not prefix -%}
        {{ schema_name }}
    {%- elif not modules.re.fullmatch('[a-z][a-z0-9_]*', prefix) -%}
        {{ exceptions.raise_compiler_error(
            "WAREHOUSE_SCHEMA_PREFIX: expected letters, digits and underscores"
            ~ " starting with a letter (e.g. alice), got '" ~ prefix ~ "'"
        ) }}
    {%- else -%}
        {{ prefix }}_{{ schema_name }}
    {%- endif -%}
{%- endmacro %}
