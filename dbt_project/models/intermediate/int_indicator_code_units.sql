-- Per nomenclature code, over the latest annual targets attached to it (int_indicator_targets): how many regions set
-- one, how many canonical units they use, and so whether the code's targets can be compared as they stand.
-- comparable = every target on the code has the same known canonical unit; unit_mismatch = several regions on the
-- code and their canonical units differ (or one is unknown or missing): never compare those without converting.
-- The code's official name (int_nomenclature) is beside it. One row per code: what every row of
-- marts.mart_indicator_comparison on that code repeats.
with per_code as (
    select nomenclature_code,
        count(distinct region_code) as regions_on_code,
        count(distinct coalesce(canonical_unit, '?')) as canonical_units_on_code,
        bool_and(unit_is_known) as all_units_known
    from {{ ref('int_indicator_targets') }}
    group by 1
)
select
    p.nomenclature_code,
    n.name                                                                    as nomenclature_name,
    p.regions_on_code,
    p.canonical_units_on_code,
    p.canonical_units_on_code = 1 and p.all_units_known                       as comparable,
    p.regions_on_code > 1 and not (p.canonical_units_on_code = 1 and p.all_units_known) as unit_mismatch
from per_code p
left join {{ ref('int_nomenclature') }} n on n.code = p.nomenclature_code
