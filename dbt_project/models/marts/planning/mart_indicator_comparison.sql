-- Question 5: annual targets of indicators attached to the same nomenclature item (program / kegiatan /
-- sub kegiatan code) across regions, side by side with canonical units. comparable = every region's indicator on
-- this code has the same known canonical unit; unit_mismatch = the code's indicators carry different canonical
-- units (or an unknown/missing unit): never compare those targets without converting first.
with t as (
    select * from {{ ref('int_planning_figures') }}
    where measure = 'target' and quarter is null and level in ('program', 'kegiatan', 'sub_kegiatan')
      and resolved_code is not null
),
units as (select * from {{ ref('int_units_conformed') }}),
rows_ as (
    select
        t.resolved_code as nomenclature_code, t.level, t.region_code, t.region_name, t.agency_name, t.fiscal_year,
        t.plan_version, t.item_name, t.indicator_name,
        coalesce(u.unit_text, t.unit) as unit, u.canonical_unit, coalesce(u.is_known, false) as unit_is_known,
        cast(t.value_numeric as decimal(38, 6)) as annual_target, t.value_text as annual_target_text,
        t.is_latest_version, t.source_file, t.source_line
    from t
    left join units u
        on u.submission_id = t.submission_id and u.table_id = t.fact_table_id and u.record_no = t.fact_record_no
    where t.is_latest_version
),
per_code as (
    select nomenclature_code,
        count(distinct region_code) as regions_on_code,
        count(distinct coalesce(canonical_unit, '?')) as canonical_units_on_code,
        bool_and(unit_is_known) as all_units_known
    from rows_ group by 1
)
select
    r.nomenclature_code,
    n.nomenclature_name,
    r.level, r.region_code, r.region_name, r.agency_name, r.fiscal_year, r.plan_version,
    r.item_name, r.indicator_name, r.unit, r.canonical_unit, r.annual_target, r.annual_target_text,
    p.regions_on_code,
    p.canonical_units_on_code,
    p.canonical_units_on_code = 1 and p.all_units_known                       as comparable,
    p.regions_on_code > 1 and not (p.canonical_units_on_code = 1 and p.all_units_known) as unit_mismatch,
    r.source_file, r.source_line
from rows_ r
join per_code p using (nomenclature_code)
left join {{ ref('dim_nomenclature') }} n on n.nomenclature_code = r.nomenclature_code
