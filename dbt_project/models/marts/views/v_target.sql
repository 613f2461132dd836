-- Public contract (issue #3): indicator targets, latest version only. quarter NULL = annual target.
-- Renstra 'tujuan' targets are not in the contract's levels: they stay in fct_target.
-- unit: the indicator's canonical unit (dim_indicator.canonical_unit) when known, else the verbatim unit text.
select
    t.region_code,
    r.region_name,
    a.agency_name,
    t.fiscal_year,
    t.quarter,
    t.plan_version,
    t.level,
    t.nomenclature_code,
    t.item_name,
    t.indicator_name,
    coalesce(i.canonical_unit, t.unit) as unit,
    t.target_value,
    t.target_text,
    t.source_file,
    t.source_line
from {{ ref('fct_target') }} t
join {{ ref('dim_agency') }} a using (agency_id)
left join {{ ref('dim_indicator') }} i on i.indicator_id = t.indicator_id
left join {{ ref('dim_region') }} r on r.region_code = t.region_code
where t.is_latest_version
  and t.level in ('sasaran', 'program', 'kegiatan', 'sub_kegiatan', 'aksi')
