{#
    One row per location and skill: postings there asking for the skill, their
    share of the location's postings and their median advertised pay. Remote
    postings form their own location, "Remote".
#}
with

postings as (
    select * from {{ ref('int_postings_classified') }}
),

posting_skills as (
    select * from {{ ref('int_posting_skills') }}
),

location_totals as (
    select
        location_group,
        count(*) as location_postings
    from postings
    group by 1
),

per_location_skill as (
    select
        postings.location_group,
        posting_skills.skill_id,
        posting_skills.skill_name,
        posting_skills.category,
        count(*) as postings,
        {{ percentile_cont('postings.annual_salary_mid_usd', 0.5) }}
            as median_annual_salary_usd
    from posting_skills
    inner join postings
        on posting_skills.posting_id = postings.posting_id
    group by 1, 2, 3, 4
),

final as (
    select
        {{ dbt.concat([
            "per_location_skill.location_group",
            "'|'",
            "per_location_skill.skill_id",
        ]) }} as skill_location_id,
        per_location_skill.location_group,
        per_location_skill.skill_id,
        per_location_skill.skill_name,
        per_location_skill.category,
        cast(per_location_skill.postings as bigint) as postings,
        cast(location_totals.location_postings as bigint) as location_postings,
        {{ share_of(
            'per_location_skill.postings',
            'location_totals.location_postings',
        ) }} as share_of_location_postings,
        cast(
            per_location_skill.median_annual_salary_usd as decimal(14, 2)
        ) as median_annual_salary_usd
    from per_location_skill
    inner join location_totals
        on per_location_skill.location_group = location_totals.location_group
)

select * from final
