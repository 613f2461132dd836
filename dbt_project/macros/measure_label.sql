{# The Indonesian name of a figure's measure, for messages planners forward to agencies. #}
{% macro measure_label(column) -%}
case {{ column }}
    when 'pagu' then 'pagu anggaran'
    when 'realisasi' then 'realisasi anggaran'
    when 'target' then 'target'
    when 'realisasi_kinerja' then 'realisasi kinerja'
    when 'capaian_pct' then 'capaian kinerja (%)'
    when 'serapan_pct' then 'serapan anggaran (%)'
    else {{ column }}
end
{%- endmacro %}
