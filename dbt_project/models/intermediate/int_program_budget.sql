-- Per fiscal year, region, agency, plan version and program (by nomenclature code, else by name): pagu, realisasi
-- to the last quarter stated (Rupiah, DECIMAL(18,2)), and serapan % (computed from pagu and realisasi, else as
-- stated); is_latest: the highest plan version (perubahan > murni) the agency sent for that year; is_support_program:
-- code X.XX.01 (Program Penunjang Urusan Pemerintahan Daerah). The base of marts.mart_budget_by_program (question 1),
-- marts.mart_budget_by_agency, the capaian anggaran in int_program_performance and the budget in
-- marts.mart_quarter_rating.
with f as (
    select * from {{ ref('int_planning_figures') }}
    where level = 'program' and measure in ('pagu', 'realisasi', 'serapan_pct')
),
last_quarter as (   -- realisasi and serapan run to the last quarter stated; every fact stated for it counts
    select *,
        max(case when measure = 'realisasi' then quarter end) over program_window   as last_realisasi_quarter,
        max(case when measure = 'serapan_pct' then quarter end) over program_window as last_serapan_quarter
    from f
    window program_window as (partition by fiscal_year, region_code, agency_name, plan_version,
                                           coalesce(resolved_code, 'unmatched:' || item_key))
),
per_program as (
    select
        fiscal_year, region_code, min(region_name) as region_name, agency_name, plan_version,
        coalesce(resolved_code, 'unmatched:' || item_key) as program_key,
        resolved_code as nomenclature_code,
        min(item_name) as program_name,
        sum(value_numeric) filter (where measure = 'pagu' and quarter is null)            as pagu_idr,
        max(quarter) filter (where measure = 'realisasi')                                  as realisasi_through_quarter,
        sum(value_numeric) filter (where measure = 'realisasi' and quarter = last_realisasi_quarter) as realisasi_idr,
        max(value_numeric) filter (where measure = 'serapan_pct' and quarter = last_serapan_quarter) as stated_serapan_pct,
        list_sort(flatten(list(source_lines)))                                             as source_lines,
        min(source_file)                                                                   as source_file
    from last_quarter
    group by all
)
select
    p.* replace (try_cast(p.pagu_idr as decimal(18, 2)) as pagu_idr, try_cast(p.realisasi_idr as decimal(18, 2)) as realisasi_idr),
    {{ version_rank('p.plan_version') }}
        = max({{ version_rank('p.plan_version') }}) over (partition by p.region_code, p.agency_name, p.fiscal_year) as is_latest,
    {{ is_support_program('p.nomenclature_code') }}                                         as is_support_program,
    -- computed: 2 decimals; stated: every digit the document writes (never rounded)
    try_cast(case when p.pagu_idr > 0 and p.realisasi_idr is not null
              then round(p.realisasi_idr / p.pagu_idr * 100, 2) else p.stated_serapan_pct end as decimal(38, 6)) as serapan_pct,
    case when p.pagu_idr > 0 and p.realisasi_idr is not null then 'computed'
         when p.stated_serapan_pct is not null then 'stated' end                          as serapan_source
from per_program p
