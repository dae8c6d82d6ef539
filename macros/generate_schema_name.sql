{#
    Models land in the schema their folder names (staging, intermediate, marts)
    rather than dbt's default "<target schema>_<custom schema>", so BI tools and
    the docs see the same schema names on every engine.
#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
