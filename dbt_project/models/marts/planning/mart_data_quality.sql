-- Question 7: one row per finding inside a submission, with a message in Bahasa Indonesia a planner can forward to
-- the agency (figures, difference, place). severity: 'error' (figures contradict each other and the planner must
-- ask), 'warning' (resolved or doubtful: check), 'info' (read, resolved, recorded). Each check is its own model
-- (models/intermediate/quality/int_dq_*.sql, listed in seeds/data_quality_checks.csv); this mart unions them and
-- names the region and agency.
{%- set checks = [
    'int_dq_budget_children_sum', 'int_dq_stated_total', 'int_dq_quarters_vs_annual', 'int_dq_digits_vs_words',
    'int_dq_ambiguous_number', 'int_dq_unit_annual_vs_quarter', 'int_dq_unit_unknown', 'int_dq_unit_missing',
    'int_dq_nomenclature_unmatched', 'int_dq_target_without_indicator', 'int_dq_figure_findings', 'int_dq_intake',
] %}
with subs as (
    select s.submission_id, s.region_code, r.region_name, s.agency_name, s.fiscal_year, s.source_file
    from {{ ref('dim_submission') }} s left join {{ ref('dim_region') }} r using (region_code)
),
all_findings as (
    {%- for check in checks %}
    select submission_id, source_line, check_name, severity, message, figure_stated, figure_computed, difference
    from {{ ref(check) }}
    union all
    {%- endfor %}
    select submission_id, source_line, check_name, severity, message,
        null::decimal(38, 6), null::decimal(38, 6), null::decimal(38, 6)
    from {{ ref('int_dq_build_decisions') }}
)
select
    md5(concat_ws('|', f.submission_id, f.check_name, f.source_line::varchar, f.message)) as finding_id,
    s.region_code, s.region_name, s.agency_name, s.fiscal_year, s.source_file, f.source_line,
    f.check_name, f.severity, f.message,
    f.figure_stated,
    f.figure_computed,
    f.difference,
    f.submission_id
from all_findings f
left join subs s using (submission_id)
