-- Budget facts: pagu and realisasi anggaran (serapan, Rupiah), one row per figure (deduplicated), every version.
-- Only figures with an amount: a placeholder ('-', 'N/A') is "no value", never 0, so it is not a budget fact; an
-- unreadable amount is not a fact either but a finding (int_figure_findings / mart_data_quality), so one garbled
-- cell in one agency's file never blocks the whole warehouse from being published.
select
    {{ fact_identity_columns() }},
    measure,
    cast(value_numeric as decimal(18, 2))  as amount_idr,
    value_text                             as amount_text,
    {{ fact_lineage_columns() }}
from {{ ref('int_facts') }}
where measure in ('pagu', 'realisasi')
  and value_numeric is not null
