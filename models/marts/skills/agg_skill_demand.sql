{#
    One row per skill: how many postings ask for it, their share of all
    postings, and the median advertised pay of those postings (annualised, in
    US dollars, where the posting states a pay).
#}
with

postings as (
    select * from {{ ref('int_postings_classified') }}
),

posting_skills as (
    select * from {{ ref('int_posting_skills') }}
),

skills as (
    select * from {{ ref('skills') }}
),

totals as (
    select count(*) as all_postings from postings
),

skill_postings as (
    select
        posting_skills.skill_id,
        postings.posting_id,
        postings.is_open,
        postings.annual_salary_mid_usd
    from posting_skills
    inner join postings
        on posting_skills.posting_id = postings.posting_id
),

per_skill as (
    select
        skill_id,
        count(*) as postings,
        sum(case when is_open then 1 else 0 end) as open_postings,
        count(annual_salary_mid_usd) as postings_with_salary,
        {{ percentile_cont('annual_salary_mid_usd', 0.5) }}
            as median_annual_salary_usd
    from skill_postings
    group by 1
),

final as (
    select
        skills.skill_id,
        skills.skill_name,
        skills.category,
        cast(per_skill.postings as bigint) as postings,
        cast(per_skill.open_postings as bigint) as open_postings,
        {{ share_of('per_skill.postings', 'totals.all_postings') }}
            as share_of_postings,
        cast(per_skill.postings_with_salary as bigint) as postings_with_salary,
        cast(
            per_skill.median_annual_salary_usd as decimal(14, 2)
        ) as median_annual_salary_usd,
        cast(
            rank() over (order by per_skill.postings desc) as integer
        ) as demand_rank
    from per_skill
    inner join skills
        on per_skill.skill_id = skills.skill_id
    cross join totals
)

select * from final
