{#- The columns the fact tables (fct_budget, fct_target, fct_realisation) share, in their published order.
    A fact table's row begins with the fact, its dimension keys and its identity (indicator=true adds the
    indicator: its key, name and unit) ... -#}
{% macro fact_identity_columns(indicator=false) -%}
    figure_id, submission_id, agency_id, region_code, period_id,{% if indicator %} indicator_id,{% endif %}
    fiscal_year, quarter, plan_version, is_latest_version,
    level, nomenclature_code, item_name, item_key{% if indicator %}, indicator_name, unit{% endif %}
{%- endmacro %}

{#- ... and ends with where the figure is stated (lineage) and whether its places disagree; a fact read from its
    places (places=true) also counts them and says whether its number has more than one reading. -#}
{% macro fact_lineage_columns(places=true) -%}
    source_file, source_line, source_page, source_lines,{% if places %} place_count,{% endif %}
    has_conflict{% if places %}, is_ambiguous{% endif %}
{%- endmacro %}
