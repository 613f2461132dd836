-- The latest annual target of every indicator attached to a nomenclature code (program / kegiatan / sub kegiatan
-- code), with its unit as written and its canonical unit (int_units_conformed): the rows of
-- marts.mart_indicator_comparison. Incremental by submission: the latest version is decided among one agency's
-- submissions (int_planning_figures.is_latest_version), which an incremental build recomputes together.
with t as (
    select * from {{ ref('int_planning_figures') }}
    where measure = 'target' and quarter is null and level in ('program', 'kegiatan', 'sub_kegiatan')
      and resolved_code is not null and is_latest_version
),
units as (select * from {{ ref('int_units_conformed') }})
select
    t.submission_id,
    t.resolved_code as nomenclature_code, t.level, t.region_code, t.region_name, t.agency_name, t.fiscal_year,
    t.plan_version, t.item_name, t.indicator_name,
    coalesce(u.unit_text, t.unit) as unit, u.canonical_unit, coalesce(u.is_known, false) as unit_is_known,
    cast(t.value_numeric as decimal(38, 6)) as annual_target, t.value_text as annual_target_text,
    t.source_file, t.source_line
from t
left join units u
    on u.submission_id = t.submission_id and u.table_id = t.fact_table_id and u.record_no = t.fact_record_no
