-- Indicator targets, one row per figure (deduplicated), every version. quarter NULL = annual target;
-- multi-year (Renstra) tables give one row per fiscal_year. Tujuan-level targets are kept here (v_target omits them).
select
    {{ fact_identity_columns(indicator=true) }},
    cast(value_numeric as decimal(38, 6))  as target_value,
    value_text                             as target_text,
    {{ fact_lineage_columns() }}
from {{ ref('int_facts') }}
where measure = 'target'
