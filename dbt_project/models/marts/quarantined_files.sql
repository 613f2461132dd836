-- Files (or parts) that could not be loaded, and why: for analysts asking which submission failed and where.
-- Besides what the landing could not read, a submission the build holds back as a whole (a region_code that is
-- not a Kemendagri code) is listed here with its message.
select q.source_path, q.submission_id, s.agency_name, s.region_code, s.fiscal_year, q.content_sha256,
       q.source_line, q.expected, q.message, q.detected_at
from {{ ref('stg_landing__quarantine') }} q
left join {{ ref('dim_submission') }} s using (submission_id)

union all

select
    source_file                                                     as source_path,
    submission_id,
    agency_name,
    region_code,
    fiscal_year,
    content_sha256,
    cast(null as integer)                                           as source_line,
    'kode wilayah Kemendagri (dim_region) di ' || manifest_path     as expected,
    status_message                                                  as message,
    parsed_at                                                       as detected_at
from {{ ref('dim_submission') }}
where status = 'quarantined' and landing_status = 'loaded'
