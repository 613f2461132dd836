-- Indicator targets at every level (tujuan, sasaran, program, kegiatan, sub kegiatan, aksi) of every plan version;
-- is_latest_version marks the plan in force. quarter NULL = annual target. target_value is the figure as written
-- (never rounded; target_text is the verbatim text). unit: the indicator's canonical unit
-- (dim_indicator.canonical_unit) when known, else the verbatim unit text.
select
    t.region_code,
    r.region_name,
    a.agency_name,
    t.fiscal_year,
    t.quarter,
    t.plan_version,
    t.is_latest_version,
    t.level,
    t.nomenclature_code,
    t.item_name,
    t.indicator_name,
    coalesce(i.canonical_unit, t.unit) as unit,
    t.target_value,
    t.target_text,
    t.source_file,
    t.source_line,
    t.source_page
from {{ ref('fct_target') }} t
join {{ ref('dim_agency') }} a using (agency_id)
left join {{ ref('dim_indicator') }} i on i.indicator_id = t.indicator_id
left join {{ ref('dim_region') }} r on r.region_code = t.region_code
