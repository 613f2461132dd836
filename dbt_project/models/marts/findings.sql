-- Inconsistencies inside each submission (question 7), with the agency and the place to point at.
select
    f.finding_type,
    f.figure_id,
    f.submission_id,
    s.agency_name,
    s.region_code,
    s.fiscal_year,
    f.source_file,
    f.source_line,
    f.message
from {{ ref('int_figure_findings') }} f
left join {{ ref('stg_landing__submissions') }} s using (submission_id)
