select
    cast(submission_id as varchar)    as submission_id,
    cast(value_no as integer)         as value_no,
    cast(source_file as varchar)      as source_file,
    cast(content_sha256 as varchar)   as content_sha256,
    cast(table_id as varchar)         as table_id,
    cast(record_no as integer)        as record_no,
    cast(parent_record_no as integer) as parent_record_no,
    cast(level as varchar)            as level,
    cast(role as varchar)             as role,
    cast(value_text as varchar)       as value_text,
    cast(source_line as integer)      as source_line,
    cast(source_column as integer)    as source_column,
    cast(quarter_label as varchar)    as quarter_label,
    cast(version_label as varchar)    as version_label,
    cast(year_label as varchar)       as year_label,
    cast(context as varchar)          as context,
    cast(source_page as integer)      as source_page
from {{ source('landing', 'cells') }}
{% if is_incremental() %}where submission_id in {{ changed_submissions(landed_only=true) }}{% endif %}
