{#- Surrogate keys shared by dims and facts. -#}
{% macro agency_id(region_code, agency_name) -%}
    md5(coalesce({{ region_code }}, '') || '|' || lower(trim(coalesce({{ agency_name }}, ''))))
{%- endmacro %}

{#- fiscal_year * 10 + quarter; quarter NULL (whole year) -> 0: 20231 = 2023 TW I, 20230 = 2023 whole year. -#}
{% macro period_id(fiscal_year, quarter) -%}
    ({{ fiscal_year }} * 10 + coalesce({{ quarter }}, 0))
{%- endmacro %}

{% macro indicator_id(submission_id, level, item_key, indicator_key) -%}
    md5(concat_ws('|', {{ submission_id }}, coalesce({{ level }}, ''), coalesce({{ item_key }}, ''), coalesce({{ indicator_key }}, '')))
{%- endmacro %}

{#- murni < perubahan: the latest version of a figure is the highest rank. -#}
{% macro version_rank(plan_version) -%}
    (case {{ plan_version }} when 'perubahan' then 2 when 'murni' then 1 else 0 end)
{%- endmacro %}

{#- The support program: X.XX.01, Program Penunjang Urusan Pemerintahan Daerah (kab/kota or provincial wording);
    false for any other program and for a program without a code. -#}
{% macro is_support_program(nomenclature_code) -%}
    coalesce({{ nomenclature_code }} like 'X.XX.01', false)
{%- endmacro %}
