{#
    A raw table must not come back empty, or far smaller than it has lately
    been: a crashed export, a header-only file let through with
    --allow-empty or a half-copied drop would otherwise flow into green
    marts. `ledger` is the loader's table beside the raw one
    (raw_olist.load_volumes: table_name, row_count, _loaded_at; one row per
    table per load). It is named, not given as source(): a test with two
    parents does not skip the models built on only one of them, and this
    test must skip everything built on the table it guards.

    The baseline is the largest of the last `raw_volume_baseline_loads`
    loads (default 3) *before* the table's own _loaded_at: a load killed
    between the ledger's append and the table's swap is judged right either
    way, and re-running a bad load (a retry) does not make it the baseline.
    Fails, with one row, when the table holds fewer than
    `raw_volume_min_ratio` (default 0.5) times the baseline, or none at all.
    A shrink that is real (or an empty table that is meant to be) is let
    through with --vars '{raw_volume_min_ratio: 0}' until it is the baseline.
#}
{% test volume_holds(model, ledger='load_volumes') %}
    {%- set volumes = model.incorporate(path={'identifier': ledger}) -%}
    {%- set min_ratio = var('raw_volume_min_ratio', 0.5) -%}
    {%- set baseline_loads = var('raw_volume_baseline_loads', 3) -%}

with

current_load as (
    select
        count(*) as row_count,
        max(_loaded_at) as loaded_at
    from {{ model }}
),

earlier_loads as (
    select
        volumes.row_count,
        row_number() over (order by volumes._loaded_at desc) as loads_ago
    from {{ volumes }} as volumes
    cross join current_load
    where
        volumes.table_name = '{{ model.identifier }}'
        and volumes._loaded_at < current_load.loaded_at
),

baseline as (
    select max(row_count) as row_count
    from earlier_loads
    where loads_ago <= {{ baseline_loads }}
)

select
    current_load.row_count,
    baseline.row_count as baseline_row_count
from current_load
cross join baseline
where
    current_load.row_count < {{ min_ratio }} * baseline.row_count
    {%- if min_ratio > 0 %}
        or current_load.row_count = 0
    {%- endif %}

{% endtest %}
