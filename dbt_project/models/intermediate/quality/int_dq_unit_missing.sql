-- Check unit_missing: a target with a number and no unit written or inferable (unit_status 'missing'); indicators
-- without any target number ('no_target': empty cells, '-') are not flagged.
select
    u.submission_id, coalesce(u.source_line, u.first_target_line) as source_line, 'unit_missing' as check_name,
    'warning' as severity,
    'Target "' || coalesce(u.annual_text, u.first_target_text) || '" (baris ' || coalesce(u.source_line, u.first_target_line)
        || ') tidak mencantumkan satuan.' as message,
    null::decimal(38, 6) as figure_stated, null::decimal(38, 6) as figure_computed, null::decimal(38, 6) as difference
from {{ ref('int_target_units') }} u join {{ ref('int_units_conformed') }} uc using (submission_id, table_id, record_no)
where uc.unit_status = 'missing' and u.quarter_unit is null and u.first_target_line is not null
