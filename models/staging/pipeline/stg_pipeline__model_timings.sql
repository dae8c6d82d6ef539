with

source as (
    select * from {{ source('pipeline', 'model_timings') }}
),

renamed as (
    select
        {{ dbt.concat(['run_id', "'|'", 'unique_id']) }} as model_timing_id,
        cast(run_id as varchar) as run_id,
        cast(unique_id as varchar) as node_id,
        cast(resource_type as varchar) as resource_type,
        cast(status as varchar) as status,
        cast(started_at as {{ dbt.type_timestamp() }}) as started_at,
        cast(completed_at as {{ dbt.type_timestamp() }}) as completed_at,
        cast(execution_time_s as double precision) as execution_seconds,
        cast(rows_affected as bigint) as rows_affected,
        cast(failures as bigint) as failures,
        cast(message as varchar) as message,
        cast(thread_id as varchar) as thread_id
    from source
)

select * from renamed
