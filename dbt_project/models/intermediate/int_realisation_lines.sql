-- Indicator realisations (realisasi kinerja) and stated achievements (capaian kinerja %), one row per cell.
-- measure: 'realisasi_kinerja' (the realised value of the indicator) | 'capaian_pct' (the capaian as stated).
select
    submission_id, value_no, table_id, record_no, level, item_name, item_key, has_own_name, indicator_name, indicator_key,
    coalesce(unit, value_unit_text)              as unit,
    measure,
    quarter, quarter_label, plan_version, version_label, fiscal_year,
    cast(value_numeric as decimal(38, 6))        as realisation_value,
    value_text                                   as realisation_text,
    value_kind, grade, qualifier, is_ambiguous, alternatives, parse_note,
    source_file, source_line, source_column, source_page, context
from {{ ref('int_figure_cells') }}
where measure in ('realisasi_kinerja', 'capaian_pct')
