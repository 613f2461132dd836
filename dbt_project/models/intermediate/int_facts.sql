-- The deduplicated facts joined to their submission, agency, period and nomenclature code, with the latest-version
-- flag: among the facts of the same agency, fiscal year, level, item, indicator, measure and quarter, the latest is
-- the highest plan version (perubahan > murni), then the latest received submission, then the highest submission_id
-- (a total order over submissions; every fact of the winning submission is latest). Marts views show only the
-- latest; the fct_* tables keep every version (history).
with facts as (select * from {{ ref('int_figures_deduplicated') }}),
subs as (
    select *, {{ agency_id('region_code', 'agency_name') }} as agency_id
    from {{ ref('stg_landing__submissions') }}
),
nomen as (select * from {{ ref('int_figure_nomenclature') }}),
-- the latest-version flag is ranked over the keys alone and joined back: a window sorts every column it carries
latest as (
    select
        f.figure_id,
        -- rank(), not row_number(): every fact of the winning submission is latest. Two same-named lines of one
        -- document (a name collision, kept as two facts) are both the agency's latest figures, never one of them.
        rank() over (
            partition by s.agency_id, f.fiscal_year, f.level, f.item_key, f.indicator_key, f.measure, f.quarter
            order by {{ version_rank('f.plan_version') }} desc, s.received_date desc nulls last, f.submission_id desc
        ) = 1                                                                        as is_latest_version
    from facts f
    join subs s using (submission_id)
)
select
    f.* replace (coalesce(f.item_name, case when f.level = 'agency' then s.agency_name end) as item_name),
    s.agency_id,
    s.agency_name,
    s.region_code,
    s.document_type,
    s.received_date,
    {{ period_id('f.fiscal_year', 'f.quarter') }}::integer                        as period_id,
    case when f.measure in ('pagu', 'realisasi') then null
         else {{ indicator_id('f.submission_id', 'f.level', 'f.item_key', 'f.indicator_key') }} end as indicator_id,
    n.nomenclature_code,
    n.match_score                                                                as nomenclature_match_score,
    n.match_method                                                               as nomenclature_match_method,
    l.is_latest_version
from facts f
join subs s using (submission_id)
left join nomen n using (figure_id)
join latest l using (figure_id)
