{#
    One row per app user, with every direct identifier hashed or dropped:
    the e-mail and the login uuid become salted hashes, names, phones,
    street, coordinates, username and national id never leave raw.
    Ages are derived downstream from the birth date (the API's age drifts).
#}
with

source as (
    select * from {{ source('randomuser', 'users') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by uuid
            order by _dlt_load_id desc
        ) as load_rank
    from source
),

latest as (
    select * from ranked
    where load_rank = 1
),

renamed as (
    select
        {{ hash_pii('uuid') }} as user_key,
        {{ hash_pii('email', normalise=true) }} as email_hash,
        cast(lower(gender) as varchar) as gender,
        cast(upper(nat) as varchar) as nationality,
        cast(location__country as varchar) as country,
        cast(location__state as varchar) as state,
        cast(location__city as varchar) as city,
        cast(location__postcode as varchar) as postcode,
        cast(location__timezone__offset as varchar) as timezone_offset,
        cast(dob__date as date) as birth_date,
        cast(registered__date as {{ dbt.type_timestamp() }}) as signed_up_at,
        cast(api_seed as varchar) as api_seed,
        cast(api_page as integer) as api_page,
        cast(_dlt_load_id as varchar) as load_id
    from latest
)

select * from renamed
