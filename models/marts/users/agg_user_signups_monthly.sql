with

app_users as (
    select * from {{ ref('dim_app_users') }}
),

cohorts as (
    select
        signup_cohort_month,
        count(*) as cohort_size,
        sum(case when gender = 'female' then 1 else 0 end) as female_signups,
        sum(case when gender = 'male' then 1 else 0 end) as male_signups,
        {{ mean('age_years', 1) }} as avg_age_years
    from app_users
    group by 1
),

final as (
    select
        signup_cohort_month,
        cast(cohort_size as integer) as cohort_size,
        cast(female_signups as integer) as female_signups,
        cast(male_signups as integer) as male_signups,
        cast(avg_age_years as decimal(6, 1)) as avg_age_years,
        cast(
            sum(cohort_size) over (
                order by signup_cohort_month
                rows between unbounded preceding and current row
            ) as integer
        ) as cumulative_users
    from cohorts
)

select * from final
