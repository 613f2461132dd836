-- Check nomenclature_unmatched: an item name the matcher could not place in the nomenclature, with its closest
-- candidate.
select
    r.submission_id, i.first_line as source_line, 'nomenclature_unmatched' as check_name, 'warning' as severity,
    'Nama ' || replace(r.level, '_', ' ') || ' "' || r.item_name || '" (baris ' || i.first_line
        || ') tidak ditemukan dalam nomenklatur' || coalesce('; paling mirip ' || r.candidate_1_code || ' "' || r.candidate_1_name
        || '" (skor ' || round(r.candidate_1_score, 1) || ')', '') || '; mohon gunakan nama/kode nomenklatur resmi.' as message,
    null::decimal(38, 6) as figure_stated, null::decimal(38, 6) as figure_computed, null::decimal(38, 6) as difference
from {{ ref('int_nomenclature_review') }} r
left join {{ ref('int_items') }} i using (submission_id, table_id, record_no)
