{#
    One row per week and skill: postings published that week asking for the
    skill and their share of the week's postings (the demand trend). Weeks
    start on Monday; a posting without a publication date counts in the week
    it was first seen. Weeks in which no posting asked for a skill have no row.
#}
with

postings as (
    select * from {{ ref('int_postings_classified') }}
),

posting_skills as (
    select * from {{ ref('int_posting_skills') }}
),

week_totals as (
    select
        posted_week_start_date,
        count(*) as week_postings
    from postings
    group by 1
),

per_week_skill as (
    select
        postings.posted_week_start_date,
        posting_skills.skill_id,
        posting_skills.skill_name,
        posting_skills.category,
        count(*) as postings
    from posting_skills
    inner join postings
        on posting_skills.posting_id = postings.posting_id
    group by 1, 2, 3, 4
),

final as (
    select
        {{ dbt.concat([
            "cast(per_week_skill.posted_week_start_date as varchar)",
            "'|'",
            "per_week_skill.skill_id",
        ]) }} as skill_week_id,
        per_week_skill.posted_week_start_date as week_start_date,
        per_week_skill.skill_id,
        per_week_skill.skill_name,
        per_week_skill.category,
        cast(per_week_skill.postings as bigint) as postings,
        cast(week_totals.week_postings as bigint) as week_postings,
        {{ share_of('per_week_skill.postings', 'week_totals.week_postings') }}
            as share_of_week_postings
    from per_week_skill
    inner join week_totals
        on
            per_week_skill.posted_week_start_date
            = week_totals.posted_week_start_date
)

select * from final
