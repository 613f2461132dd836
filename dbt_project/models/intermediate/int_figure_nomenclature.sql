-- The nomenclature code of each fact's item (NULL if unmatched), from int_nomenclature_matched: first by the fact's
-- own record, else by any record of the same submission and level whose normalised name equals the fact's item_key.
with facts as (
    select figure_id, submission_id, table_id, record_no, level, item_key
    from {{ ref('int_figures_deduplicated') }}
),
matched as (
    select submission_id, table_id, record_no, level, nomenclature_code, match_score, match_method,
           {{ normalize_item_name('item_name') }} as item_key
    from {{ ref('int_nomenclature_matched') }}
    where nomenclature_code is not null
),
by_name as (
    select submission_id, level, item_key, nomenclature_code, match_score, match_method
    from matched
    qualify row_number() over (partition by submission_id, level, item_key order by match_score desc nulls last, nomenclature_code, match_method) = 1
)
select
    f.figure_id,
    f.submission_id,
    coalesce(m.nomenclature_code, n.nomenclature_code) as nomenclature_code,
    coalesce(m.match_score, n.match_score)             as match_score,
    coalesce(m.match_method, n.match_method)           as match_method
from facts f
left join matched m
    on m.submission_id = f.submission_id and m.table_id = f.table_id and m.record_no = f.record_no
left join by_name n
    on n.submission_id = f.submission_id and n.level = f.level and n.item_key = f.item_key
qualify row_number() over (partition by f.figure_id order by m.match_score desc nulls last, m.nomenclature_code, m.match_method) = 1
