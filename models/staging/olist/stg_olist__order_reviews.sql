with

source as (
    select * from {{ source('olist', 'order_reviews') }}
),

-- The same survey can be loaded twice and can cover several orders:
-- (review_id, order_id) is the key, the latest load and answer win.
ranked as (
    select
        *,
        row_number() over (
            partition by review_id, order_id
            order by _loaded_at desc, review_answer_timestamp desc
        ) as load_rank
    from source
),

latest as (
    select * from ranked
    where load_rank = 1
),

renamed as (
    select
        cast(
            {{ dbt.concat(['review_id', "'-'", 'order_id']) }} as varchar
        ) as order_review_id,
        cast(review_id as varchar) as review_id,
        cast(order_id as varchar) as order_id,
        cast(review_score as integer) as review_score,
        cast(review_comment_title as varchar) as comment_title,
        cast(review_comment_message as varchar) as comment_message,
        -- The survey is sent on a day; the source stores it at midnight.
        cast(review_creation_date as date) as review_sent_date,
        cast(
            review_answer_timestamp as {{ dbt.type_timestamp() }}
        ) as answered_at,
        cast(_loaded_at as {{ dbt.type_timestamp() }}) as loaded_at
    from latest
)

select * from renamed
