select
    cast(submission_id as varchar)  as submission_id,
    cast(source_file as varchar)    as source_file,
    cast(note_no as integer)        as note_no,
    cast(source_line as integer)    as source_line,
    cast(kind as varchar)           as kind,
    cast(message as varchar)        as message
from {{ source('landing', 'intake_notes') }}
