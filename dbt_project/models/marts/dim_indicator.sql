-- One row per indicator per submission item (the same indicator text under two items is two indicators).
-- Units from int_units_conformed (per indicator record), joined through the records' item/indicator keys:
--   unit            the unit as the figures carry it (record unit, else the unit written with the value)
--   unit_text       the unit text the conformance read (unit cell, else trailing the annual, else the quarterly targets)
--   canonical_unit  seeds/unit_aliases.csv (or 'persen' for values written '15%' / indicators named 'Persentase ...')
--   is_known_unit   canonical_unit is not null
--   unit_status     known | no_target (no unit, no target number: not flagged) | missing | unknown (both flagged)
-- serapan_pct / capaian_pct figures without an indicator record are 'persen' by definition.
-- When an indicator spans several records (Lampung: one table per quarter), the most frequent canonical unit wins.
with figures as (
    select * from {{ ref('int_figures_deduplicated') }}
    where measure not in ('pagu', 'realisasi')
),

indicators as (
    select
        {{ indicator_id('submission_id', 'level', 'item_key', 'indicator_key') }} as indicator_id,
        submission_id,
        level,
        arg_min(item_name, (source_line, item_name)) as item_name,  -- as first written
        item_key,
        arg_min(indicator_name, (source_line, indicator_name)) as indicator_name,
        indicator_key,
        arg_min(unit, (source_line, unit)) filter (where unit is not null) as unit,
        bool_and(measure in ('serapan_pct', 'capaian_pct'))  as percent_measures_only
    from figures
    group by submission_id, level, item_key, indicator_key
),

record_units as (
    select
        {{ indicator_id('u.submission_id', 'coalesce(u.level, i.level)', 'i.item_key', 'i.indicator_key') }} as indicator_id,
        u.unit_text, u.canonical_unit, u.unit_status
    from {{ ref('int_units_conformed') }} u
    join {{ ref('int_items') }} i using (submission_id, table_id, record_no)
),

-- the most frequent value; on a tie, the first in sort order (mode() alone picks either)
top_canonical as (
    select indicator_id, canonical_unit from record_units where canonical_unit is not null group by indicator_id, canonical_unit
    qualify row_number() over (partition by indicator_id order by count(*) desc, canonical_unit) = 1
),

top_text as (
    select indicator_id, unit_text from record_units where unit_text is not null group by indicator_id, unit_text
    qualify row_number() over (partition by indicator_id order by count(*) desc, unit_text) = 1
),

per_indicator as (
    select
        indicator_id,
        min(c.canonical_unit)                                   as canonical_unit,
        min(t.unit_text)                                        as unit_text,
        case when bool_or(unit_status = 'known') then 'known'
             when bool_or(unit_status = 'unknown') then 'unknown'
             when bool_or(unit_status = 'missing') then 'missing'
             else 'no_target' end                               as unit_status
    from record_units
    left join top_canonical c using (indicator_id)
    left join top_text t using (indicator_id)
    group by indicator_id
)

select
    d.indicator_id,
    d.submission_id,
    d.level,
    d.item_name,
    d.item_key,
    d.indicator_name,
    d.indicator_key,
    d.unit,
    coalesce(p.unit_text, d.unit)                               as unit_text,
    coalesce(p.canonical_unit, case when d.percent_measures_only then 'persen' end) as canonical_unit,
    coalesce(p.canonical_unit, case when d.percent_measures_only then 'persen' end) is not null as is_known_unit,
    -- figures with no indicator record (Lumajang's serapan / capaian percentages stated in prose): persen by definition
    coalesce(p.unit_status, case when d.percent_measures_only then 'known'
                                 when d.unit is null then 'no_target' else 'unknown' end) as unit_status
from indicators d
left join per_indicator p using (indicator_id)
