{{
    config(
        materialized='incremental',
        unique_key='order_id',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    )
}}
-- depends_on: {{ ref('int_orders_touched') }}

with

order_reviews as (
    select * from {{ ref('stg_olist__order_reviews') }}
    {% if is_incremental() %}
    where order_id in ({{ touched_orders() }})
    {% endif %}
),

reviews_ranked as (
    select
        order_id,
        review_score,
        answered_at,
        row_number() over (
            partition by order_id
            order by answered_at desc, review_id asc
        ) as recency_rank,
        count(*) over (partition by order_id) as review_count
    from order_reviews
),

-- Some orders were surveyed twice: the latest answer is the one that
-- stands.
final as (
    select
        order_id,
        review_score,
        answered_at as review_answered_at,
        cast(review_count as integer) as review_count
    from reviews_ranked
    where recency_rank = 1
)

select * from final
