-- Question 4: per fiscal year, region and indicator (one indicator record of a submission), the planned cumulative
-- share of the annual target by the end of TW I..IV under the decided quarterly semantics
-- (int_quarter_semantics / int_planned_cumulative_share), and back_loaded: at least half of the year's target is
-- planned for TW IV (share_tw4 - share_tw3 >= 0.5). NULL shares = semantics unknown or no annual number.
-- Lampung's per-quarter tables: one row per indicator grouped across rencana_aksi_tw1..tw4 (member_records), the
-- annual target from the multi-year table where stated (annual_source 'target_year'); source_line = the TW I line.
-- Incremental by submission (every row is one record of one submission); the base of marts.mart_quarterly_plan
-- (published as is) and of the plan marts.mart_quarter_rating rates against.
with s as (select * from {{ ref('int_planned_cumulative_share') }}),
sem as (select submission_id, table_id, record_no, evidence, decided_by, annual_source, member_records, source_line from {{ ref('int_quarter_semantics') }}),
pivoted as (
    select submission_id, table_id, record_no, arg_min(semantics, quarter) as semantics, arg_min(annual, quarter) as annual_target,
        max(planned_cumulative_share) filter (where quarter = 1) as share_tw1,
        max(planned_cumulative_share) filter (where quarter = 2) as share_tw2,
        max(planned_cumulative_share) filter (where quarter = 3) as share_tw3,
        max(planned_cumulative_share) filter (where quarter = 4) as share_tw4
    from s group by all
),
select
    sub.fiscal_year,
    sub.region_code,
    r.region_name,
    sub.agency_name,
    sub.plan_version,
    p.submission_id, p.table_id, p.record_no,
    i.level,
    i.item_name,
    i.indicator_name,
    u.unit_text                                                   as unit,
    u.canonical_unit,
    cast(p.annual_target as decimal(38, 6))                       as annual_target,
    p.semantics,
    sem.decided_by,
    sem.evidence,
    sem.annual_source,
    sem.member_records,
    round(p.share_tw1, 4) as share_tw1,
    round(p.share_tw2, 4) as share_tw2,
    round(p.share_tw3, 4) as share_tw3,
    round(p.share_tw4, 4) as share_tw4,
    case when p.share_tw3 is null or p.share_tw4 is null then null
         else p.share_tw4 - p.share_tw3 >= 0.5 end                 as back_loaded,
    sub.source_file,
    sem.source_line
from pivoted p
join {{ ref('stg_landing__submissions') }} sub using (submission_id)
left join {{ ref('regions') }} r on r.region_code = sub.region_code
left join {{ ref('int_items') }} i using (submission_id, table_id, record_no)
left join {{ ref('int_units_conformed') }} u using (submission_id, table_id, record_no)
left join sem using (submission_id, table_id, record_no)
