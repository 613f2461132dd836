-- Budget per region, agency, year, quarter, plan version, level and item: every plan version, one row per figure
-- (sums within one version never double count). is_latest_version marks the plan in force; filter on it for
-- "the budget", on plan_version for one version ('murni' = original, 'perubahan' = revised).
select
    b.region_code,
    r.region_name,
    a.agency_name,
    b.fiscal_year,
    b.quarter,
    b.plan_version,
    b.is_latest_version,
    b.level,
    b.nomenclature_code,
    b.item_name,
    b.measure,
    b.amount_idr,
    b.source_file,
    b.source_line,
    b.source_page
from {{ ref('fct_budget') }} b
join {{ ref('dim_agency') }} a using (agency_id)
left join {{ ref('dim_region') }} r on r.region_code = b.region_code
