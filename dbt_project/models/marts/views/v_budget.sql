-- Public contract (issue #3): budget per region, agency, year, quarter, version, level and item. Latest version only
-- (fct_budget keeps the history). One row per figure: sums never double count.
select
    b.region_code,
    r.region_name,
    a.agency_name,
    b.fiscal_year,
    b.quarter,
    b.plan_version,
    b.level,
    b.nomenclature_code,
    b.item_name,
    b.measure,
    b.amount_idr,
    b.source_file,
    b.source_line
from {{ ref('fct_budget') }} b
join {{ ref('dim_agency') }} a using (agency_id)
left join {{ ref('dim_region') }} r on r.region_code = b.region_code
where b.is_latest_version
