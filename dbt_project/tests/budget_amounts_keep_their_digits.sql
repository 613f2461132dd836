-- Rupiah amounts are DECIMAL(18,2): an amount written with more than two decimals would be rounded on its way into
-- fct_budget. No document seen does that; if one does, this warns (naming file and line) instead of blocking the
-- other submissions from being published.
{{ config(severity='warn') }}
select figure_id, source_file, source_line, value_text, value_numeric
from {{ ref('int_facts') }}
where measure in ('pagu', 'realisasi')
  and value_numeric is not null
  and value_numeric <> cast(value_numeric as decimal(18, 2))
