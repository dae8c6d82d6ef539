{#
    One row per seniority level and skill: postings at that level asking for
    the skill, their share of the level's postings and their median
    advertised pay. Seniority is read from the title (int_postings_classified).
#}
with

postings as (
    select * from {{ ref('int_postings_classified') }}
),

posting_skills as (
    select * from {{ ref('int_posting_skills') }}
),

seniority_totals as (
    select
        seniority,
        count(*) as seniority_postings
    from postings
    group by 1
),

per_seniority_skill as (
    select
        postings.seniority,
        postings.seniority_rank,
        posting_skills.skill_id,
        posting_skills.skill_name,
        posting_skills.category,
        count(*) as postings,
        {{ percentile_cont('postings.annual_salary_mid_usd', 0.5) }}
            as median_annual_salary_usd
    from posting_skills
    inner join postings
        on posting_skills.posting_id = postings.posting_id
    group by 1, 2, 3, 4, 5
),

final as (
    select
        {{ dbt.concat([
            "per_seniority_skill.seniority",
            "'|'",
            "per_seniority_skill.skill_id",
        ]) }} as skill_seniority_id,
        per_seniority_skill.seniority,
        cast(per_seniority_skill.seniority_rank as integer) as seniority_rank,
        per_seniority_skill.skill_id,
        per_seniority_skill.skill_name,
        per_seniority_skill.category,
        cast(per_seniority_skill.postings as bigint) as postings,
        cast(
            seniority_totals.seniority_postings as bigint
        ) as seniority_postings,
        {{ share_of(
            'per_seniority_skill.postings',
            'seniority_totals.seniority_postings',
        ) }} as share_of_seniority_postings,
        cast(
            per_seniority_skill.median_annual_salary_usd as decimal(14, 2)
        ) as median_annual_salary_usd
    from per_seniority_skill
    inner join seniority_totals
        on per_seniority_skill.seniority = seniority_totals.seniority
)

select * from final
