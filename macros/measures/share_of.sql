{#
    A part as a fraction of a whole (0.25 = a quarter), as decimal(7, 4),
    the type every share has in the marts' contracts. The numerator is cast
    to a fixed scale first because Trino's decimal division keeps the
    operands' scale: a bigint over a bigint would come out as an integer.
#}
{% macro share_of(part, whole) -%}
    cast({{ rounded_ratio(part, whole, 4) }} as decimal(7, 4))
{%- endmacro %}
