with

timings as (
    select * from {{ ref('stg_pipeline__model_timings') }}
),

ranked as (
    select
        *,
        case
            when status in ('error', 'fail', 'runtime error') then 1
            else 0
        end as is_failure,
        row_number() over (
            partition by node_id
            order by completed_at desc, run_id desc
        ) as recency_rank
    from timings
),

per_node as (
    select
        node_id,
        max(resource_type) as resource_type,
        count(*) as runs,
        sum(is_failure) as failures,
        avg(execution_seconds) as avg_execution_seconds,
        max(execution_seconds) as max_execution_seconds,
        max(
            case when recency_rank = 1 then execution_seconds end
        ) as last_execution_seconds,
        max(case when recency_rank = 1 then status end) as last_status,
        max(case when recency_rank = 1 then completed_at end) as last_run_at,
        max(
            case when recency_rank = 1 and is_failure = 1 then message end
        ) as last_error_message
    from ranked
    group by 1
),

final as (
    select
        node_id,
        resource_type,
        cast(runs as integer) as runs,
        cast(failures as integer) as failures,
        cast(
            avg_execution_seconds as double precision
        ) as avg_execution_seconds,
        cast(
            max_execution_seconds as double precision
        ) as max_execution_seconds,
        cast(
            last_execution_seconds as double precision
        ) as last_execution_seconds,
        last_status,
        last_run_at,
        last_error_message
    from per_node
)

select * from final
