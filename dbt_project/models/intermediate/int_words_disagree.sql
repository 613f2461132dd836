-- Rupiah amounts whose terbilang (words, in the same record and quarter) reads a different number than their
-- digits: the one derivation of this disagreement, worded by int_figure_findings (words_disagree) and by
-- int_dq_digits_vs_words (which also says which reading the stated total supports).
select *
from {{ ref('int_budget_lines') }}
where words_amount_idr is not null and amount_idr is not null and words_amount_idr <> amount_idr
