-- Check quarters_vs_annual: quarterly targets vs the annual target under the decided semantics
-- (int_quarter_semantics). Quarterly targets with no annual target stated at all (program and sub kegiatan rows of
-- some plans) have nothing to be checked against: not a finding.
with qs as (
    select s.* from {{ ref('int_quarter_semantics') }} s where s.annual_source <> 'none'
)
select
    submission_id, source_line, 'quarters_vs_annual' as check_name,
    case when semantics = 'unknown' and annual is not null and q1 is not null and q2 is not null and q3 is not null and q4 is not null then 'error'
         when semantics = 'level' and greatest(q1, q2, q3, q4) > annual then 'error'
         else 'warning' end as severity,
    'Target triwulan (TW I–IV: ' || coalesce({{ number_text('q1') }}, '-') || '; ' || coalesce({{ number_text('q2') }}, '-') || '; '
        || coalesce({{ number_text('q3') }}, '-') || '; ' || coalesce({{ number_text('q4') }}, '-')
        || ', jumlah ' || coalesce({{ number_text('quarter_sum') }}, '-') || ') '
        || case
            when semantics = 'unknown' and quarter_sum is not null and annual is not null then
                'tidak sesuai dengan target tahunan ' || {{ number_text('annual') }} || ' (baris ' || source_line
                || '): bukan penambahan (selisih jumlah ' || {{ number_text('abs(quarter_sum - annual)') }}
                || '), bukan kumulatif (TW IV ' || {{ number_text('q4') }} || ') dan bukan tingkat yang dipertahankan.'
            when semantics = 'unknown' then 'tidak lengkap atau tidak berupa angka (baris ' || source_line || '); target tahunan '
                || coalesce({{ number_text('annual') }}, '-') || '.'
            when semantics = 'level' then 'melebihi target tahunan ' || {{ number_text('annual') }} || ' (baris ' || source_line
                || '): triwulan tertinggi ' || {{ number_text('greatest(q1, q2, q3, q4)') }} || ', selisih '
                || {{ number_text('greatest(q1, q2, q3, q4) - annual') }} || '.'
            else 'berubah-ubah sedangkan TW IV sama dengan target tahunan ' || {{ number_text('annual') }} || ' (baris ' || source_line
                || '): dibaca kumulatif, tetapi bisa juga tingkat per triwulan; mohon dipastikan.'
           end as message,
    cast(annual as decimal(38, 6))                   as figure_stated,
    cast(quarter_sum as decimal(38, 6))              as figure_computed,
    cast(quarter_sum - annual as decimal(38, 6))     as difference
from qs
where (semantics = 'unknown')
   or (semantics = 'level' and greatest(q1, q2, q3, q4) > annual)
   or (semantics = 'cumulative' and q1 > 0 and not (q1 = q2 and q2 = q3 and q3 = q4))
