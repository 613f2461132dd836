-- Inconsistencies inside each submission (question 7), with the agency and the place to point at; plus the
-- values rejected at build (int_rejected_values: finding_type 'rejected_value') and what the build decided for a
-- whole submission (int_submission_status: 'unknown_region', 'duplicate_submission', 'superseded_submission',
-- 'submission_conflict'). severity: error (the agency must correct it) | warning | info.
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
    'rejected_value', 'error', null, r.submission_id, s.agency_name, s.region_code, s.fiscal_year,
    r.source_file, r.source_line, r.message
from {{ ref('int_rejected_values') }} r
left join {{ ref('stg_landing__submissions') }} s using (submission_id)

union all

select
    case when st.status = 'quarantined' then 'unknown_region'
         when st.status = 'duplicate' then 'duplicate_submission'
         when st.status = 'superseded' then 'superseded_submission'
         when st.status = 'conflict' then 'submission_conflict'
         else 'duplicate_submission' end,
    case when st.status in ('quarantined', 'conflict') then 'error' else 'info' end,
    null, st.submission_id, s.agency_name, s.region_code, s.fiscal_year,
    s.source_file, cast(null as integer), st.status_message
from {{ ref('int_submission_status') }} st
join {{ ref('stg_landing__submissions') }} s using (submission_id)
where st.status_message is not null and st.landing_status = 'loaded'
