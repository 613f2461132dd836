-- Items the matcher left without a code, with their best three candidates and scores, for a person to settle in
-- seeds/nomenclature_overrides.csv (paste item_name_normalised there with the right code).
with nomenclature as (
    select code, name from {{ ref('int_nomenclature') }}
)

select
    m.submission_id,
    m.table_id,
    m.record_no,
    m.level,
    m.item_name,
    m.item_name_normalised,
    m.region_code,
    m.government_level,
    m.parent_code,
    m.match_score as best_score,
    m.note,
    m.candidate_1_code,
    n1.name as candidate_1_name,
    m.candidate_1_score,
    m.candidate_2_code,
    n2.name as candidate_2_name,
    m.candidate_2_score,
    m.candidate_3_code,
    n3.name as candidate_3_name,
    m.candidate_3_score
from {{ ref('int_nomenclature_matched') }} m
left join nomenclature n1 on n1.code = m.candidate_1_code
left join nomenclature n2 on n2.code = m.candidate_2_code
left join nomenclature n3 on n3.code = m.candidate_3_code
where m.match_method = 'unmatched'
