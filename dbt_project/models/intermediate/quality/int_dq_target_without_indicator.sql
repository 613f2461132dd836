-- Check target_without_indicator: a target stated for an item without an indicator.
select
    submission_id, min(source_line) as source_line, 'target_without_indicator' as check_name, 'warning' as severity,
    'Target "' || list(value_text order by source_line, value_text)[1] || '" untuk ' || replace(level, '_', ' ') || ' "' || coalesce(min(item_name), '?') || '" (baris '
        || min(source_line) || ') tidak mempunyai indikator.' as message,
    null::decimal(38, 6) as figure_stated, null::decimal(38, 6) as figure_computed, null::decimal(38, 6) as difference
from {{ ref('int_planning_figures') }}
where measure = 'target' and indicator_name is null
group by submission_id, fact_table_id, fact_record_no, level
