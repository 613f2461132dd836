-- Check stated_total: the document's stated total (agency row) vs the sum of one level's items (sasaran, program,
-- top-level belanja).
with money as (
    select * from {{ ref('int_planning_figures') }}
    where measure in ('pagu', 'realisasi') and value_numeric is not null
),
items as (select * from {{ ref('int_items') }}),
rec as (
    select m.*, i.parent_record_no
    from money m join items i on i.submission_id = m.submission_id and i.table_id = m.fact_table_id and i.record_no = m.fact_record_no
),
totals as (
    select submission_id, fiscal_year, plan_version, measure, quarter, value_numeric as total, source_line, source_lines
    from money where level = 'agency'
),
level_sums as (
    select submission_id, fiscal_year, plan_version, measure, quarter,
        case when level = 'belanja' then 'belanja' else level end as lvl,
        sum(value_numeric) as level_amount, count(*) as n_items, list_sort(list(source_line)) as lines
    from rec
    where level in ('sasaran', 'program')
       or (level = 'belanja' and (parent_record_no is null
            or exists (select 1 from items pi where pi.submission_id = rec.submission_id and pi.table_id = rec.fact_table_id
                       and pi.record_no = rec.parent_record_no and pi.level = 'agency')))
    group by all
    having count(*) > 1
)
select
    t.submission_id, t.source_line, 'stated_total' as check_name, 'error' as severity,
    'Jumlah anggaran per ' || l.lvl || ' tahun ' || t.fiscal_year || ' (baris ' || array_to_string(l.lines, ', ') || ': Rp '
        || {{ rupiah_text('l.level_amount') }} || ') tidak sama dengan total yang dinyatakan dokumen (baris '
        || array_to_string(t.source_lines, ', ') || ': Rp ' || {{ rupiah_text('t.total') }} || '); selisih Rp '
        || {{ rupiah_text('abs(t.total - l.level_amount)') }} || '.' as message,
    cast(t.total as decimal(38, 6))                    as figure_stated,
    cast(l.level_amount as decimal(38, 6))             as figure_computed,
    cast(l.level_amount - t.total as decimal(38, 6))   as difference
from totals t join level_sums l
  on l.submission_id = t.submission_id and l.fiscal_year = t.fiscal_year and l.plan_version = t.plan_version
 and l.measure = t.measure and l.quarter is not distinct from t.quarter
where abs(t.total - l.level_amount) >= 0.005
