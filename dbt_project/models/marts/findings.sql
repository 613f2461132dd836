-- Inconsistencies inside each submission (question 7), with the agency and the place to point at; plus the
-- values rejected at build (finding_type 'rejected_value') and what the build decided for a whole submission
-- ('unknown_region', 'duplicate_submission', 'superseded_submission', 'submission_conflict'), from
-- int_dq_build_decisions. severity: error (the agency must correct it) | warning | info.
select
    f.finding_type,
    'warning'                                                  as severity,  -- as mart_data_quality rates them
    f.figure_id,
    f.submission_id,
    s.agency_name,
    s.region_code,
    s.fiscal_year,
    f.source_file,
    f.source_line,
    f.message
from {{ ref('int_figure_findings') }} f
left join {{ ref('stg_landing__submissions') }} s using (submission_id)

union all

select
    d.check_name, d.severity, null, d.submission_id, s.agency_name, s.region_code, s.fiscal_year,
    d.source_file, d.source_line, d.message
from {{ ref('int_dq_build_decisions') }} d
left join {{ ref('stg_landing__submissions') }} s using (submission_id)
