{#
    The serving layer: BI tools (Metabase) log in as a read-only role that can
    read the marts schema and nothing else. dbt's `grants` config gives it
    `select` on every mart (see dbt_project.yml); these hooks create the role
    before the run and let it into the schema after it.

    Only Postgres has such roles here: DuckDB is a file with no users, and on
    Trino access is the business of Trino's own access control, so both get
    empty hooks (dbt skips an empty hook).

    The role's name and password come from WAREHOUSE_REPORTING_ROLE (default
    `reporting`) and WAREHOUSE_REPORTING_PASSWORD (unset: no password, enough
    with the local cluster's trust authentication).
#}

{% macro reporting_role() -%}
    {{ return(env_var('WAREHOUSE_REPORTING_ROLE', 'reporting')) }}
{%- endmacro %}


{% macro create_reporting_role() -%}
    {{ return(adapter.dispatch('create_reporting_role')()) }}
{%- endmacro %}

{% macro default__create_reporting_role() -%}
{%- endmacro %}

{% macro postgres__create_reporting_role() -%}
    {%- set role = adapter.quote(reporting_role()) -%}
    {%- set password = env_var('WAREHOUSE_REPORTING_PASSWORD', '') -%}
    do $$
    begin
        if not exists (
            select 1 from pg_catalog.pg_roles
            where rolname = '{{ reporting_role() }}'
        ) then
            create role {{ role }} login;
        end if;
    exception
        -- another run created it between the check and the create
        when duplicate_object then null;
    end
    $$;
    {% if password %}
        alter role {{ role }} with login password '{{ password | replace("'", "''") }}';
    {% endif %}
{%- endmacro %}


{% macro grant_reporting_usage() -%}
    {{ return(adapter.dispatch('grant_reporting_usage')()) }}
{%- endmacro %}

{% macro default__grant_reporting_usage() -%}
{%- endmacro %}

{% macro postgres__grant_reporting_usage() -%}
    {%- set schema = generate_schema_name('marts', none) -%}
    do $$
    begin
        if exists (
            select 1 from pg_catalog.pg_namespace where nspname = '{{ schema }}'
        ) then
            grant usage on schema {{ adapter.quote(schema) }}
                to {{ adapter.quote(reporting_role()) }};
        end if;
    end
    $$;
{%- endmacro %}
