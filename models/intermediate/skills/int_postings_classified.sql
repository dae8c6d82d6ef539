{#
    Postings with what the marts group by: seniority read from the title, pay
    annualised to US dollars a year, the week the posting appeared, a location
    group, and whether the posting is still open (seen in its source's latest
    crawls: within `postings_open_window_hours`, default 72, of the newest
    sighting of that source).
#}
with

postings as (
    select * from {{ ref('stg_postings__job_postings') }}
),

with_seniority as (
    select
        *,
        case
            when {{ regex_contains('title', regex_whole_word(
                "'intern|internship|co-op|apprentice'"), true) }}
                then 'intern'
            when {{ regex_contains('title', regex_whole_word(
                "'manager|director|head of|vp|vice president'"), true) }}
                then 'manager'
            when {{ regex_contains('title', regex_whole_word(
                "'staff|principal|distinguished'"), true) }}
                then 'staff'
            when {{ regex_contains('title', regex_whole_word("'lead'"), true) }}
                then 'lead'
            when {{ regex_contains('title', regex_whole_word(
                "'senior|sr\\.?|iii|iv'"), true) }}
                then 'senior'
            when {{ regex_contains('title', regex_whole_word(
                "'junior|jr\\.?|entry[- ]level|associate|graduate|i'"), true) }}
                then 'junior'
            else 'mid'
        end as seniority
    from postings
),

annualised as (
    select
        *,
        case salary_period
            when 'hour' then 2080
            when 'day' then 260
            when 'week' then 52
            when 'month' then 12
            when 'year' then 1
        end as periods_per_year,
        coalesce(
            -- Exact: half a cent needs a third decimal (see rounded_ratio).
            {{ rounded_ratio('(salary_min + salary_max) * 100', 200, 3) }},
            salary_min,
            salary_max
        ) as salary_mid
    from with_seniority
),

sightings as (
    select
        *,
        max(last_seen_at) over (partition by source_name) as source_last_seen_at
    from annualised
),

final as (
    select
        posting_id,
        source_name,
        job_key,
        title,
        seniority,
        case seniority
            when 'intern' then 1
            when 'junior' then 2
            when 'mid' then 3
            when 'senior' then 4
            when 'lead' then 5
            when 'staff' then 6
            when 'manager' then 7
        end as seniority_rank,
        company_name,
        location_name,
        city,
        region_code,
        is_remote,
        work_arrangement,
        case
            when work_arrangement = 'remote' then 'Remote'
            when city is not null and region_code is not null
                then {{ dbt.concat(["city", "', '", "region_code"]) }}
            else coalesce(location_name, 'Unknown')
        end as location_group,
        job_types,
        salary_text,
        salary_period,
        salary_currency,
        is_salary_estimated,
        salary_min,
        salary_max,
        case
            when salary_currency = 'USD'
                then cast(salary_min * periods_per_year as decimal(14, 2))
        end as annual_salary_min_usd,
        case
            when salary_currency = 'USD'
                then cast(salary_max * periods_per_year as decimal(14, 2))
        end as annual_salary_max_usd,
        case
            when salary_currency = 'USD'
                then cast(salary_mid * periods_per_year as decimal(14, 2))
        end as annual_salary_mid_usd,
        description_text,
        {{ dbt.hash('description_text') }} as description_hash,
        posted_at,
        cast(
            {{ dbt.date_trunc('week', 'coalesce(posted_at, first_seen_at)') }}
            as date
        ) as posted_week_start_date,
        first_seen_at,
        last_seen_at,
        last_seen_at >= {{ dbt.dateadd(
            'hour',
            -1 * var('postings_open_window_hours', 72),
            'source_last_seen_at',
        ) }} as is_open,
        detail_url,
        landing_path
    from sightings
)

select * from final
