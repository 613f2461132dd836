-- A capaian the document states reaches the public view with every digit it was read with: each stated capaian
-- figure is a v_realisation row whose capaian_pct equals it exactly (no rounding to the view's type).
select c.figure_id, c.source_file, c.source_line, c.value_text, c.value_numeric
from {{ ref('int_facts') }} c
join {{ ref('dim_agency') }} a using (agency_id)
where c.measure = 'capaian_pct'
  and c.value_numeric is not null  -- a placeholder ('N/A') states no figure
  and not exists (
    select 1
    from {{ ref('v_realisation') }} v
    where v.capaian_source = 'stated'
      and v.agency_name = a.agency_name
      and v.region_code = c.region_code
      and v.fiscal_year = c.fiscal_year
      and v.quarter is not distinct from c.quarter
      and v.plan_version = c.plan_version
      and v.level is not distinct from c.level
      and v.capaian_pct = c.value_numeric
  )
