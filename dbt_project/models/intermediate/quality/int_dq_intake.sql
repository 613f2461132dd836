-- Checks intake_*: how the file itself was read (landed by the intake): a text encoding other than plain UTF-8,
-- hidden sheets (not read) and hidden rows/columns (read). A note about the file as a whole points at its first line.
select
    submission_id, coalesce(source_line, 1) as source_line, 'intake_' || kind as check_name,
    case kind when 'encoding' then 'info' when 'hidden_columns' then 'info' else 'warning' end as severity,
    message,
    null::decimal(38, 6) as figure_stated, null::decimal(38, 6) as figure_computed, null::decimal(38, 6) as difference
from {{ ref('stg_landing__intake_notes') }}
