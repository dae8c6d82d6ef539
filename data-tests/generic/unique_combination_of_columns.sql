{#
    A model's key made of several columns: no two rows may share the same
    values in all of them. Same name and arguments as dbt_utils' test (the
    dbt Hub is out of reach here), so `combination_of_columns` reads the same
    to anyone who knows that package. Each failing row is one duplicated
    combination with how often it occurs. Rows where a key column is null
    group together like any other value: pair this with not_null on each
    key column.
#}
{% test unique_combination_of_columns(
    model, combination_of_columns, quote_columns=false
) %}
    {#- Checked while dbt parses, so a typo fails before anything runs. -#}
    {%- if combination_of_columns is string
        or combination_of_columns is not iterable
        or combination_of_columns | length == 0 -%}
        {{ exceptions.raise_compiler_error(
            "unique_combination_of_columns: expected combination_of_columns"
            ~ " to be a list of column names, got "
            ~ combination_of_columns | string
        ) }}
    {%- endif -%}
    {%- set key_columns = [] -%}
    {%- for column in combination_of_columns -%}
        {%- do key_columns.append(
            adapter.quote(column) if quote_columns else column
        ) -%}
    {%- endfor %}

with

duplicated_combinations as (
    select
        {% for column in key_columns -%}
            {{ column }},
        {% endfor -%}
        count(*) as occurrences
    from {{ model }}
    group by {% for column in key_columns -%}
        {{ loop.index }}{{ ', ' if not loop.last }}
    {%- endfor %}
    having count(*) > 1
)

select * from duplicated_combinations

{% endtest %}
