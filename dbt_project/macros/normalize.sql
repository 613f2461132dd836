{#- Quarter notation -> 1..4 (NULL when the label is NULL or not a quarter).
    Accepts 'TW. 1', 'TW 1', 'TW1', '1', 'I', 'II', 'III', 'IV', 'Triwulan I', 'Triwulan I (Satu)', 'Q1'. -#}
{% macro normalize_quarter(label) -%}
    (case regexp_replace(
            regexp_replace(upper(trim({{ label }})), '\(.*\)', '', 'g'),
            '(TRIWULAN|TW|Q|[.:\s])', '', 'g')
        when '1' then 1 when 'I' then 1
        when '2' then 2 when 'II' then 2
        when '3' then 3 when 'III' then 3
        when '4' then 4 when 'IV' then 4
        else null end)
{%- endmacro %}

{#- A version label of a figure -> plan version; otherwise the submission's. -#}
{% macro normalize_version(version_label, default_version) -%}
    (case lower(trim({{ version_label }}))
        when 'pagu_awal' then 'murni'
        when 'murni' then 'murni'
        when 'pagu_perubahan' then 'perubahan'
        when 'perubahan' then 'perubahan'
        else {{ default_version }} end)
{%- endmacro %}

{#- The identity key of an item name: rekap.interpret.nomenclature.normalise (case-folded; enumerators 'a.', '1.',
    '6.1' and level words 'Program', 'Kegiatan', 'Sub Kegiatan' stripped; punctuation to spaces; known misspellings
    mapped), registered as the SQL function rekap_item_key by rekap.warehouse.sql_functions (profiles.yml plugins).
    'g. Penyelenggaraan rapat koordinasi ...' and 'Sub Kegiatan Penyelenggaraan Rapat Koordinasi ...' share a key;
    NULL for NULL or a name with no letters or digits. -#}
{% macro normalize_item_name(name) -%}
    rekap_item_key({{ name }})
{%- endmacro %}

{#- A written unit as seeds/unit_aliases.csv spells it: case-folded, spaces collapsed, a trailing '.' dropped;
    NULL when nothing is written. -#}
{% macro normalize_unit(unit_text) -%}
    nullif(regexp_replace(regexp_replace(lower(trim({{ unit_text }})), '\s+', ' ', 'g'), '\.$', ''), '')
{%- endmacro %}
