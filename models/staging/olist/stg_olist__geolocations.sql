with

source as (
    select * from {{ source('olist', 'geolocation') }}
),

renamed as (
    select
        cast(geolocation_zip_code_prefix as varchar) as zip_code_prefix,
        cast(geolocation_lat as double precision) as latitude,
        cast(geolocation_lng as double precision) as longitude,
        cast(geolocation_city as varchar) as city,
        cast(upper(geolocation_state) as varchar) as state_code
    from source
),

-- The file repeats rows verbatim and across loads; a point counts once.
distinct_points as (
    select distinct
        zip_code_prefix,
        latitude,
        longitude,
        city,
        state_code
    from renamed
),

final as (
    select
        {{ dbt.hash(dbt.concat([
            'zip_code_prefix',
            "'|'",
            dbt.cast('latitude', 'varchar'),
            "'|'",
            dbt.cast('longitude', 'varchar'),
            "'|'",
            "coalesce(city, '')",
            "'|'",
            "coalesce(state_code, '')",
        ])) }} as geolocation_id,
        zip_code_prefix,
        latitude,
        longitude,
        city,
        state_code
    from distinct_points
)

select * from final
