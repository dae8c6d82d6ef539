{#
    The postings open now: what the postings snapshot tracks. A posting that
    drops out of this set (its source's newer crawls no longer list it) is
    closed in the snapshot.
#}
with

postings as (
    select * from {{ ref('int_postings_classified') }}
),

final as (
    select
        posting_id,
        source_name,
        job_key,
        title,
        company_name,
        location_name,
        salary_text,
        annual_salary_mid_usd,
        description_hash,
        posted_at,
        first_seen_at,
        last_seen_at
    from postings
    where is_open
)

select * from final
