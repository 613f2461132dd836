-- Question 1 (and 3, 8): per fiscal year, region, plan version and program (by nomenclature code): pagu,
-- realisasi (with the quarter it runs to), serapan %, share of the region's program pagu, support program flag.
-- is_latest: the highest plan version (perubahan > murni) the agency sent for that year; earlier versions stay.
with f as (
    select * from {{ ref('planning_figures') }}
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
),
versions as (
    select region_code, agency_name, fiscal_year, max({{ version_rank('plan_version') }}) as top_rank
    from per_program group by all
)
select
    p.fiscal_year,
    p.region_code,
    p.region_name,
    p.agency_name,
    p.plan_version,
    {{ version_rank('p.plan_version') }} = v.top_rank                                    as is_latest,
    p.nomenclature_code,
    p.program_name,
    coalesce(p.nomenclature_code like 'X.XX.01', false)                                   as is_support_program,
    try_cast(p.pagu_idr as decimal(18, 2))                                                  as pagu_idr,
    try_cast(p.realisasi_idr as decimal(18, 2))                                             as realisasi_idr,
    p.realisasi_through_quarter,
    -- computed: 2 decimals; stated: every digit the document writes (never rounded)
    try_cast(case when p.pagu_idr > 0 and p.realisasi_idr is not null
              then round(p.realisasi_idr / p.pagu_idr * 100, 2) else p.stated_serapan_pct end as decimal(38, 6)) as serapan_pct,
    case when p.pagu_idr > 0 and p.realisasi_idr is not null then 'computed'
         when p.stated_serapan_pct is not null then 'stated' end                          as serapan_source,
    try_cast(round(p.pagu_idr / nullif(sum(p.pagu_idr) over (partition by p.region_code, p.agency_name, p.fiscal_year, p.plan_version), 0) * 100, 2) as decimal(9, 2)) as share_of_region_pagu_pct,
    p.source_file,
    p.source_lines
from per_program p
join versions v using (region_code, agency_name, fiscal_year)
