-- Per fiscal year, region, agency and plan version: program-level pagu split into the support program (X.XX.01,
-- Program Penunjang Urusan Pemerintahan Daerah) and the substantive programs, and the support program's share of the
-- total — the planners' "how much goes to running the office" figure, written once here for every consumer. Beside
-- it, the agency-level pagu and realisasi the document states for the whole agency (fct_budget level 'agency'),
-- which a report without program pagu (Lumajang's LKj) still has. The programs are those of
-- mart_budget_by_program (int_program_budget).
with programs as (
    select fiscal_year, region_code, any_value(region_name) as region_name, agency_name, plan_version,
        bool_or(is_latest)                                                            as is_latest,
        count(*)                                                                      as programs,
        sum(pagu_idr)                                                                 as pagu_idr,
        sum(pagu_idr) filter (where is_support_program)                               as support_pagu,
        sum(pagu_idr) filter (where not is_support_program)                           as substantive_pagu,
        sum(realisasi_idr)                                                            as realisasi_idr,
        max(realisasi_through_quarter)                                                as realisasi_through_quarter
    from {{ ref('int_program_budget') }}
    group by fiscal_year, region_code, agency_name, plan_version
),
agency_level as (
    select b.fiscal_year, b.region_code, a.agency_name, b.plan_version,
        max(b.amount_idr) filter (where b.measure = 'pagu' and b.quarter is null)   as agency_pagu_idr,
        arg_max(b.amount_idr, b.quarter) filter (where b.measure = 'realisasi')     as agency_realisasi_idr,
        max(b.quarter) filter (where b.measure = 'realisasi')                       as agency_realisasi_through_quarter
    from {{ ref('fct_budget') }} b
    join {{ ref('dim_agency') }} a using (agency_id)
    where b.level = 'agency'
    group by all
)
select
    p.fiscal_year, p.region_code, p.region_name, p.agency_name, p.plan_version, p.is_latest,
    p.programs,
    cast(p.pagu_idr as decimal(18, 2))                                                as pagu_idr,
    cast(case when p.pagu_idr is not null then coalesce(p.support_pagu, 0) end as decimal(18, 2)) as pagu_support_idr,
    cast(case when p.pagu_idr is not null then coalesce(p.substantive_pagu, 0) end as decimal(18, 2)) as pagu_substantive_idr,
    cast(round(coalesce(p.support_pagu, 0) / nullif(p.pagu_idr, 0) * 100, 4) as decimal(9, 4)) as support_share_pct,
    cast(p.realisasi_idr as decimal(18, 2))                                           as realisasi_idr,
    p.realisasi_through_quarter,
    cast(a.agency_pagu_idr as decimal(18, 2))                                         as agency_pagu_idr,
    cast(a.agency_realisasi_idr as decimal(18, 2))                                    as agency_realisasi_idr,
    a.agency_realisasi_through_quarter
from programs p
left join agency_level a using (fiscal_year, region_code, agency_name, plan_version)
