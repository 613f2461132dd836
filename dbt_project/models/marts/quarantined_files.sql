-- Files (or parts) that could not be loaded, and why: for analysts asking which submission failed and where.
-- Besides what the landing could not read, a submission the build holds back as a whole (a region_code that is
-- not a Kemendagri code) is listed here with its message.
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

union all

select
    s.source_file                                                   as source_path,
    s.submission_id,
    s.agency_name,
    s.region_code,
    s.fiscal_year,
    s.content_sha256,
    cast(null as integer)                                           as source_line,
    'kode wilayah Kemendagri (dim_region) di ' || s.manifest_path   as expected,
    st.status_message                                               as message,
    s.parsed_at                                                     as detected_at
from {{ ref('int_submission_status') }} st
join {{ ref('stg_landing__submissions') }} s using (submission_id)
where st.status = 'quarantined' and st.landing_status = 'loaded'
