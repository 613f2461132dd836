-- Check digits_vs_words: a Rupiah amount whose terbilang reads another number (int_words_disagree), resolved by the
-- stated total where the evidence is unambiguous.
with money as (
    select * from {{ ref('int_planning_figures') }}
    where measure in ('pagu', 'realisasi') and value_numeric is not null
),
totals as (select * from money where level = 'agency'),
words as (
    select b.*,
        (select sum(x.value_numeric) from money x where x.submission_id = b.submission_id and x.level = b.level
            and x.measure = b.measure and x.quarter is not distinct from b.quarter and x.fiscal_year = b.fiscal_year) as siblings_sum,
        (select max(t.value_numeric) from totals t where t.submission_id = b.submission_id and t.measure = b.measure
            and t.quarter is not distinct from b.quarter and t.fiscal_year = b.fiscal_year) as stated_total,
        (select min(t.source_line) from totals t where t.submission_id = b.submission_id and t.measure = b.measure
            and t.quarter is not distinct from b.quarter and t.fiscal_year = b.fiscal_year) as total_line
    from {{ ref('int_words_disagree') }} b
)
select
    submission_id, source_line, 'digits_vs_words' as check_name, 'warning' as severity,
    'Angka Rp ' || amount_text || ' (baris ' || source_line || ') berbeda dengan terbilangnya "' || words_text || '" (= Rp '
        || {{ rupiah_text('words_amount_idr') }} || '); selisih Rp ' || {{ rupiah_text('abs(amount_idr - words_amount_idr)') }} || '. '
        || case when stated_total is not null and abs(siblings_sum - stated_total) < 0.005 then
                'Dipakai angka Rp ' || {{ rupiah_text('amount_idr') }} || ' karena hanya dengan angka itu jumlah rincian sama dengan total Rp '
                || {{ rupiah_text('stated_total') }} || ' (baris ' || total_line || ').'
             when stated_total is not null and abs(siblings_sum - amount_idr + words_amount_idr - stated_total) < 0.005 then
                'Terbilang cocok dengan total Rp ' || {{ rupiah_text('stated_total') }} || ' (baris ' || total_line || '); angka tetap dipakai, mohon dikoreksi.'
             else 'Tidak ada total yang dapat memastikan; dipakai angka, mohon dikonfirmasi.' end as message,
    cast(amount_idr as decimal(38, 6))                       as figure_stated,
    cast(words_amount_idr as decimal(38, 6))                 as figure_computed,
    cast(words_amount_idr - amount_idr as decimal(38, 6))    as difference
from words
