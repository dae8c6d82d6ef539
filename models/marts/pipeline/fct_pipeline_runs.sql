with

runs as (
    select * from {{ ref('stg_pipeline__runs') }}
),

timings as (
    select * from {{ ref('stg_pipeline__model_timings') }}
),

ranked_nodes as (
    select
        run_id,
        node_id,
        execution_seconds,
        status,
        row_number() over (
            partition by run_id
            order by execution_seconds desc, node_id asc
        ) as slowness_rank
    from timings
),

nodes_per_run as (
    select
        run_id,
        count(*) as nodes_run,
        sum(
            case
                when status in ('error', 'fail', 'runtime error') then 1
                else 0
            end
        ) as nodes_failed,
        max(
            case when slowness_rank = 1 then node_id end
        ) as slowest_node_id,
        max(
            case when slowness_rank = 1 then execution_seconds end
        ) as slowest_node_seconds
    from ranked_nodes
    group by 1
),

final as (
    select
        runs.run_id,
        runs.source_name,
        runs.run_kind,
        runs.status,
        runs.target_name,
        runs.started_at,
        runs.finished_at,
        runs.duration_seconds,
        runs.rows_extracted,
        runs.rows_loaded,
        runs.rows_rejected,
        nodes_per_run.slowest_node_id,
        nodes_per_run.slowest_node_seconds,
        runs.error_message,
        cast(runs.started_at as date) as started_date,
        cast(coalesce(nodes_per_run.nodes_run, 0) as integer) as nodes_run,
        cast(
            coalesce(nodes_per_run.nodes_failed, 0) as integer
        ) as nodes_failed,
        runs.status = 'failed' as is_failed
    from runs
    left outer join nodes_per_run
        on runs.run_id = nodes_per_run.run_id
)

select * from final
