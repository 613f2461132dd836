-- Question 1 (and 3, 8): per fiscal year, region, plan version and program (by nomenclature code): pagu,
-- realisasi (with the quarter it runs to), serapan %, share of the region's program pagu, support program flag
-- (from int_program_budget). is_latest: the highest plan version (perubahan > murni) the agency sent for that
-- year; earlier versions stay.
with per_program as (select * from {{ ref('int_program_budget') }}),
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
    p.serapan_pct,
    p.serapan_source,
    try_cast(round(p.pagu_idr / nullif(sum(p.pagu_idr) over (partition by p.region_code, p.agency_name, p.fiscal_year, p.plan_version), 0) * 100, 2) as decimal(9, 2)) as share_of_region_pagu_pct,
    p.source_file,
    p.source_lines
from per_program p
join versions v using (region_code, agency_name, fiscal_year)
