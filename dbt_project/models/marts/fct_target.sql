-- Indicator targets, one row per figure (deduplicated), every version. quarter NULL = annual target;
-- multi-year (Renstra) tables give one row per fiscal_year. Tujuan-level targets are kept here (v_target omits them).
select
    figure_id,
    submission_id,
    agency_id,
    region_code,
    period_id,
    indicator_id,
    fiscal_year,
    quarter,
    plan_version,
    is_latest_version,
    level,
    nomenclature_code,
    item_name,
    item_key,
    indicator_name,
    unit,
    cast(value_numeric as decimal(38, 6))  as target_value,
    value_text                             as target_text,
    source_file,
    source_line,
    source_page,
    source_lines,
    place_count,
    has_conflict,
    is_ambiguous
from {{ ref('int_facts') }}
where measure = 'target'
