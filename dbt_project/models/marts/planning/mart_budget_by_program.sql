-- Question 1 (and 3, 8): per fiscal year, region, plan version and program (by nomenclature code): pagu,
-- realisasi (with the quarter it runs to), serapan %, share of the region's program pagu, support program flag
-- (all from int_program_budget). is_latest: the highest plan version (perubahan > murni) the agency sent for that
-- year; earlier versions stay.
select
    fiscal_year, region_code, region_name, agency_name, plan_version, is_latest,
    nomenclature_code,
    program_name,
    is_support_program,
    pagu_idr,
    realisasi_idr,
    realisasi_through_quarter,
    serapan_pct,
    serapan_source,
    try_cast(round(pagu_idr / nullif(sum(pagu_idr) over (partition by region_code, agency_name, fiscal_year, plan_version), 0) * 100, 2) as decimal(9, 2)) as share_of_region_pagu_pct,
    source_file,
    source_lines
from {{ ref('int_program_budget') }}
