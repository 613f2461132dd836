-- Indicator realisations with capaian of every plan version; is_latest_version marks the plan in force.
-- capaian_pct: as the document states it, with the digits it states (never rounded), else computed from the target.
-- unit: the indicator's canonical unit when known, else the verbatim unit text.
select
    x.region_code,
    r.region_name,
    a.agency_name,
    x.fiscal_year,
    x.quarter,
    x.plan_version,
    x.is_latest_version,
    x.level,
    x.nomenclature_code,
    x.item_name,
    x.indicator_name,
    coalesce(i.canonical_unit, x.unit) as unit,
    x.realisation_value,
    x.realisation_text,
    x.capaian_pct,
    x.capaian_source,
    x.source_file,
    x.source_line,
    x.source_page
from {{ ref('fct_realisation') }} x
join {{ ref('dim_agency') }} a using (agency_id)
left join {{ ref('dim_indicator') }} i on i.indicator_id = x.indicator_id
left join {{ ref('dim_region') }} r on r.region_code = x.region_code
