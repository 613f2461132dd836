-- Per fiscal year, region, agency and plan version: program-level pagu split into the support program (X.XX.01,
-- Program Penunjang Urusan Pemerintahan Daerah) and the substantive programs, and the support program's share of the
-- total — the planners' "how much goes to running the office" figure, written once here for every consumer.
select
    fiscal_year,
    region_code,
    any_value(region_name)                                                            as region_name,
    agency_name,
    plan_version,
    bool_or(is_latest)                                                                as is_latest,
    count(*)                                                                          as programs,
    cast(sum(pagu_idr) as decimal(18, 2))                                             as pagu_idr,
    cast(case when sum(pagu_idr) is not null then coalesce(sum(pagu_idr) filter (where is_support_program), 0) end
         as decimal(18, 2))                                                           as pagu_support_idr,
    cast(case when sum(pagu_idr) is not null then coalesce(sum(pagu_idr) filter (where not is_support_program), 0) end
         as decimal(18, 2))                                                           as pagu_substantive_idr,
    cast(round(coalesce(sum(pagu_idr) filter (where is_support_program), 0) / nullif(sum(pagu_idr), 0) * 100, 4) as decimal(9, 4))
                                                                                      as support_share_pct,
    cast(sum(realisasi_idr) as decimal(18, 2))                                        as realisasi_idr,
    max(realisasi_through_quarter)                                                    as realisasi_through_quarter
from {{ ref('mart_budget_by_program') }}
group by fiscal_year, region_code, agency_name, plan_version
