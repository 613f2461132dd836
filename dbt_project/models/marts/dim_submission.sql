-- One row per submitted document (loaded or quarantined), with its agency.
select
    s.submission_id,
    {{ agency_id('s.region_code', 's.agency_name') }}  as agency_id,
    s.agency_name,
    s.region_code,
    s.document_type,
    s.fiscal_year,
    s.plan_version,
    s.received_date,
    s.status,
    s.value_count,
    s.source_file,
    s.manifest_path,
    s.content_sha256,
    s.layout_spec,
    s.layout_family,
    s.parsed_at
from {{ ref('stg_landing__submissions') }} s
