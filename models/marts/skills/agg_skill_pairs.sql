{#
    One row per pair of skills asked for in the same posting, with how often
    that happens and the lift: how much more often than if the two skills
    were independent (lift > 1: they go together; < 1: they avoid each other).
#}
with

postings as (
    select * from {{ ref('int_postings_classified') }}
),

posting_skills as (
    select * from {{ ref('int_posting_skills') }}
),

totals as (
    select count(*) as all_postings from postings
),

skill_counts as (
    select
        skill_id,
        skill_name,
        count(*) as postings
    from posting_skills
    group by 1, 2
),

pairs as (
    select
        skill_a.skill_id as skill_a_id,
        skill_b.skill_id as skill_b_id,
        count(*) as co_postings
    from posting_skills as skill_a
    inner join posting_skills as skill_b
        on
            skill_a.posting_id = skill_b.posting_id
            and skill_a.skill_id < skill_b.skill_id
    group by 1, 2
),

final as (
    select
        {{ dbt.concat(["pairs.skill_a_id", "'+'", "pairs.skill_b_id"]) }}
            as skill_pair_id,
        pairs.skill_a_id,
        counts_a.skill_name as skill_a_name,
        pairs.skill_b_id,
        counts_b.skill_name as skill_b_name,
        cast(pairs.co_postings as bigint) as co_postings,
        cast(counts_a.postings as bigint) as skill_a_postings,
        cast(counts_b.postings as bigint) as skill_b_postings,
        {{ share_of('pairs.co_postings', 'totals.all_postings') }}
            as pair_support,
        {{ share_of('pairs.co_postings', 'counts_a.postings') }}
            as confidence_a_to_b,
        {{ share_of('pairs.co_postings', 'counts_b.postings') }}
            as confidence_b_to_a,
        cast(
            {{ rounded_ratio(
                'pairs.co_postings * totals.all_postings',
                'counts_a.postings * counts_b.postings',
                4
            ) }} as decimal(12, 4)
        ) as lift
    from pairs
    inner join skill_counts as counts_a
        on pairs.skill_a_id = counts_a.skill_id
    inner join skill_counts as counts_b
        on pairs.skill_b_id = counts_b.skill_id
    cross join totals
)

select * from final
