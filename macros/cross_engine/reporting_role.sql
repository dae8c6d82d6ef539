{#
    The serving layer: BI tools (Metabase) log in as a read-only role that can
    read the marts schema and nothing else. dbt's `grants` config gives it
    `select` on every mart (see dbt_project.yml); these hooks create the role
    before the run and let it into the schema after it.

    Only Postgres has such roles here: DuckDB is a file with no users, and on
    Trino access is the business of Trino's own access control, so both get
    empty hooks (dbt skips an empty hook).

    The role's name comes from WAREHOUSE_REPORTING_ROLE (default `reporting`)
    and must be a plain lower-case identifier; it is then quoted with the
    adapter's quoting wherever it is an identifier. Its password is never
    dbt's business: anything dbt reads or runs lands in target/ and logs/ (and
    DBT_ENV_SECRET_ variables are refused outside profiles.yml), so
    `warehouse reporting-role` sets it from WAREHOUSE_REPORTING_PASSWORD with a
    bound parameter, as a SCRAM verifier made on the client.
#}

{% macro reporting_role() -%}
    {%- set role = env_var('WAREHOUSE_REPORTING_ROLE', 'reporting') -%}
    {%- if not modules.re.fullmatch('[a-z_][a-z0-9_]{0,62}', role) -%}
        {{ exceptions.raise_compiler_error(
            "WAREHOUSE_REPORTING_ROLE: expected a lower-case name of letters, "
            ~ "digits and underscores (at most 63), found " ~ (role | tojson)
        ) }}
    {%- endif -%}
    {{ return(role) }}
{%- endmacro %}


{% macro create_reporting_role() -%}
    {{ return(adapter.dispatch('create_reporting_role')()) }}
{%- endmacro %}

{% macro default__create_reporting_role() -%}
{%- endmacro %}

{% macro postgres__create_reporting_role() -%}
    {%- set role = reporting_role() -%}
    do $$
    begin
        if not exists (
            select 1 from pg_catalog.pg_roles
            where rolname = '{{ role | replace("'", "''") }}'
        ) then
            create role {{ adapter.quote(role) }} login;
        end if;
    exception
        -- another run created it between the check and the create
        when duplicate_object then null;
    end
    $$;
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
            select 1 from pg_catalog.pg_namespace
            where nspname = '{{ schema | replace("'", "''") }}'
        ) then
            grant usage on schema {{ adapter.quote(schema) }}
                to {{ adapter.quote(reporting_role()) }};
        end if;
    end
    $$;
{%- endmacro %}


{#
    dbt's own grant statements splice grantees in bare; quote each with the
    adapter's quoting (embedded double quotes doubled), so a grantee is only
    ever a name.
#}
{%- macro postgres__get_grant_sql(relation, privilege, grantees) -%}
    grant {{ privilege }} on {{ relation.render() }} to
    {% for grantee in grantees -%}
        {{ adapter.quote(grantee | replace('"', '""')) }}{{ ', ' if not loop.last }}
    {%- endfor %}
{%- endmacro -%}

{%- macro postgres__get_revoke_sql(relation, privilege, grantees) -%}
    revoke {{ privilege }} on {{ relation.render() }} from
    {% for grantee in grantees -%}
        {{ adapter.quote(grantee | replace('"', '""')) }}{{ ', ' if not loop.last }}
    {%- endfor %}
{%- endmacro -%}
