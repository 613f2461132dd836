-- One row per indicator per submission item (the same indicator text under two items is two indicators).
-- canonical_unit stays NULL until the conform colleague's unit mapping is wired in.
with figures as (
    select * from {{ ref('int_figures_deduplicated') }}
    where measure not in ('pagu', 'realisasi')
)
select
    {{ indicator_id('submission_id', 'level', 'item_key', 'indicator_key') }} as indicator_id,
    submission_id,
    level,
    any_value(item_name)        as item_name,
    item_key,
    any_value(indicator_name)   as indicator_name,
    indicator_key,
    any_value(unit) filter (where unit is not null) as unit,
    cast(null as varchar)       as canonical_unit
from figures
group by submission_id, level, item_key, indicator_key
