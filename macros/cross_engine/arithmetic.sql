{#
    Numbers that come out the same to the last digit on every engine.

    The rule: marts compute in exact integers or exact decimals, never in
    binary floating point, and round once, half away from zero. The engines
    disagree about everything else: DuckDB's avg() and decimal division
    return a double, Postgres's avg() is exact numeric, Trino's avg() of a
    decimal keeps the input's scale, and a double that sits next to a
    half-way value (8.825) rounds either way when it is cast to a decimal.

    rounded_ratio(numerator, denominator, scale): numerator / denominator as
    a decimal with `scale` digits, rounded half away from zero. Both
    arguments must be exact whole numbers (counts, sums of cents); scale
    them to whole units first, e.g. a mean of money is
    rounded_ratio('sum(price * 100)', 'count(price) * 100', 2). NULL when
    the denominator is zero or NULL.
#}
{% macro rounded_ratio(numerator, denominator, scale) -%}
    {%- set n = '(' ~ numerator ~ ')' -%}
    {%- set d = '(' ~ denominator ~ ')' -%}
    {%- set units = integer_divide(
        'abs(' ~ n ~ ') * ' ~ (2 * 10 ** scale) ~ ' + abs(' ~ d ~ ')',
        '2 * abs(' ~ d ~ ')'
    ) -%}
    {%- set unit = 'cast(0.' ~ ('0' * (scale - 1)) ~ '1 as decimal('
        ~ (scale + 1) ~ ', ' ~ scale ~ '))' -%}
    case
        when {{ d }} is null or {{ d }} = 0 or {{ n }} is null then null
        when ({{ n }} < 0) = ({{ d }} < 0)
            then cast({{ units }} as decimal(38, 0)) * {{ unit }}
        else -cast({{ units }} as decimal(38, 0)) * {{ unit }}
    end
{%- endmacro %}

{#
    mean(expression, scale, input_scale=0): the exact mean of an exact
    column (integers, or decimals with `input_scale` places), rounded half
    away from zero to `scale` places, as an aggregate. Use it instead of
    avg(), whose type and rounding differ by engine.
#}
{% macro mean(expression, scale, input_scale=0) -%}
    {%- set unit = 10 ** input_scale -%}
    {{ rounded_ratio(
        'sum(' ~ expression ~ ') * ' ~ unit,
        'count(' ~ expression ~ ') * ' ~ unit,
        scale
    ) }}
{%- endmacro %}

{#
    Whole-number division of two non-negative integers, truncating: DuckDB's
    `/` always returns a double, its `//` divides integers.
#}
{% macro integer_divide(numerator, denominator) -%}
    {{ return(adapter.dispatch('integer_divide')(numerator, denominator)) }}
{%- endmacro %}

{% macro default__integer_divide(numerator, denominator) -%}
    (cast({{ numerator }} as bigint) / cast({{ denominator }} as bigint))
{%- endmacro %}

{% macro duckdb__integer_divide(numerator, denominator) -%}
    (cast({{ numerator }} as bigint) // cast({{ denominator }} as bigint))
{%- endmacro %}
