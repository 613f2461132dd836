-- Per indicator record with an annual target and at least one quarterly target: what the quarterly targets
-- mean, decided by rule with the evidence kept; seeds/quarter_semantics_overrides.csv wins.
-- Rules (tol = max(0.01, 0.5% of |annual|)), first that fits wins -- the order is the tie-break:
--   1 level       all four quarters equal the annual target            (95, 95, 95, 95 / 95)
--   2 increment   the four quarters sum to the annual target           (15 + 25 + 20 + 27.5 = 87.5)
--   3 cumulative  TW IV equals the annual target and the series never decreases (25, 50, 75, 100 / 100)
--   4 share       the quarters sum to 100 while the annual target is not 100 (25 x 4 / annual 25 -> share of the year)
--   5 level       TW IV equals the annual target but the series goes down (19, 19, 19, 12 / 12: a level held)
--   6 unknown     none fits, or a quarter / the annual target has no numeric value
-- Ties recorded in the evidence: 0,0,0,A fits increment and cumulative (same planned shares, 'increment' kept);
-- A,A,A,A fits level and cumulative (same planned shares, 'level' kept); 25 x 4 / 100 fits increment and share.
{% set rel_tol = 0.005 %}
with cells as (
    select c.*, q.quarter
    from {{ ref('int_cells_interpreted') }} c
    left join {{ ref('int_quarter_labels') }} q using (quarter_label)
    where c.role in ('target_annual', 'target_quarter')
),

per_record as (
    select
        submission_id, table_id, record_no,
        any_value(level) as level,
        arg_min(value_numeric, value_no) filter (where role = 'target_annual')                   as annual,
        arg_min(value_text, value_no) filter (where role = 'target_annual')                      as annual_text,
        arg_min(value_numeric, value_no) filter (where role = 'target_quarter' and quarter = 1)  as q1,
        arg_min(value_numeric, value_no) filter (where role = 'target_quarter' and quarter = 2)  as q2,
        arg_min(value_numeric, value_no) filter (where role = 'target_quarter' and quarter = 3)  as q3,
        arg_min(value_numeric, value_no) filter (where role = 'target_quarter' and quarter = 4)  as q4,
        count(*) filter (where role = 'target_quarter')                                         as quarter_cells,
        count(*) filter (where role = 'target_quarter' and quarter is null)                     as unparsed_quarter_cells
    from cells
    group by all
    having count(*) filter (where role = 'target_annual') > 0
       and count(*) filter (where role = 'target_quarter') > 0
),

facts as (
    select *,
        greatest(0.01, {{ rel_tol }} * abs(annual)) as tol,
        q1 + q2 + q3 + q4 as quarter_sum,
        annual is not null and q1 is not null and q2 is not null and q3 is not null and q4 is not null as complete
    from per_record
),

fits as (
    select *,
        complete and abs(q1 - annual) <= tol and abs(q2 - annual) <= tol and abs(q3 - annual) <= tol
                 and abs(q4 - annual) <= tol                                    as fit_level,
        complete and abs(quarter_sum - annual) <= tol                          as fit_increment,
        complete and abs(q4 - annual) <= tol and q1 <= q2 and q2 <= q3 and q3 <= q4 as fit_cumulative,
        complete and abs(quarter_sum - 100) <= 0.5 and abs(annual - 100) > tol as fit_share,
        complete and abs(q4 - annual) <= tol and not (q1 <= q2 and q2 <= q3 and q3 <= q4) as fit_level_weak
    from facts
),

decided as (
    select *,
        case
            when not complete then 'unknown'
            when fit_level then 'level'
            when fit_increment then 'increment'
            when fit_cumulative then 'cumulative'
            when fit_share then 'share'
            when fit_level_weak then 'level'
            else 'unknown'
        end as rule_semantics,
        'TW I-IV = ' || coalesce(q1::varchar, 'NULL') || ', ' || coalesce(q2::varchar, 'NULL') || ', '
            || coalesce(q3::varchar, 'NULL') || ', ' || coalesce(q4::varchar, 'NULL')
            || '; annual = ' || coalesce(annual::varchar, 'NULL (' || coalesce(annual_text, '') || ')') as series_text
    from fits
),

evidenced as (
    select *,
        case rule_semantics
            when 'level' then
                case when fit_level then 'all four quarters equal the annual target ' || annual::varchar
                     else 'TW IV equals the annual target ' || annual::varchar || ' but the series goes down: a level held each quarter' end
            when 'increment' then 'sum of TW I-IV = ' || quarter_sum::varchar || ' = annual ' || annual::varchar
            when 'cumulative' then 'TW IV equals annual ' || annual::varchar || ' and the series is non-decreasing'
            when 'share' then 'quarters sum to ' || quarter_sum::varchar || ' (100% of the year) while annual is ' || annual::varchar
            else case when not complete then 'missing: ' || concat_ws(', ',
                        case when annual is null then 'annual target has no number' end,
                        case when q1 is null then 'TW I' end, case when q2 is null then 'TW II' end,
                        case when q3 is null then 'TW III' end, case when q4 is null then 'TW IV' end)
                      else 'no rule fits (sum ' || quarter_sum::varchar || ', TW IV ' || q4::varchar || ', annual ' || annual::varchar || ')' end
        end
        || case when rule_semantics = 'level' and fit_level and fit_cumulative then '; also fits cumulative (same planned shares), level kept' else '' end
        || case when rule_semantics = 'increment' and fit_cumulative then '; also fits cumulative (only TW IV non-zero: same planned shares), increment kept' else '' end
        || case when rule_semantics = 'increment' and abs(quarter_sum - 100) <= 0.5 and abs(annual - 100) <= tol then '; also reads as shares of 100% (same planned shares)' else '' end
        || ' [' || series_text || ']' as rule_evidence
    from decided
),

overrides as (
    select trim(cast(submission_id as varchar)) as submission_id, trim(cast(table_id as varchar)) as table_id, cast(record_no as integer) as record_no,
           trim(cast(semantics as varchar)) as semantics, cast(reason as varchar) as reason
    from {{ ref('quarter_semantics_overrides') }}
)

select
    e.submission_id,
    e.table_id,
    e.record_no,
    e.level,
    e.annual,
    e.q1, e.q2, e.q3, e.q4,
    e.quarter_sum,
    e.unparsed_quarter_cells,
    e.rule_semantics,
    e.rule_evidence,
    coalesce(o.semantics, e.rule_semantics)                                   as semantics,
    case when o.semantics is not null then 'override' else 'rule' end        as decided_by,
    case when o.semantics is not null then 'override: ' || coalesce(o.reason, '') || ' (rule said ' || e.rule_semantics || ')'
         else e.rule_evidence end                                             as evidence
from evidenced e
left join overrides o using (submission_id, table_id, record_no)
