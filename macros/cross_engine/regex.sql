{#
    Regular expressions that mean the same on every engine.

    Patterns are written in the subset the three engines share (DuckDB: RE2,
    Postgres: ARE, Trino: Java/Joni): alternation, groups, ?, *, +, bracket
    classes and backslash escapes of punctuation such as \. \+. No \b, no
    lookaround (RE2 has neither; Postgres spells word boundaries \y, \m, \M).
#}

{# True when `value` matches the regex `pattern` anywhere (both SQL expressions). #}
{% macro regex_contains(value, pattern, case_insensitive=false) -%}
    {{ return(adapter.dispatch('regex_contains')(value, pattern, case_insensitive)) }}
{%- endmacro %}

{% macro default__regex_contains(value, pattern, case_insensitive) -%}
    regexp_like(
        {{ value }}, {{ pattern }}{% if case_insensitive %}, 'i'{% endif %}
    )
{%- endmacro %}

{% macro duckdb__regex_contains(value, pattern, case_insensitive) -%}
    regexp_matches(
        {{ value }}, {{ pattern }}{% if case_insensitive %}, 'i'{% endif %}
    )
{%- endmacro %}

{# Parentheses matter: ~ and || share a precedence level in Postgres. #}
{% macro postgres__regex_contains(value, pattern, case_insensitive) -%}
    (({{ value }}) {{ '~*' if case_insensitive else '~' }} ({{ pattern }}))
{%- endmacro %}

{% macro trino__regex_contains(value, pattern, case_insensitive) -%}
    regexp_like(
        {{ value }},
        {% if case_insensitive %}'(?i)' || {% endif %}({{ pattern }})
    )
{%- endmacro %}

{#
    Wrap a pattern (a SQL string expression) so it only matches whole words,
    with boundaries that work on every engine and for names that start or end
    in punctuation: "C++", "C#", ".NET". A match may not touch a letter, digit,
    underscore or & on either side, nor be followed by + or #, so "C" does not
    match "C++", "R" does not match "R&D" or "R&R", "Go" does not match "going"
    and "Spark" does not match "sparkling".
#}
{% macro regex_whole_word(pattern) -%}
    {{ dbt.concat([
        "'(^|[^A-Za-z0-9_&])('",
        pattern,
        "')($|[^A-Za-z0-9_+#&])'",
    ]) }}
{%- endmacro %}
