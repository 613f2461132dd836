-- Submitted values the build refused, one row per cell, with the place to point at and a message in Bahasa
-- Indonesia (int_rejected_values): the rest of the submission is published; the refused cell is in no fact.
select
    r.source_file,
    r.source_line,
    r.source_column,
    r.column_role,
    r.value_text,
    r.rule,
    r.message,
    r.submission_id,
    r.value_no,
    s.agency_name,
    s.region_code,
    s.fiscal_year
from {{ ref('int_rejected_values') }} r
left join {{ ref('stg_landing__submissions') }} s using (submission_id)
