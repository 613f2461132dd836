-- Every landed cell with its number as read when it landed (rekap.landing.readings applies rekap.interpret.numbers
-- / words once per landed value; hint by role and the record's unit). A plain join: no interpretation in the build.
-- Values are DECIMAL(38,6) (money is cast to DECIMAL(18,2) downstream), never DOUBLE; value_text is kept beside
-- (a number beyond DECIMAL(38,6) reads as NULL here and is a rejection in int_rejected_values).
-- Only the cells of submissions the build publishes are read (int_submission_status.status = 'loaded'): a
-- quarantined, duplicate, superseded or conflicting submission's cells stay in landing and never reach a fact.
select
    c.submission_id, c.value_no, c.source_file, c.content_sha256, c.table_id, c.record_no, c.parent_record_no,
    c.level, c.role, c.value_text, c.source_line, c.source_column, c.quarter_label, c.version_label, c.year_label,
    c.context,
    c.source_page,
    r.record_unit,
    r.parse_hint,
    r.value_numeric,
    r.value_kind,
    r.unit_text,
    r.qualifier,
    r.grade,
    r.number_style,
    r.is_ambiguous,
    r.alternatives,
    r.parse_note
from {{ ref('stg_landing__cells') }} c
join {{ ref('int_submission_status') }} s
    on s.submission_id = c.submission_id and s.status = 'loaded'
left join {{ ref('stg_landing__cell_readings') }} r
    on r.submission_id = c.submission_id and r.value_no = c.value_no
