with

source as (
    select * from {{ source('pipeline', 'runs') }}
),

renamed as (
    select
        cast(run_id as varchar) as run_id,
        cast(source as varchar) as source_name,
        cast(kind as varchar) as run_kind,
        cast(status as varchar) as status,
        cast(target as varchar) as target_name,
        cast(started_at as {{ dbt.type_timestamp() }}) as started_at,
        cast(finished_at as {{ dbt.type_timestamp() }}) as finished_at,
        cast(duration_s as double precision) as duration_seconds,
        cast(rows_extracted as bigint) as rows_extracted,
        cast(rows_loaded as bigint) as rows_loaded,
        cast(rows_rejected as bigint) as rows_rejected,
        cast(error_message as varchar) as error_message,
        cast(recorded_at as {{ dbt.type_timestamp() }}) as recorded_at
    from source
)

select * from renamed
