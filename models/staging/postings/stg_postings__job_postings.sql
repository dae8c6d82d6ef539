{#
    One row per job posting, as the newest load wrote each (source, job key).
    dlt merges on that key, but three writers share the table (the board
    crawl, Greenhouse and the reparse command) and nothing checks the raw key
    is unique: a load that appends (a replayed or half-aborted package) would
    otherwise double a posting. The loader never moves last_seen_at back, so
    the newest load is also the newest sighting.
#}
with

source as (
    select * from {{ source('postings', 'job_postings') }}
),

latest as (
    {{ latest_per_key('source', ['source', 'job_key'], '_dlt_load_id desc') }}
),

renamed as (
    select
        {{ dbt.concat(["source", "':'", "job_key"]) }} as posting_id,
        cast(source as varchar) as source_name,
        cast(job_key as varchar) as job_key,
        cast(title as varchar) as title,
        cast(company as varchar) as company_name,
        cast(location as varchar) as location_name,
        cast(city as varchar) as city,
        cast(upper(region) as varchar) as region_code,
        cast(country as varchar) as country,
        coalesce(is_remote, false) as is_remote,
        case
            when lower(location) like '%hybrid%' then 'hybrid'
            when is_remote then 'remote'
            else 'onsite'
        end as work_arrangement,
        cast(job_types as varchar) as job_types,
        cast(department as varchar) as department,
        cast(salary_text as varchar) as salary_text,
        cast(salary_min as decimal(14, 2)) as salary_min,
        cast(salary_max as decimal(14, 2)) as salary_max,
        cast(salary_period as varchar) as salary_period,
        cast(upper(salary_currency) as varchar) as salary_currency,
        coalesce(is_salary_estimated, false) as is_salary_estimated,
        cast(snippet_text as varchar) as snippet_text,
        cast(description_text as varchar) as description_text,
        cast(description_html as varchar) as description_html,
        json_ld is not null as has_json_ld,
        cast(posted_at as {{ dbt.type_timestamp() }}) as posted_at,
        cast(detail_url as varchar) as detail_url,
        cast(search_query as varchar) as search_query,
        cast(search_location as varchar) as search_location,
        cast(landing_path as varchar) as landing_path,
        cast(scraped_at as {{ dbt.type_timestamp() }}) as scraped_at,
        cast(first_seen_at as {{ dbt.type_timestamp() }}) as first_seen_at,
        cast(last_seen_at as {{ dbt.type_timestamp() }}) as last_seen_at,
        cast(crawl_id as varchar) as crawl_id,
        cast(_dlt_load_id as varchar) as load_id
    from latest
)

select * from renamed
