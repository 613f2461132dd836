-- Inconsistencies found while consolidating figures, one row per finding, each naming its place(s):
--   places_disagree   one fact stated in several places with different values (every place is listed)
--   words_disagree    a Rupiah amount whose terbilang (words) reads a different number than its digits
--   ambiguous_number  a number whose reading depends on the separator convention (alternatives kept)
--   unreadable_number a figure cell whose text is not a number nor a placeholder
--   name_collision    two rows of one table share an item name but state different values (kept as two facts)
with places as (select * from {{ ref('int_figure_places') }}),
facts as (select * from {{ ref('int_figures_deduplicated') }})

select
    'places_disagree'                                               as finding_type,
    f.figure_id,
    f.submission_id,
    f.source_file,
    f.source_line,
    'The same figure (' || f.measure || ', ' || coalesce(f.level, '?') || ' ' || coalesce(f.item_name, '?')
        || ') is stated with different values: '
        || (select string_agg(p.value_text || ' (line ' || p.source_line::varchar || ')', '; ' order by p.source_line)
            from places p where p.figure_id = f.figure_id)
        || '; the fact keeps ' || f.value_text || '.'               as message
from facts f
where f.has_conflict

union all

select
    'words_disagree', null, b.submission_id, b.source_file, b.source_line,
    'Amount ' || b.amount_text || ' reads ' || b.amount_idr::varchar || ' but its words "' || b.words_text
        || '" read ' || b.words_amount_idr::varchar || '.'
from {{ ref('int_budget_lines') }} b
where b.words_amount_idr is not null and b.amount_idr is not null and b.words_amount_idr <> b.amount_idr

union all

select
    'ambiguous_number', p.figure_id, p.submission_id, p.source_file, p.source_line,
    'Number ' || p.value_text || ' is ambiguous: ' || coalesce(c.parse_note, c.alternatives, '') 
from places p
join {{ ref('int_cells_interpreted') }} c using (submission_id, value_no)
where c.is_ambiguous

union all

select
    'unreadable_number', p.figure_id, p.submission_id, p.source_file, p.source_line,
    'Figure cell "' || p.value_text || '" (' || p.measure || ') is not a number: ' || coalesce(c.parse_note, c.value_kind) || '.'
from places p
join {{ ref('int_cells_interpreted') }} c using (submission_id, value_no)
where c.value_kind = 'text'

union all

select
    'name_collision', p.figure_id, p.submission_id, p.source_file, p.source_line,
    'Two rows of table ' || p.table_id || ' name the same ' || coalesce(p.level, 'item') || ' "' || coalesce(p.item_name, '?')
        || '" with different values; kept apart as different items (this one: ' || p.value_text || ').'
from places p
where p.is_name_collision
