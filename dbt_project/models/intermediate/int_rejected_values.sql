-- Submitted values the warehouse cannot hold as they are, one row per cell: the cell is left out of every fact and
-- listed here (and in marts.rejected_values and marts.findings) so the agency can correct it; the rest of its
-- submission and every other submission load as usual. Rules (a cell breaks at most one; the first listed wins):
--   not_castable         the text reads as a number, but one beyond DECIMAL(38,6) (more than 32 integer digits)
--   negative_amount      a Rupiah amount (pagu, realisasi anggaran) below zero: an amount must not be negative
--   amount_out_of_range  a Rupiah amount beyond DECIMAL(18,2) (|amount| >= 10^16)
--   value_out_of_range   a target / realisation / percentage beyond DECIMAL(18,4) (|value| >= 10^14)
-- Only cells of published submissions are checked (int_cells_interpreted reads no other).
with cells as (
    select * from {{ ref('int_cells_interpreted') }}
    where role in ('budget', 'budget_realisation', 'budget_realisation_words', 'budget_share_pct', 'realisation_pct',
                   'absorption_pct', 'target_annual', 'target_quarter', 'target_year', 'realisation')
),
judged as (
    select *,
        role in ('budget', 'budget_realisation', 'budget_realisation_words') as is_money,
        case
            when value_numeric is null and value_kind in ('number', 'percent', 'grade', 'words') then 'not_castable'
            when role in ('budget', 'budget_realisation', 'budget_realisation_words') and value_numeric < 0
                then 'negative_amount'
            when role in ('budget', 'budget_realisation', 'budget_realisation_words')
                 and abs(value_numeric) >= 10000000000000000 then 'amount_out_of_range'
            when role not in ('budget', 'budget_realisation', 'budget_realisation_words')
                 and abs(value_numeric) >= 100000000000000 then 'value_out_of_range'
        end as rule
    from cells
)
select
    submission_id,
    value_no,
    source_file,
    source_line,
    source_column,
    table_id,
    record_no,
    role                                                                   as column_role,
    value_text,
    rule,
    'Nilai "' || value_text || '" pada ' || source_file || ' baris ' || source_line::varchar
        || coalesce(' kolom ' || (source_column + 1)::varchar, '') || ' (' || {{ measure_label("case role when 'budget' then 'pagu' when 'budget_realisation' then 'realisasi' when 'budget_realisation_words' then 'realisasi' when 'target_annual' then 'target' when 'target_quarter' then 'target' when 'target_year' then 'target' when 'realisation' then 'realisasi_kinerja' when 'realisation_pct' then 'capaian_pct' when 'absorption_pct' then 'serapan_pct' else role end") }}
        || ') ditolak: '
        || case rule
            when 'not_castable' then 'angkanya terlalu besar untuk dibaca (lebih dari 32 digit sebelum koma)'
            when 'negative_amount' then 'jumlah rupiah tidak boleh negatif'
            when 'amount_out_of_range' then 'jumlah rupiah melebihi batas 9.999.999.999.999.999,99'
            when 'value_out_of_range' then 'nilainya melebihi batas 99.999.999.999.999,9999'
           end
        || '. Nilai ini tidak dimuat; data lain dari berkas yang sama tetap dimuat. Mohon diperbaiki.'  as message
from judged
where rule is not null
