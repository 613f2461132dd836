-- Indicator targets, one row per cell: annual (quarter NULL), per quarter (1..4) and per year of a multi-year
-- table (fiscal_year = year_label, quarter NULL). The unit is the record's satuan, else the unit written with the
-- value ('470 Kali' -> 'Kali').
select
    submission_id, value_no, table_id, record_no, level, item_name, item_key, has_own_name, indicator_name, indicator_key,
    coalesce(unit, value_unit_text)              as unit,
    role                                         as target_role,
    quarter, quarter_label, plan_version, version_label, fiscal_year,
    cast(value_numeric as decimal(38, 6))        as target_value,
    value_text                                   as target_text,
    value_kind, grade, qualifier, is_ambiguous, alternatives, parse_note,
    source_file, source_line, source_column, source_page, context
from {{ ref('int_figure_cells') }}
where measure = 'target'
