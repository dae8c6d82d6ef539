{#
    dbt's is_incremental(), except under sqlfluff: .sqlfluff sets the var
    lint_incremental, so the linter renders (and checks) the incremental
    branch whether or not the model's table exists yet.
#}
{% macro is_incremental() -%}
    {{ return(var('lint_incremental', false) or dbt.is_incremental()) }}
{%- endmacro %}
