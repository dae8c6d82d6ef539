{#
    The newest row of each key of a raw relation (a CTE or relation name),
    as a select to wrap in a CTE. For sources whose loads can leave a key
    twice; order_by names loader metadata that differs between loads (a
    dlt load id), newest first, so the row the last load wrote wins. A
    source replaced whole on every load has nothing to dedupe: do not use it
    there. A subquery rather than `qualify`, which Postgres lacks.
#}
{% macro latest_per_key(relation, key_columns, order_by) -%}
    select * from (
        select
            *,
            row_number() over (
                partition by {{ key_columns | join(', ') }}
                order by {{ order_by }}
            ) as load_rank
        from {{ relation }}
    ) as ranked
    where load_rank = 1
{%- endmacro %}
