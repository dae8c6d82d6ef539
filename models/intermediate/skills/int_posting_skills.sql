{#
    One row per posting and skill it asks for: the `skills` seed's pattern
    matched as a whole word (regex_whole_word) against the title and the
    description, case-insensitively unless the skill says otherwise ("Go",
    "R", "Spark" and "Excel" are matched case-sensitively so "go", "spark"
    and "excel at" in prose do not count).
#}
with

postings as (
    select * from {{ ref('stg_postings__job_postings') }}
),

skills as (
    select * from {{ ref('skills') }}
),

searchable as (
    select
        posting_id,
        {{ dbt.concat([
            "coalesce(title, '')",
            "' '",
            "coalesce(description_text, '')",
        ]) }} as posting_text
    from postings
),

candidate_pairs as (
    select
        searchable.posting_id,
        searchable.posting_text,
        skills.skill_id,
        skills.skill_name,
        skills.category,
        skills.pattern,
        skills.is_case_sensitive
    from searchable
    cross join skills
),

matched as (
    select * from candidate_pairs
    where
        case
            when is_case_sensitive
                then {{ regex_contains(
                    'posting_text', regex_whole_word('pattern')
                ) }}
            else {{ regex_contains(
                'posting_text', regex_whole_word('pattern'), true
            ) }}
        end
),

final as (
    select
        {{ dbt.concat(["posting_id", "'|'", "skill_id"]) }} as posting_skill_id,
        posting_id,
        skill_id,
        skill_name,
        category
    from matched
)

select * from final
