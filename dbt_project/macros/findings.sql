{#- Figures inside finding messages, written the Indonesian way (1.234.567,89). -#}

{#- A Rupiah amount with two decimals: 1234567.5 -> '1.234.567,50'. -#}
{% macro rupiah_text(expr) -%}
    replace(replace(replace(format('{:,.2f}', ({{ expr }})::double), ',', '#'), '.', ','), '#', '.')
{%- endmacro %}

{#- A number with up to four decimals, trailing zeros dropped: 1250.5 -> '1.250,5'. -#}
{% macro number_text(expr) -%}
    regexp_replace(replace(replace(replace(format('{:,.4f}', ({{ expr }})::double), ',', '#'), '.', ','), '#', '.'), ',?0+$', '')
{%- endmacro %}

