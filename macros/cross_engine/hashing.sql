{#
    Salted SHA-256 of a personal value, as 64 lowercase hex characters, the
    same on every engine, so a hashed key joins across warehouses.

    The salt comes from the dbt var `pii_salt`, else the environment variable
    WAREHOUSE_PII_SALT, else a development default: set a secret salt in
    production, or hashes of guessable values (e-mails) can be reversed by
    hashing candidates. dbt.hash is MD5 and unsalted, hence this macro.
    Text is trimmed and lower-cased first when `normalise` is true, so
    "Ann@Example.com " and "ann@example.com" hash alike.
#}
{% macro pii_salt() -%}
    {{ return(var('pii_salt', env_var('WAREHOUSE_PII_SALT', 'dev-only-pii-salt'))) }}
{%- endmacro %}

{% macro hash_pii(expression, normalise=false) -%}
    {%- set value = 'cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ')' -%}
    {%- if normalise -%}
        {%- set value = 'lower(trim(' ~ value ~ '))' -%}
    {%- endif -%}
    {%- set salt = dbt.string_literal(pii_salt() | replace("'", "''")) -%}
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
