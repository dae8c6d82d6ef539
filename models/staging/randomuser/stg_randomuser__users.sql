{#
    One row per app user, with every direct identifier hashed or dropped:
    the e-mail and the login uuid become salted hashes, names, phones,
    street, coordinates, username and national id never leave raw.
    Ages are derived downstream from the birth date (the API's age drifts).
#}
with

users as (
    select * from {{ source('randomuser', 'users') }}
),

-- One row: the warehouse's salt, read here so that its value is never in SQL.
pii_salt as (
    select salt from {{ source('randomuser', 'pii_salt') }}
),

renamed as (
    select
        {{ hash_pii('users.uuid', 'pii_salt.salt') }} as user_key,
        {{ hash_pii('users.email', 'pii_salt.salt', normalise=true) }}
            as email_hash,
        cast(lower(users.gender) as varchar) as gender,
        cast(upper(users.nat) as varchar) as nationality,
        cast(users.location__country as varchar) as country,
        cast(users.location__state as varchar) as state,
        cast(users.location__city as varchar) as city,
        cast(users.location__postcode as varchar) as postcode,
        cast(users.location__timezone__offset as varchar) as timezone_offset,
        cast(users.dob__date as date) as birth_date,
        cast(users.registered__date as {{ dbt.type_timestamp() }})
            as signed_up_at,
        cast(users.api_seed as varchar) as api_seed,
        cast(users.api_page as integer) as api_page,
        cast(users._dlt_load_id as varchar) as load_id
    from users
    -- A left join: without its salt row every hash is null and the not_null
    -- tests stop the build, where a cross join would quietly give no users.
    left outer join pii_salt on true
)

select * from renamed
