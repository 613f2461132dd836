-- Per submission: how many program / kegiatan / sub kegiatan items got a nomenclature code.
select
    s.submission_id,
    s.region_code,
    count(m.record_no)                                                as items,
    count(m.nomenclature_code)                                        as matched,
    count(*) filter (where m.match_method = 'exact')                  as matched_exact,
    count(*) filter (where m.match_method = 'fuzzy')                  as matched_fuzzy,
    count(*) filter (where m.match_method = 'override')               as matched_override,
    count(*) filter (where m.match_method = 'unmatched')              as unmatched,
    case when count(m.record_no) > 0
         then round(count(m.nomenclature_code)::double / count(m.record_no), 4) end as rate
from {{ ref('stg_landing__submissions') }} s
left join {{ ref('int_nomenclature_matched') }} m using (submission_id)
where s.status = 'loaded'
group by all
