-- Inconsistencies inside each submission (question 7), with the agency and the place to point at; plus the
-- values rejected at build (finding_type 'rejected_value') and what the build decided for a whole submission
-- ('unknown_region', 'duplicate_submission', 'superseded_submission', 'submission_conflict'), from
-- int_dq_build_decisions. severity: error (the agency must correct it) | warning | info.
with found as (
    select finding_type, 'warning' as severity, figure_id, submission_id, source_file, source_line, message
    from {{ ref('int_figure_findings') }}  -- rated as mart_data_quality rates them
    union all
    select check_name, severity, null, submission_id, source_file, source_line, message
    from {{ ref('int_dq_build_decisions') }}
)
select f.finding_type, f.severity, f.figure_id, f.submission_id, s.agency_name, s.region_code, s.fiscal_year,
       f.source_file, f.source_line, f.message
from found f
left join {{ ref('dim_submission') }} s using (submission_id)
