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
-- Grouping: a record's quarterly targets are read from the record itself (Bangka: TW I-IV columns; Luwu Timur: TW
-- rows), except in per-quarter tables (a table whose quarterly targets all carry one quarter: Lampung's
-- rencana_aksi_tw1..tw4): there the quarters of one indicator sit in four tables and are grouped by item identity
-- (same submission, level, normalised item name and normalised indicator name, in which 'Prosentase'/'Presentase'/
-- 'Persentase' read alike). The row keeps the identity of the first record of the group (the TW I table where listed);
-- member_records lists them all. Annual target: the record's own (role target_annual), else the same item's
-- multi-year target (role target_year) for the submission's fiscal year (Lampung's Tabel III.1: '87,50' for 2023).
-- Without an annual target, a percentage series summing to 100 reads as shares, else 'unknown' with evidence
-- 'no annual target stated'. Placeholders ('-') are no value, never 0, and are named in the evidence.
{% set rel_tol = 0.005 %}
with items as (
    select submission_id, table_id, record_no, level, item_key,
        indicator_key as indicator_norm
    from {{ ref('int_items') }}
),

cells as (
    select c.submission_id, c.table_id, c.record_no, c.value_no, c.role, c.value_numeric, c.value_text, c.value_kind,
        c.source_line, c.year_label, c.quarter_label, coalesce(c.level, i.level) as level, i.item_key, i.indicator_norm, q.quarter
    from {{ ref('int_cells_interpreted') }} c
    left join {{ ref('int_quarter_labels') }} q using (quarter_label)
    left join items i using (submission_id, table_id, record_no)
    where c.role in ('target_annual', 'target_quarter', 'target_year')
),

table_quarters as (
    select *, sum(n) over (partition by submission_id, table_id) as n_table,
        row_number() over (partition by submission_id, table_id order by n desc, quarter) as rn
    from (select submission_id, table_id, quarter, count(*) as n
          from cells where role = 'target_quarter' group by submission_id, table_id, quarter)
),

per_quarter_tables as (   -- (almost) every quarterly target of the table carries the same quarter: >= 90%, at least 3
    select submission_id, table_id, quarter as table_quarter
    from table_quarters
    where rn = 1 and quarter is not null and n_table >= 3 and n >= 0.9 * n_table
),

series_cells as (   -- in a per-quarter table the table's quarter wins over a stray label ('1' in the TW IV table)
    select c.* replace (case when pq.table_id is not null and c.role = 'target_quarter' then pq.table_quarter else c.quarter end as quarter),
        pq.table_id is not null and c.role = 'target_quarter' and c.quarter is distinct from pq.table_quarter as label_overridden,
        case when pq.table_id is not null and c.item_key is not null and c.indicator_norm is not null
             then 'item|' || c.level || '|' || c.item_key || '|' || c.indicator_norm
             else 'record|' || c.table_id || '|' || c.record_no end as series_key
    from cells c
    left join per_quarter_tables pq using (submission_id, table_id)
    where c.role in ('target_annual', 'target_quarter')
),

year_targets as (   -- multi-year targets for the submission's fiscal year, by item identity
    select c.submission_id, c.level, c.item_key, c.indicator_norm,
        arg_min(c.value_numeric, c.value_no) as year_annual,
        arg_min(c.value_text, c.value_no)    as year_annual_text,
        arg_min(c.source_line, c.value_no)   as year_annual_line,
        arg_min(c.table_id, c.value_no)      as year_annual_table
    from cells c
    join {{ ref('stg_landing__submissions') }} s using (submission_id)
    where c.role = 'target_year' and try_cast(c.year_label as integer) = s.fiscal_year
      and c.item_key is not null and c.indicator_norm is not null
    group by all
),

per_series as (
    select
        submission_id, series_key,
        arg_min(table_id, value_no) filter (where role = 'target_quarter')                     as table_id,
        arg_min(record_no, value_no) filter (where role = 'target_quarter')                    as record_no,
        arg_min(level, value_no)                                                                as level,
        arg_min(item_key, value_no)                                                             as item_key,
        arg_min(indicator_norm, value_no)                                                       as indicator_norm,
        list_sort(list(distinct table_id || '#' || record_no))                                 as member_records,
        count(distinct table_id || '#' || record_no)                                           as member_count,
        arg_min(value_numeric, value_no) filter (where role = 'target_annual')                   as own_annual,
        arg_min(value_text, value_no) filter (where role = 'target_annual')                      as own_annual_text,
        min(source_line) filter (where role = 'target_annual')                                   as own_annual_line,
        arg_min(value_numeric, value_no) filter (where role = 'target_quarter' and quarter = 1)  as q1,
        arg_min(value_numeric, value_no) filter (where role = 'target_quarter' and quarter = 2)  as q2,
        arg_min(value_numeric, value_no) filter (where role = 'target_quarter' and quarter = 3)  as q3,
        arg_min(value_numeric, value_no) filter (where role = 'target_quarter' and quarter = 4)  as q4,
        arg_min(value_text, value_no) filter (where role = 'target_quarter' and quarter = 1)     as q1_text,
        arg_min(value_text, value_no) filter (where role = 'target_quarter' and quarter = 2)     as q2_text,
        arg_min(value_text, value_no) filter (where role = 'target_quarter' and quarter = 3)     as q3_text,
        arg_min(value_text, value_no) filter (where role = 'target_quarter' and quarter = 4)     as q4_text,
        list_sort(list(distinct source_line) filter (where role = 'target_quarter'))            as quarter_lines,
        bool_and(value_kind = 'percent') filter (where role = 'target_quarter' and value_numeric is not null) as quarters_all_percent,
        count(*) filter (where role = 'target_quarter')                                         as quarter_cells,
        count(*) filter (where role = 'target_quarter' and quarter is null)                     as unparsed_quarter_cells,
        string_agg('line ' || source_line || ' labelled TW ''' || quarter_label || ''' in the TW ' || quarter || ' table, read as TW ' || quarter, '; ' order by source_line, value_no) filter (where label_overridden) as label_notes
    from series_cells
    group by all
    having count(*) filter (where role = 'target_quarter') > 0
),

per_record as (
    select p.*,
        coalesce(p.own_annual, case when p.own_annual_text is null then y.year_annual end)      as annual,
        coalesce(p.own_annual_text, y.year_annual_text)                                          as annual_text,
        case when p.own_annual_text is not null then 'target_annual'
             when y.year_annual_text is not null then 'target_year'
             else 'none' end                                                                     as annual_source,
        coalesce(p.own_annual_line, y.year_annual_line)                                          as annual_source_line,
        y.year_annual_table
    from per_series p
    left join year_targets y
      on y.submission_id = p.submission_id and y.level = p.level and y.item_key = p.item_key
     and y.indicator_norm = p.indicator_norm
),

facts as (
    select *,
        greatest(0.01, {{ rel_tol }} * abs(annual)) as tol,
        q1 + q2 + q3 + q4 as quarter_sum,
        annual is not null and q1 is not null and q2 is not null and q3 is not null and q4 is not null as complete,
        q1 is not null and q2 is not null and q3 is not null and q4 is not null                     as quarters_complete,
        concat_ws('; ',
            case when q1 is null and q1_text is not null then 'TW I ''' || q1_text || ''' = no value (not 0)' when q1_text is null then 'TW I not listed' end,
            case when q2 is null and q2_text is not null then 'TW II ''' || q2_text || ''' = no value (not 0)' when q2_text is null then 'TW II not listed' end,
            case when q3 is null and q3_text is not null then 'TW III ''' || q3_text || ''' = no value (not 0)' when q3_text is null then 'TW III not listed' end,
            case when q4 is null and q4_text is not null then 'TW IV ''' || q4_text || ''' = no value (not 0)' when q4_text is null then 'TW IV not listed' end
        ) as gaps_text
    from per_record
),

fits as (
    select *,
        complete and abs(q1 - annual) <= tol and abs(q2 - annual) <= tol and abs(q3 - annual) <= tol
                 and abs(q4 - annual) <= tol                                    as fit_level,
        complete and abs(quarter_sum - annual) <= tol                          as fit_increment,
        complete and abs(q4 - annual) <= tol and q1 <= q2 and q2 <= q3 and q3 <= q4 as fit_cumulative,
        complete and abs(quarter_sum - 100) <= 0.5 and abs(annual - 100) > tol as fit_share,
        complete and abs(q4 - annual) <= tol and not (q1 <= q2 and q2 <= q3 and q3 <= q4) as fit_level_weak,
        annual_source = 'none' and quarters_complete and coalesce(quarters_all_percent, false)
            and abs(q1 + q2 + q3 + q4 - 100) <= 0.5                               as fit_share_without_annual
    from facts
),

decided as (
    select *,
        case
            when fit_share_without_annual then 'share'
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
            when 'share' then case when fit_share_without_annual
                                   then 'no annual target stated; the quarters are percentages summing to ' || quarter_sum::varchar || ' (shares of the year)'
                                   else 'quarters sum to ' || quarter_sum::varchar || ' (100% of the year) while annual is ' || annual::varchar end
            else case when annual_source = 'none' then 'no annual target stated'
                                || case when gaps_text <> '' then '; ' || gaps_text else '' end
                      when not complete then 'missing: ' || concat_ws(', ',
                        case when annual is null then 'annual target has no number' end,
                        case when q1 is null then 'TW I' end, case when q2 is null then 'TW II' end,
                        case when q3 is null then 'TW III' end, case when q4 is null then 'TW IV' end)
                        || case when gaps_text <> '' then ' (' || gaps_text || ')' else '' end
                      else 'no rule fits (sum ' || quarter_sum::varchar || ', TW IV ' || q4::varchar || ', annual ' || annual::varchar || ')' end
        end
        || case when rule_semantics = 'level' and fit_level and fit_cumulative then '; also fits cumulative (same planned shares), level kept' else '' end
        || case when rule_semantics = 'increment' and fit_cumulative then '; also fits cumulative (only TW IV non-zero: same planned shares), increment kept' else '' end
        || case when rule_semantics = 'increment' and abs(quarter_sum - 100) <= 0.5 and abs(annual - 100) <= tol then '; also reads as shares of 100% (same planned shares)' else '' end
        || case when annual_source = 'target_year' then '; annual ' || annual_text || ' from the multi-year target for the fiscal year ('
                    || year_annual_table || ' line ' || annual_source_line || ')' else '' end
        || case when label_notes is not null then '; ' || label_notes else '' end
        || case when member_count > 1 then '; quarters from ' || member_count || ' records ' || array_to_string(member_records, ', ') else '' end
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
    e.annual_source,
    e.annual_source_line,
    e.member_records,
    e.quarter_lines,
    case when e.annual_source = 'target_annual' then e.annual_source_line else e.quarter_lines[1] end as source_line,
    e.rule_semantics,
    e.rule_evidence,
    coalesce(o.semantics, e.rule_semantics)                                   as semantics,
    case when o.semantics is not null then 'override' else 'rule' end        as decided_by,
    case when o.semantics is not null then 'override: ' || coalesce(o.reason, '') || ' (rule said ' || e.rule_semantics || ')'
         else e.rule_evidence end                                             as evidence
from evidenced e
left join overrides o using (submission_id, table_id, record_no)
