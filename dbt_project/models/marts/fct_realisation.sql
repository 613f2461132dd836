-- Indicator realisations, one row per (item, indicator, quarter, version, year) that has a realised value or a
-- stated capaian. capaian_pct: as the document states it, never rounded (capaian_source 'stated'); else computed from the
-- target of the same quarter (or the annual target when the quarter has none) as realisasi / target * 100
-- (capaian_source 'computed'); NULL when neither exists. Lower-is-better indicators are not yet identified, so the
-- capaian_settings formula choice applies only once indicator polarity is known (see seeds/capaian_settings.csv).
-- facts is not materialized: each of its four readers takes one measure and its columns, not a copy of every fact
with facts as not materialized (select * from {{ ref('int_facts') }}),
realised as (select * from facts where measure = 'realisasi_kinerja'),
stated as (select * from facts where measure = 'capaian_pct'),
targets as (select * from facts where measure = 'target'),
keys as (
    select submission_id, level, item_key, indicator_key, quarter, plan_version, fiscal_year from realised
    union
    select submission_id, level, item_key, indicator_key, quarter, plan_version, fiscal_year from stated
),
joined as (
    select
        k.*,
        coalesce(r.figure_id, c.figure_id)                  as figure_id,
        coalesce(r.agency_id, c.agency_id)                  as agency_id,
        coalesce(r.region_code, c.region_code)              as region_code,
        coalesce(r.period_id, c.period_id)                  as period_id,
        coalesce(r.indicator_id, c.indicator_id)            as indicator_id,
        coalesce(r.is_latest_version, c.is_latest_version)  as is_latest_version,
        coalesce(r.nomenclature_code, c.nomenclature_code)  as nomenclature_code,
        coalesce(r.item_name, c.item_name)                  as item_name,
        coalesce(r.indicator_name, c.indicator_name)        as indicator_name,
        coalesce(r.unit, c.unit)                            as unit,
        r.value_numeric                                     as realisation_value,
        r.value_text                                        as realisation_text,
        c.value_numeric                                     as stated_capaian_pct,
        coalesce(tq.value_numeric, ta.value_numeric)        as target_value,
        coalesce(r.source_file, c.source_file)              as source_file,
        coalesce(r.source_line, c.source_line)              as source_line,
        case when r.source_line is not null then r.source_page else c.source_page end as source_page,
        coalesce(r.source_lines, c.source_lines)            as source_lines,
        coalesce(r.has_conflict, false) or coalesce(c.has_conflict, false) as has_conflict
    from keys k
    left join realised r
        on r.submission_id is not distinct from k.submission_id and r.level is not distinct from k.level and r.item_key is not distinct from k.item_key and r.indicator_key is not distinct from k.indicator_key and r.quarter is not distinct from k.quarter and r.plan_version is not distinct from k.plan_version and r.fiscal_year is not distinct from k.fiscal_year
    left join stated c
        on c.submission_id is not distinct from k.submission_id and c.level is not distinct from k.level and c.item_key is not distinct from k.item_key and c.indicator_key is not distinct from k.indicator_key and c.quarter is not distinct from k.quarter and c.plan_version is not distinct from k.plan_version and c.fiscal_year is not distinct from k.fiscal_year
    left join targets tq
        on tq.submission_id = k.submission_id and tq.level is not distinct from k.level and tq.item_key = k.item_key
       and tq.indicator_key = k.indicator_key and tq.quarter is not distinct from k.quarter
       and tq.plan_version = k.plan_version and tq.fiscal_year = k.fiscal_year
    left join targets ta
        on ta.submission_id = k.submission_id and ta.level is not distinct from k.level and ta.item_key = k.item_key
       and ta.indicator_key = k.indicator_key and ta.quarter is null
       and ta.plan_version = k.plan_version and ta.fiscal_year = k.fiscal_year
    -- One row per fact. Two same-named rows of one table (name_collision) are two facts with the same keys: each
    -- takes the capaian / target of its own record, else the nearest line (then the lowest figure_id).
    qualify row_number() over (
        partition by coalesce(r.figure_id, c.figure_id)
        order by (c.table_id is not distinct from coalesce(r.table_id, c.table_id)
                  and c.record_no is not distinct from coalesce(r.record_no, c.record_no)) desc,
                 abs(coalesce(c.source_line, 0) - coalesce(r.source_line, c.source_line, 0)), c.figure_id,
                 (tq.table_id is not distinct from coalesce(r.table_id, c.table_id)
                  and tq.record_no is not distinct from coalesce(r.record_no, c.record_no)) desc,
                 abs(coalesce(tq.source_line, 0) - coalesce(r.source_line, c.source_line, 0)), tq.figure_id,
                 (ta.table_id is not distinct from coalesce(r.table_id, c.table_id)
                  and ta.record_no is not distinct from coalesce(r.record_no, c.record_no)) desc,
                 abs(coalesce(ta.source_line, 0) - coalesce(r.source_line, c.source_line, 0)), ta.figure_id
    ) = 1
)
select
    {{ fact_identity_columns(indicator=true) }},
    cast(realisation_value as decimal(38, 6))       as realisation_value,
    realisation_text,
    cast(target_value as decimal(38, 6))            as target_value,
    -- a stated capaian keeps every digit the document writes ('0,004 %' stays 0.004); a computed one has 6 decimals
    try_cast(coalesce(stated_capaian_pct,
        case when target_value is not null and target_value <> 0 and realisation_value is not null
             then round(realisation_value / target_value * 100, 6) end) as decimal(38, 6)) as capaian_pct,
    case when stated_capaian_pct is not null then 'stated'
         when target_value is not null and target_value <> 0 and realisation_value is not null then 'computed'
    end                                             as capaian_source,
    {{ fact_lineage_columns(places=false) }}
from joined
