-- Files (or parts) that could not be loaded, and why: for analysts asking which submission failed and where.
select
    q.source_path,
    q.submission_id,
    s.agency_name,
    s.region_code,
    s.fiscal_year,
    q.content_sha256,
    q.source_line,
    q.expected,
    q.message,
    q.detected_at
from {{ ref('stg_landing__quarantine') }} q
left join {{ ref('stg_landing__submissions') }} s using (submission_id)
