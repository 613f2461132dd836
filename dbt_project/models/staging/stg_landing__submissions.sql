select
    cast(submission_id as varchar)   as submission_id,
    cast(manifest_path as varchar)   as manifest_path,
    cast(source_file as varchar)     as source_file,
    cast(content_sha256 as varchar)  as content_sha256,
    cast(agency_name as varchar)     as agency_name,
    cast(region_code as varchar)     as region_code,
    cast(document_type as varchar)   as document_type,
    cast(fiscal_year as integer)     as fiscal_year,
    cast(plan_version as varchar)    as plan_version,
    cast(layout_spec as varchar)     as layout_spec,
    cast(layout_family as varchar)   as layout_family,
    cast(fingerprint as varchar)     as fingerprint,
    cast(received_date as date)      as received_date,
    cast(status as varchar)          as status,
    cast(value_count as integer)     as value_count,
    cast(parsed_at as timestamp)     as parsed_at
from {{ source('landing', 'submissions') }}
