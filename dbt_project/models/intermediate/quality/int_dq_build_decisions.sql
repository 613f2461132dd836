-- What the build decided, as findings: values refused at build (int_rejected_values: 'rejected_value') and the
-- decisions about whole submissions (int_submission_status: 'unknown_region', 'duplicate_submission',
-- 'superseded_submission', 'submission_conflict'). A table, not per submission: a submission's status depends on
-- the other submissions of its agency.
select
    r.submission_id, r.source_file, r.source_line, 'rejected_value' as check_name, 'error' as severity, r.message
from {{ ref('int_rejected_values') }} r

union all

select
    st.submission_id, s.source_file, cast(null as integer),
    case when st.status = 'quarantined' then 'unknown_region'
         when st.status = 'duplicate' then 'duplicate_submission'
         when st.status = 'superseded' then 'superseded_submission'
         when st.status = 'conflict' then 'submission_conflict'
         else 'duplicate_submission' end,
    case when st.status in ('quarantined', 'conflict') then 'error' else 'info' end,
    st.status_message
from {{ ref('int_submission_status') }} st
join {{ ref('stg_landing__submissions') }} s using (submission_id)
where st.status_message is not null and st.landing_status = 'loaded'
