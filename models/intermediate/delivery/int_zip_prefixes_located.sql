-- A table: routes and their tests read it whole, and a view would average
-- every geolocation point again each time.
{{ config(materialized='table') }}

with

geolocations as (
    select * from {{ ref('stg_olist__geolocations') }}
),

-- A few points in the source are typos that land outside Brazil (or in the
-- ocean); a box around the country, islands included, keeps them out of
-- the centroids.
points_in_brazil as (
    select * from geolocations
    where
        latitude between -34.0 and 6.0
        and longitude between -74.0 and -28.0
),

centroids as (
    select
        zip_code_prefix,
        avg(latitude) as latitude,
        avg(longitude) as longitude,
        count(*) as point_count
    from points_in_brazil
    group by 1
),

final as (
    select
        zip_code_prefix,
        latitude,
        longitude,
        cast(point_count as integer) as point_count
    from centroids
)

select * from final
