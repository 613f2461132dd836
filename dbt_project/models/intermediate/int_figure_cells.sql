-- Every figure cell (budget, targets, realisations) with its item, quarter (1..4, NULL = whole year), plan version
-- and fiscal year resolved. int_budget_lines (money) and int_figure_places (every figure) select from here.
--   quarter:      normalize_quarter(quarter_label)           ('TW. 1','TW 1','1','I','Triwulan I' -> 1)
--   plan_version: 'pagu_awal' -> murni, 'pagu_perubahan' -> perubahan, else the submission's plan_version
--   fiscal_year:  year_label when the table spans several years, else the submission's fiscal_year
-- Cells listed in int_rejected_values (negative or out-of-range amounts, unreadable magnitudes) are left out.
with cells as (
    select * from {{ ref('int_cells_interpreted') }} c
    where not exists (select 1 from {{ ref('int_rejected_values') }} r
                      where r.submission_id = c.submission_id and r.value_no = c.value_no)
      and role in ('budget', 'budget_realisation', 'target_annual', 'target_quarter', 'target_year',
                   'realisation', 'realisation_pct', 'absorption_pct')
),
items as (select * from {{ ref('int_items') }}),
submissions as (select * from {{ ref('stg_landing__submissions') }}),
quarters as (
    -- a corpus writes its quarters a dozen ways: each label is normalised once, not once per cell
    select quarter_label, {{ normalize_quarter('quarter_label') }} as quarter
    from (select distinct quarter_label from {{ ref('int_cells_interpreted') }} where quarter_label is not null)
)

select
    c.submission_id,
    c.value_no,
    s.agency_name,
    s.region_code,
    s.document_type,
    c.table_id,
    c.record_no,
    i.item_record_no,
    i.has_own_name,
    coalesce(c.level, i.level)                                          as level,
    i.item_name,
    i.item_key,
    i.indicator_name,
    i.indicator_key,
    coalesce(i.unit_text, c.unit_text)                                  as unit,
    c.role,
    case
        when c.role = 'budget' then 'pagu'
        when c.role = 'budget_realisation' then 'realisasi'
        when c.role in ('target_annual', 'target_quarter', 'target_year') then 'target'
        when c.role = 'realisation' then 'realisasi_kinerja'
        when c.role = 'realisation_pct' then 'capaian_pct'
        when c.role = 'absorption_pct' then 'serapan_pct'
    end                                                                 as measure,
    case when c.role in ('target_annual', 'target_year') then null
         else q.quarter end                                             as quarter,
    c.quarter_label,
    {{ normalize_version('c.version_label', 's.plan_version') }}         as plan_version,
    c.version_label,
    coalesce(try_cast(c.year_label as integer), s.fiscal_year)          as fiscal_year,
    c.year_label,
    c.value_text,
    c.value_numeric,
    c.value_kind,
    c.unit_text                                                         as value_unit_text,
    c.qualifier,
    c.grade,
    c.is_ambiguous,
    c.alternatives,
    c.parse_note,
    c.source_file,
    c.source_line,
    c.source_column,
    c.source_page,
    c.context
from cells c
left join items i using (submission_id, table_id, record_no)
left join submissions s using (submission_id)
left join quarters q on q.quarter_label = c.quarter_label
