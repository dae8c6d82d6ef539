with

app_users as (
    select * from {{ ref('dim_app_users') }}
),

by_country as (
    select
        country,
        count(*) as user_count,
        sum(case when gender = 'female' then 1 else 0 end) as female_users,
        sum(case when gender = 'male' then 1 else 0 end) as male_users,
        {{ mean('age_years', 1) }} as avg_age_years,
        {{ mean('tenure_days', 1) }} as avg_tenure_days,
        min(signup_date) as first_signup_date,
        max(signup_date) as last_signup_date
    from app_users
    group by 1
),

final as (
    select
        country,
        cast(user_count as integer) as user_count,
        cast(female_users as integer) as female_users,
        cast(male_users as integer) as male_users,
        {{ share_of('user_count', 'sum(user_count) over ()') }}
            as share_of_users,
        cast(avg_age_years as decimal(6, 1)) as avg_age_years,
        cast(avg_tenure_days as decimal(9, 1)) as avg_tenure_days,
        first_signup_date,
        last_signup_date
    from by_country
)

select * from final
