{#
    Great-circle distance in kilometres between two points given in degrees
    (haversine formula, mean Earth radius 6371 km). Null when any input is
    null. The square root is capped at 1 so that rounding on antipodal points
    cannot push asin out of its domain; the cap is a case rather than
    least(), because DuckDB's and Postgres's least() skip nulls and would
    turn a missing point into half the Earth's circumference.
#}
{% macro haversine_km(lat_from, lng_from, lat_to, lng_to) -%}
    {{ return(adapter.dispatch('haversine_km')(
        lat_from, lng_from, lat_to, lng_to
    )) }}
{%- endmacro %}

{# The same SQL runs on DuckDB, Postgres and Trino. #}
{% macro default__haversine_km(lat_from, lng_from, lat_to, lng_to) -%}
    {%- set half_chord -%}
        sqrt(
            power(sin(radians({{ lat_to }} - {{ lat_from }}) / 2), 2)
            + cos(radians({{ lat_from }}))
            * cos(radians({{ lat_to }}))
            * power(sin(radians({{ lng_to }} - {{ lng_from }}) / 2), 2)
        )
    {%- endset -%}
    2 * 6371.0 * asin(
        case
            when {{ half_chord }} > 1.0 then 1.0
            else {{ half_chord }}
        end
    )
{%- endmacro %}
