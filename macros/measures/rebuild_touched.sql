{#
    How the incremental delivery models find what a run has to rebuild.

    int_orders_touched stamps every order a run picks up (new, status moved,
    or within delivery_lookback_days of the newest step) with the run's
    start. The per-order models rebuild exactly those orders; the
    aggregates rebuild exactly the groups those orders fall in, plus the
    groups an order left. A model that calls these macros inside its
    is_incremental() block declares the dependency itself, at the top:
    `-- depends_on: {{ ref('int_orders_touched') }}` (dbt parses the
    full-refresh branch only).
#}

{#- The order_ids the latest run of int_orders_touched picked up. -#}
{% macro touched_orders() -%}
    select order_id from {{ ref('int_orders_touched') }}
    where touched_at = (
        select max(touched_at) from {{ ref('int_orders_touched') }}
    )
{%- endmacro %}

{#- `left.key = right.key and ...` over the group key columns. -#}
{% macro keys_match(left, right, keys) -%}
    {%- for key in keys %}
        {{ 'and ' if not loop.first }}{{ left }}.{{ key }} = {{ right }}.{{ key }}
    {%- endfor %}
{%- endmacro %}

{#
    CTEs for an aggregate over `rows` (a CTE with order_id and the group
    `keys`), incremental by group: groups_to_rebuild holds the groups a
    touched order is in now, and those whose order count in {{ this }} no
    longer matches `rows` (an order moved to another group, or left the
    fact); emptied_groups are the ones with no order left. Counting the
    current groups reads only the key columns, with no sort: the exact
    percentiles are what is expensive, and they are recomputed only for
    groups_to_rebuild.
#}
{% macro groups_to_rebuild(rows, keys) -%}
    {%- set key_list = keys | join(', ') -%}
touched_orders as (
    {{ touched_orders() }}
),

touched_groups as (
    select distinct
        {%- for key in keys %}
        {{ rows }}.{{ key }}{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ rows }}
    inner join touched_orders
        on {{ rows }}.order_id = touched_orders.order_id
),

current_group_sizes as (
    select
        {{ key_list }},
        count(*) as order_count
    from {{ rows }}
    group by {% for key in keys %}{{ loop.index }}{{ ', ' if not loop.last }}{% endfor %}
),

resized_groups as (
    select
        {%- for key in keys %}
        existing_groups.{{ key }},
        {%- endfor %}
        current_group_sizes.order_count is null as is_emptied
    from {{ this }} as existing_groups
    left outer join current_group_sizes
        on {{ keys_match('existing_groups', 'current_group_sizes', keys) }}
    where
        current_group_sizes.order_count is null
        or current_group_sizes.order_count <> existing_groups.order_count
),

groups_to_rebuild as (
    select {{ key_list }} from touched_groups
    union
    select {{ key_list }} from resized_groups
),

emptied_groups as (
    select {{ key_list }} from resized_groups
    where is_emptied
)
{%- endmacro %}

{#
    One placeholder row per emptied group, typed by the model's contract:
    its keys, every other column null. delete+insert on the group key then
    removes the group's old row, and the post-hook
    delete_emptied_groups() removes the placeholder.
#}
{% macro emptied_group_rows(keys) -%}
    select
        {%- for column in model.columns.values() %}
        {%- if column.name in keys %}
        emptied_groups.{{ column.name }}
        {%- else %}
        cast(null as {{ column.data_type }}) as {{ column.name }}
        {%- endif %}{{ ',' if not loop.last }}
        {%- endfor %}
    from emptied_groups
{%- endmacro %}

{#- Post-hook of the incremental aggregates: drop the placeholders. -#}
{% macro delete_emptied_groups() -%}
    delete from {{ this }} where order_count is null
{%- endmacro %}

{#-
    The post-hook of every per-order incremental model: the orders that
    left the latest full snapshot leave the model too. int_orders_touched
    follows stg_olist__orders (the snapshot); the others follow it. Written
    as `in (... except ...)` for every engine: Postgres plans that as a
    hash semi-join, where `not in (subquery)` over a million keys would
    fall back to a nested loop. Deletes nothing on a first build.
-#}
{% macro delete_orders_gone(orders) -%}
    delete from {{ this }}
    where order_id in (
        select order_id from {{ this }}
        except
        select order_id from {{ orders }}
    )
{%- endmacro %}
