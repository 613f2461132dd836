-- Inconsistencies found while consolidating figures, one row per finding, each naming its place(s). Messages are in
-- Bahasa Indonesia: planners forward them to the agency as they are.
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
    'Angka yang sama (' || {{ measure_label('f.measure') }} || ', ' || coalesce(replace(f.level, '_', ' '), 'butir') || ' "'
        || coalesce(f.item_name, '?') || '") ditulis berbeda di beberapa tempat: '
        || (select string_agg(p.value_text || ' (baris ' || p.source_line::varchar || ')', '; ' order by p.source_line, p.source_column, p.value_no)
            from places p where p.figure_id = f.figure_id)
        || '; yang dipakai ' || f.value_text || '. Mohon dipastikan angka yang benar.'  as message
from facts f
where f.has_conflict

union all

select
    'words_disagree', null, b.submission_id, b.source_file, b.source_line,
    'Angka ' || b.amount_text || ' (baris ' || b.source_line::varchar || ') berbeda dengan terbilangnya "' || b.words_text
        || '" (= ' || b.words_amount_idr::varchar || '). Mohon dipastikan angka yang benar.'
from {{ ref('int_words_disagree') }} b

union all

select
    'ambiguous_number', p.figure_id, p.submission_id, p.source_file, p.source_line,
    'Angka "' || p.value_text || '" (baris ' || p.source_line::varchar || ') dapat dibaca lebih dari satu cara ('
        || coalesce(c.alternatives, '?') || '); mohon ditulis dengan pemisah ribuan titik dan desimal koma.'
from places p
join {{ ref('int_cells_interpreted') }} c using (submission_id, value_no)
where c.is_ambiguous

union all

select
    'unreadable_number', p.figure_id, p.submission_id, p.source_file, p.source_line,
    'Isi sel ' || {{ measure_label('p.measure') }} || ' "' || p.value_text || '" (baris ' || p.source_line::varchar
        || ') bukan angka dan bukan tanda kosong (-, N/A); nilainya tidak dapat dibaca.'
from places p
join {{ ref('int_cells_interpreted') }} c using (submission_id, value_no)
where c.value_kind = 'text'

union all

select
    'name_collision', p.figure_id, p.submission_id, p.source_file, p.source_line,
    'Dua baris pada tabel ' || p.table_id || ' menyebut ' || coalesce(replace(p.level, '_', ' '), 'butir') || ' "'
        || coalesce(p.item_name, '?') || '" yang sama dengan nilai berbeda (baris ' || p.source_line::varchar || ': '
        || p.value_text || '); keduanya disimpan sebagai butir terpisah. Kemungkinan nama tersalin; mohon diperbaiki.'
from places p
where p.is_name_collision
