{#
    Ages and tenure are measured on `as_of_date` (dbt var, default today):
    pin it to rebuild a past state or to make results reproducible. Only a
    real YYYY-MM-DD date reaches the SQL, rewritten from the parsed date.
#}
{%- set as_of_text = (var('as_of_date', none) or '') | string -%}
{%- set as_of = 'current_date' -%}
{%- if as_of_text -%}
{%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}', as_of_text) -%}
{%- do exceptions.raise_compiler_error(
    'var as_of_date: expected a date as YYYY-MM-DD, found ' ~ as_of_text
) -%}
{%- endif -%}
{%- set as_of_day = modules.datetime.datetime.strptime(as_of_text, '%Y-%m-%d') -%}
{%- set as_of = "cast('" ~ as_of_day.date().isoformat() ~ "' as date)" -%}
{%- endif %}

with

app_users as (
    select * from {{ ref('stg_randomuser__users') }}
),

measured as (
    select
        user_key,
        email_hash,
        gender,
        nationality,
        country,
        birth_date,
        signed_up_at,
        cast(signed_up_at as date) as signup_date,
        cast(
            {{ dbt.date_trunc('month', 'signed_up_at') }} as date
        ) as signup_cohort_month,
        {{ as_of }} as as_of_date,
        -- Whole years: the year difference, minus one before the birthday.
        cast(
            extract(year from {{ as_of }}) - extract(year from birth_date)
            - case
                when extract(month from {{ as_of }}) * 100
                    + extract(day from {{ as_of }})
                    < extract(month from birth_date) * 100
                    + extract(day from birth_date)
                    then 1
                else 0
            end
            as integer
        ) as age_years
    from app_users
),

final as (
    select
        user_key,
        email_hash,
        gender,
        nationality,
        country,
        age_years,
        case
            when age_years < 18 then 'under 18'
            when age_years < 25 then '18-24'
            when age_years < 35 then '25-34'
            when age_years < 45 then '35-44'
            when age_years < 55 then '45-54'
            when age_years < 65 then '55-64'
            else '65+'
        end as age_band,
        signed_up_at,
        signup_date,
        signup_cohort_month,
        cast(
            {{ dbt.datediff('signup_date', 'as_of_date', 'day') }} -- noqa: LT05
            as integer
        ) as tenure_days,
        cast(
            {{ dbt.datediff('signup_cohort_month', 'as_of_date', 'month') }} -- noqa: LT05
            as integer
        ) as tenure_months,
        as_of_date
    from measured
)

select * from final
