-- Every place a figure is stated (one row per figure cell), in one shape for budget, target and realisation,
-- with the identity of the fact it states (figure_id). THE IDENTITY OF A FACT is:
--   submission_id                      a fact never spans submissions (versions stay separate facts)
--   level                              agency | belanja | tujuan | sasaran | program | kegiatan | sub_kegiatan | aksi
--   item_key                           'agency' for the agency total; else the normalised item name
--                                      (normalize_item_name = rekap.interpret.nomenclature.normalise: case-folded,
--                                      no enumerator, no 'Program'/'Kegiatan'/'Sub Kegiatan' prefix, punctuation
--                                      to spaces); a nameless record is its own item ('record:<table_id>:<record_no>')
--   indicator_key                      normalised indicator name (targets/realisations); '' for money
--   measure                            pagu | realisasi | target | realisasi_kinerja | capaian_pct | serapan_pct
--   quarter                            1..4, NULL = whole year
--   plan_version                       murni | perubahan
--   fiscal_year
-- So Lampung's agency total written in the budget summary table, the APBD history table and two prose sentences
-- is one fact with four places.
with unioned as (
    -- money on an indicator row (a record without its own name) is that indicator's budget: keep its indicator
    select submission_id, value_no, table_id, record_no, level, item_name, item_key,
           case when not has_own_name then indicator_name end as indicator_name,
           case when not has_own_name then indicator_key end as indicator_key,
           cast(null as varchar) as unit,
           measure, quarter, plan_version, fiscal_year,
           cast(amount_idr as decimal(38, 6)) as value_numeric, amount_text as value_text,
           is_ambiguous, source_file, source_line, source_column, source_page
    from {{ ref('int_budget_lines') }}
    union all
    -- indicator figures (targets, realisations, stated capaian) and stated serapan: the cells as int_figure_cells
    -- reads them (unit: the record's satuan, else the unit written with the value)
    select submission_id, value_no, table_id, record_no, level, item_name, item_key,
           indicator_name, indicator_key, unit,
           measure, quarter, plan_version, fiscal_year,
           value_numeric, value_text, is_ambiguous, source_file, source_line, source_column, source_page
    from {{ ref('int_figure_cells') }}
    where measure in ('target', 'realisasi_kinerja', 'capaian_pct', 'serapan_pct')
),
keyed as (
    select *,
        coalesce(item_key, 'record:' || table_id || ':' || record_no::varchar) as fact_item_key,
        coalesce(indicator_key, '') as fact_indicator_key
    from unioned
),
based as (
    select *,
        concat_ws('|', submission_id, coalesce(level, ''), fact_item_key, fact_indicator_key, measure,
                  coalesce(quarter::varchar, 'year'), plan_version, fiscal_year::varchar) as identity
    from keyed
),
collision_groups as (
    -- Two records of the SAME table with the same identity but different values are two items that happen to share
    -- a (truncated) name, not one figure repeated: they stay separate facts (finding 'name_collision'). Different
    -- values: the lowest and the highest differ (a group, not a window: a table holds few places of one identity).
    select identity, table_id, coalesce(min(value_numeric) <> max(value_numeric), false) as is_name_collision
    from based
    group by identity, table_id
),
collisions as (
    select b.*, g.is_name_collision
    from based b
    join collision_groups g on g.identity = b.identity and g.table_id is not distinct from b.table_id
)
select
    md5(identity || case when is_name_collision then '|' || table_id || '|' || record_no::varchar else '' end) as figure_id,
    is_name_collision,
    submission_id, value_no, table_id, record_no, level, item_name, fact_item_key as item_key,
    indicator_name, fact_indicator_key as indicator_key, unit,
    measure, quarter, plan_version, fiscal_year, value_numeric, value_text, is_ambiguous,
    source_file, source_line, source_column, source_page
from collisions
