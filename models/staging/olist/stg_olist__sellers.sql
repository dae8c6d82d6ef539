with

source as (
    select * from {{ source('olist', 'sellers') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by seller_id
            order by _loaded_at desc
        ) as load_rank
    from source
),

latest as (
    select * from ranked
    where load_rank = 1
),

renamed as (
    select
        cast(seller_id as varchar) as seller_id,
        cast(seller_zip_code_prefix as varchar) as zip_code_prefix,
        cast(seller_city as varchar) as city,
        cast(upper(seller_state) as varchar) as state_code,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from latest
)

select * from renamed
