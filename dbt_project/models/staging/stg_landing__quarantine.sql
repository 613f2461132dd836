select
    cast(source_path as varchar)    as source_path,
    cast(submission_id as varchar)  as submission_id,
    cast(content_sha256 as varchar) as content_sha256,
    cast(source_line as integer)    as source_line,
    cast(expected as varchar)       as expected,
    cast(message as varchar)        as message,
    cast(detected_at as timestamp)  as detected_at
from {{ source('landing', 'quarantine') }}
