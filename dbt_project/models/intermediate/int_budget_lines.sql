-- Budget figures (pagu) and budget realisations (realisasi anggaran / serapan, in Rupiah), one row per cell.
-- A realisation's amount spelled out in words (terbilang) in the same record and quarter is kept beside it
-- (words_amount_idr) so disagreements between digits and words become findings.
with figures as (select * from {{ ref('int_figure_cells') }}),
words as (
    select submission_id, table_id, record_no, quarter, min(value_numeric) as words_value, min(value_text) as words_text
    from (
        select c.submission_id, c.table_id, c.record_no, {{ normalize_quarter('c.quarter_label') }} as quarter,
               c.value_numeric, c.value_text
        from {{ ref('int_cells_interpreted') }} c
        where c.role = 'budget_realisation_words'
          and not exists (select 1 from {{ ref('int_rejected_values') }} r
                          where r.submission_id = c.submission_id and r.value_no = c.value_no)
    ) w
    group by all
)
select
    f.submission_id, f.value_no, f.table_id, f.record_no, f.level, f.item_name, f.item_key, f.has_own_name, f.indicator_name, f.indicator_key,
    f.measure, f.quarter, f.quarter_label, f.plan_version, f.version_label, f.fiscal_year,
    cast(f.value_numeric as decimal(18, 2))      as amount_idr,
    f.value_text                                 as amount_text,
    f.value_kind, f.is_ambiguous, f.alternatives, f.parse_note,
    cast(w.words_value as decimal(18, 2))        as words_amount_idr,
    w.words_text                                 as words_text,
    f.source_file, f.source_line, f.source_column, f.source_page, f.context
from figures f
left join words w
    on w.submission_id = f.submission_id and w.table_id = f.table_id and w.record_no = f.record_no
   and w.quarter is not distinct from f.quarter and f.measure = 'realisasi'
where f.measure in ('pagu', 'realisasi')
