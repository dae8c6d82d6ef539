{#
    Salted SHA-256 of a personal value, as 64 lowercase hex characters, the
    same on every engine, so a hashed key joins across warehouses.

    `salt` is a column, never a value: the warehouse's salt is one row of
    raw_randomuser.pii_salt, written by the loader (`warehouse extract
    randomuser`, from WAREHOUSE_PII_SALT, required on Postgres and Trino, or
    made at random once per local DuckDB warehouse). Staging joins that table,
    so the salt never appears in compiled SQL, dbt's artefacts or its logs.
    dbt.hash is MD5 and unsalted, hence this macro. Text is trimmed and
    lower-cased first when `normalise` is true, so "Ann@Example.com " and
    "ann@example.com" hash alike.
#}
{% macro hash_pii(expression, salt, normalise=false) -%}
    {%- if var('pii_salt', none) is not none -%}
        {{ exceptions.raise_compiler_error(
            "The dbt var pii_salt is no longer read: a var's value is written "
            ~ "into manifest.json and dbt's logs. Set WAREHOUSE_PII_SALT for "
            ~ "`warehouse extract randomuser`, which stores it in the warehouse."
        ) }}
    {%- endif -%}
    {%- set value = 'cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    {%- if normalise -%}
        {%- set value = 'lower(trim(' ~ value ~ '))' -%}
    {%- endif -%}
    {%- set salted = dbt.concat([salt, value]) -%}
    {{ return(adapter.dispatch('hash_pii')(salted)) }}
{%- endmacro %}

{% macro default__hash_pii(salted) -%}
    lower(to_hex(sha256(to_utf8({{ salted }}))))
{%- endmacro %}

{% macro duckdb__hash_pii(salted) -%}
    sha256({{ salted }})
{%- endmacro %}

{% macro postgres__hash_pii(salted) -%}
    encode(sha256(convert_to({{ salted }}, 'UTF8')), 'hex')
{%- endmacro %}

{% macro trino__hash_pii(salted) -%}
    lower(to_hex(sha256(to_utf8({{ salted }}))))
{%- endmacro %}
