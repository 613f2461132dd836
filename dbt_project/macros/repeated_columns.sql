{#- Post-hook of an incremental model whose rows repeat what a per-key model says of their key
    (mart_indicator_comparison repeats, on every row of a nomenclature code, int_indicator_code_units' row of that
    code). An incremental build keeps the rows of the submissions it did not recompute, but what they repeat may have
    changed with the recomputed ones (a region more on the code, another unit): set it anew on the rows where it
    differs, so the table is what a full build computes. A full build computed every row just now: nothing to do. -#}
{% macro update_repeated_columns(source, key, columns) -%}
    {%- if is_incremental() -%}
        update {{ this }} as m
        set {% for c in columns %}{{ c }} = s.{{ c }}{{ ', ' if not loop.last }}{% endfor %}
        from {{ source }} as s
        where s.{{ key }} = m.{{ key }}
          and ({% for c in columns %}m.{{ c }} is distinct from s.{{ c }}{{ ' or ' if not loop.last }}{% endfor %})
    {%- else -%}
        select 1
    {%- endif -%}
{%- endmacro %}
