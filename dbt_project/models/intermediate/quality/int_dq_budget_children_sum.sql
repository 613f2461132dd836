-- Check budget_children_sum: a budget that is not the sum of the budgets under it.
--   nomenclature tree: a program's / kegiatan's budget vs the sum of its kegiatan / sub kegiatan (by code)
--   record tree (belanja breakdowns): a belanja/agency row vs the belanja rows under it in the same table
with money as (
    select * from {{ ref('int_planning_figures') }}
    where measure in ('pagu', 'realisasi') and value_numeric is not null
),
items as (select * from {{ ref('int_items') }}),
coded as (
    select submission_id, fiscal_year, plan_version, measure, quarter, level, resolved_code as code,
           sum(value_numeric) as amount, list_sort(list(source_line)) as lines, min(source_line) as first_line,
           list(value_text order by source_line, value_text) as texts
    from money where level in ('program', 'kegiatan', 'sub_kegiatan') and resolved_code is not null
    group by all
),
tree as (
    select p.submission_id, p.fiscal_year, p.plan_version, p.measure, p.quarter, p.level as parent_level, p.code,
           p.amount as parent_amount, p.lines as parent_lines, p.first_line, p.texts as parent_texts, c.level as child_level,
           sum(c.amount) as children_amount, list_sort(flatten(list(c.lines))) as child_lines
    from coded p
    join coded c
      on c.submission_id = p.submission_id and c.fiscal_year = p.fiscal_year and c.plan_version = p.plan_version
     and c.measure = p.measure and c.quarter is not distinct from p.quarter
     and c.level = case p.level when 'program' then 'kegiatan' when 'kegiatan' then 'sub_kegiatan' end
     and starts_with(c.code, p.code || '.')
    group by all
),
rec as (
    select m.*, i.parent_record_no
    from money m join items i on i.submission_id = m.submission_id and i.table_id = m.fact_table_id and i.record_no = m.fact_record_no
),
rec_tree as (
    select p.submission_id, p.fiscal_year, p.plan_version, p.measure, p.item_name, p.source_line,
           p.value_numeric as parent_amount, sum(c.value_numeric) as children_amount,
           list_sort(list(c.source_line)) as child_lines
    from rec p join rec c
      on c.submission_id = p.submission_id and c.fact_table_id = p.fact_table_id and c.parent_record_no = p.fact_record_no
     and c.fiscal_year = p.fiscal_year and c.plan_version = p.plan_version and c.measure = p.measure
     and c.quarter is not distinct from p.quarter and c.level = 'belanja'
    where p.level in ('belanja', 'agency')
    group by all
)
select
    submission_id, first_line as source_line, 'budget_children_sum' as check_name, 'error' as severity,
    'Anggaran ' || parent_level || ' ' || code || ' (baris ' || array_to_string(parent_lines, ', ') || ': Rp '
        || {{ rupiah_text('parent_amount') }} || ') tidak sama dengan jumlah anggaran ' || replace(child_level, '_', ' ')
        || ' di bawahnya (baris ' || array_to_string(child_lines, ', ') || ': Rp ' || {{ rupiah_text('children_amount') }}
        || '); selisih Rp ' || {{ rupiah_text('abs(parent_amount - children_amount)') }}
        || case when children_amount < parent_amount then ' (rincian lebih kecil).' else ' (rincian lebih besar).' end as message,
    cast(parent_amount as decimal(38, 6))                   as figure_stated,
    cast(children_amount as decimal(38, 6))                 as figure_computed,
    cast(children_amount - parent_amount as decimal(38, 6)) as difference
from tree where abs(parent_amount - children_amount) >= 0.005

union all

select
    submission_id, source_line, 'budget_children_sum', 'error',
    'Jumlah "' || coalesce(item_name, 'total') || '" tahun ' || fiscal_year || ' (' || plan_version || ', baris ' || source_line
        || ': Rp ' || {{ rupiah_text('parent_amount') }} || ') tidak sama dengan jumlah rinciannya (baris '
        || array_to_string(child_lines, ', ') || ': Rp ' || {{ rupiah_text('children_amount') }} || '); selisih Rp '
        || {{ rupiah_text('abs(parent_amount - children_amount)') }} || '.',
    cast(parent_amount as decimal(38, 6)), cast(children_amount as decimal(38, 6)),
    cast(children_amount - parent_amount as decimal(38, 6))
from rec_tree where abs(parent_amount - children_amount) >= 0.005
