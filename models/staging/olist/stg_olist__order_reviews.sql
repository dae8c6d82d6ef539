with

source as (
    select * from {{ source('olist', 'order_reviews') }}
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
    from source
)

select * from renamed
