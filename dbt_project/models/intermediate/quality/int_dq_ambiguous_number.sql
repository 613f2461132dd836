-- Check ambiguous_number: numbers whose reading depends on the separators (or mixes them), and how they were read.
with money as (
    select * from {{ ref('int_planning_figures') }}
    where measure in ('pagu', 'realisasi') and value_numeric is not null
),
totals as (select * from money where level = 'agency'),
bl as (select * from {{ ref('int_budget_lines') }}),
amb as (
    select c.submission_id, c.source_line, c.value_text, c.value_numeric, c.alternatives, c.number_style, c.role,
        b.words_amount_idr, b.words_text,
        (select max(t.value_numeric) from totals t where t.submission_id = c.submission_id and t.measure = 'realisasi'
            and t.quarter is not distinct from b.quarter and t.fiscal_year = b.fiscal_year) as stated_total,
        (select sum(x.value_numeric) from money x where x.submission_id = c.submission_id and x.level = b.level
            and x.measure = b.measure and x.quarter is not distinct from b.quarter and x.fiscal_year = b.fiscal_year) as siblings_sum
    from {{ ref('int_cells_interpreted') }} c
    left join bl b on b.submission_id = c.submission_id and b.value_no = c.value_no
    where c.is_ambiguous or c.number_style = 'mixed'
)
select
    submission_id, source_line, 'ambiguous_number' as check_name,
    case when is_ambiguous_flag then 'warning' else 'info' end as severity,
    case when is_ambiguous_flag then
        'Angka "' || value_text || '" (baris ' || source_line || ') ambigu (bisa dibaca ' || coalesce(alternatives, '?') || '); dibaca '
        || {{ rupiah_text('value_numeric') }}
        || case when words_amount_idr = value_numeric then ' sesuai terbilangnya "' || words_text || '"' else '' end
        || case when stated_total is not null and abs(siblings_sum - stated_total) < 0.005
                then ' dan jumlah rincian sama dengan total Rp ' || {{ rupiah_text('stated_total') }} else '' end || '.'
    else
        'Angka "' || value_text || '" (baris ' || source_line || ') memakai pemisah campuran (titik sebagai ribuan dan desimal); dibaca '
        || {{ rupiah_text('value_numeric') }} || '.'
    end as message,
    cast(value_numeric as decimal(38, 6))                             as figure_stated,
    cast(coalesce(words_amount_idr, value_numeric) as decimal(38, 6)) as figure_computed,
    cast(0 as decimal(38, 6))                                         as difference
from (select *, value_text is not null and number_style <> 'mixed' as is_ambiguous_flag from amb) a
