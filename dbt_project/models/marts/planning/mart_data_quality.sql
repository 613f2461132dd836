-- Question 7: one row per finding inside a submission, with a message in Bahasa Indonesia a planner can forward to
-- the agency (figures, difference, place). severity: 'error' (figures contradict each other and the planner must
-- ask), 'warning' (resolved or doubtful: check), 'info' (read, resolved, recorded). Checks are listed in
-- seeds/data_quality_checks.csv. Findings of int_figure_findings are included by union (not re-derived).
{% set rp = "replace(replace(replace(format('{:,.2f}', (@@)::double), ',', '#'), '.', ','), '#', '.')" %}
{% set num = "regexp_replace(replace(replace(replace(format('{:,.4f}', (@@)::double), ',', '#'), '.', ','), '#', '.'), ',?0+$', '')" %}
with figs as (select * from {{ ref('planning_figures') }}),
subs as (
    select s.submission_id, s.region_code, r.region_name, s.agency_name, s.fiscal_year, s.source_file
    from {{ ref('stg_landing__submissions') }} s left join {{ ref('dim_region') }} r using (region_code)
),
items as (select * from {{ ref('int_items') }}),
money as (
    select * from figs where measure in ('pagu', 'realisasi') and value_numeric is not null
),
-- 1. nomenclature tree: a program's / kegiatan's budget vs the sum of its kegiatan / sub kegiatan
coded as (
    select submission_id, fiscal_year, plan_version, measure, quarter, level, resolved_code as code,
           sum(value_numeric) as amount, list_sort(list(source_line)) as lines, min(source_line) as first_line,
           list(value_text order by source_line, value_text) as texts
    from money where level in ('program', 'kegiatan', 'sub_kegiatan') and resolved_code is not null
    group by all
),
tree as (
    select p.submission_id, p.fiscal_year, p.plan_version, p.measure, p.quarter, p.level as parent_level, p.code,
           p.amount as parent_amount, p.lines as parent_lines, p.first_line, p.texts as parent_texts, c.level as child_level,
           sum(c.amount) as children_amount, list_sort(flatten(list(c.lines))) as child_lines
    from coded p
    join coded c
      on c.submission_id = p.submission_id and c.fiscal_year = p.fiscal_year and c.plan_version = p.plan_version
     and c.measure = p.measure and c.quarter is not distinct from p.quarter
     and c.level = case p.level when 'program' then 'kegiatan' when 'kegiatan' then 'sub_kegiatan' end
     and starts_with(c.code, p.code || '.')
    group by all
),
tree_findings as (
    select submission_id, first_line as source_line, 'budget_children_sum' as check_name, 'error' as severity,
        'Anggaran ' || parent_level || ' ' || code || ' (baris ' || array_to_string(parent_lines, ', ') || ': Rp '
            || {{ rp | replace('@@', 'parent_amount') }} || ') tidak sama dengan jumlah anggaran ' || replace(child_level, '_', ' ')
            || ' di bawahnya (baris ' || array_to_string(child_lines, ', ') || ': Rp ' || {{ rp | replace('@@', 'children_amount') }}
            || '); selisih Rp ' || {{ rp | replace('@@', 'abs(parent_amount - children_amount)') }}
            || case when children_amount < parent_amount then ' (rincian lebih kecil).' else ' (rincian lebih besar).' end as message,
        parent_amount as figure_stated, children_amount as figure_computed, children_amount - parent_amount as difference
    from tree where abs(parent_amount - children_amount) >= 0.005
),
-- 2. record tree (belanja breakdowns): a belanja/agency row vs the belanja rows under it in the same table
rec as (
    select m.*, i.parent_record_no, i.level as record_level
    from money m join items i on i.submission_id = m.submission_id and i.table_id = m.fact_table_id and i.record_no = m.fact_record_no
),
rec_tree as (
    select p.submission_id, p.fiscal_year, p.plan_version, p.measure, p.item_name, p.source_line,
           p.value_numeric as parent_amount, sum(c.value_numeric) as children_amount,
           list_sort(list(c.source_line)) as child_lines
    from rec p join rec c
      on c.submission_id = p.submission_id and c.fact_table_id = p.fact_table_id and c.parent_record_no = p.fact_record_no
     and c.fiscal_year = p.fiscal_year and c.plan_version = p.plan_version and c.measure = p.measure
     and c.quarter is not distinct from p.quarter and c.level = 'belanja'
    where p.level in ('belanja', 'agency')
    group by all
),
rec_findings as (
    select submission_id, source_line, 'budget_children_sum', 'error',
        'Jumlah "' || coalesce(item_name, 'total') || '" tahun ' || fiscal_year || ' (' || plan_version || ', baris ' || source_line
            || ': Rp ' || {{ rp | replace('@@', 'parent_amount') }} || ') tidak sama dengan jumlah rinciannya (baris '
            || array_to_string(child_lines, ', ') || ': Rp ' || {{ rp | replace('@@', 'children_amount') }} || '); selisih Rp '
            || {{ rp | replace('@@', 'abs(parent_amount - children_amount)') }} || '.',
        parent_amount, children_amount, children_amount - parent_amount
    from rec_tree where abs(parent_amount - children_amount) >= 0.005
),
-- 3. the document's stated total vs the sum of one level's items (sasaran, program, top-level belanja)
totals as (
    select submission_id, fiscal_year, plan_version, measure, quarter, value_numeric as total, source_line, source_lines
    from money where level = 'agency'
),
level_sums as (
    select submission_id, fiscal_year, plan_version, measure, quarter,
        case when level = 'belanja' then 'belanja' else level end as lvl,
        sum(value_numeric) as level_amount, count(*) as n_items, list_sort(list(source_line)) as lines
    from rec
    where level in ('sasaran', 'program')
       or (level = 'belanja' and (parent_record_no is null
            or exists (select 1 from items pi where pi.submission_id = rec.submission_id and pi.table_id = rec.fact_table_id
                       and pi.record_no = rec.parent_record_no and pi.level = 'agency')))
    group by all
    having count(*) > 1
),
total_findings as (
    select t.submission_id, t.source_line, 'stated_total', 'error',
        'Jumlah anggaran per ' || l.lvl || ' tahun ' || t.fiscal_year || ' (baris ' || array_to_string(l.lines, ', ') || ': Rp '
            || {{ rp | replace('@@', 'l.level_amount') }} || ') tidak sama dengan total yang dinyatakan dokumen (baris '
            || array_to_string(t.source_lines, ', ') || ': Rp ' || {{ rp | replace('@@', 't.total') }} || '); selisih Rp '
            || {{ rp | replace('@@', 'abs(t.total - l.level_amount)') }} || '.',
        t.total, l.level_amount, l.level_amount - t.total
    from totals t join level_sums l
      on l.submission_id = t.submission_id and l.fiscal_year = t.fiscal_year and l.plan_version = t.plan_version
     and l.measure = t.measure and l.quarter is not distinct from t.quarter
    where abs(t.total - l.level_amount) >= 0.005
),
-- 4. quarterly targets vs the annual target under the decided semantics
qs as (
    -- quarterly targets with no annual target stated at all (Lampung's program and sub kegiatan rows) have nothing
    -- to be checked against: not a finding (the semantics evidence says 'no annual target stated')
    select s.* from {{ ref('int_quarter_semantics') }} s where s.annual_source <> 'none'
),
q_findings as (
    select submission_id, source_line, 'quarters_vs_annual',
        case when semantics = 'unknown' and annual is not null and q1 is not null and q2 is not null and q3 is not null and q4 is not null then 'error'
             when semantics = 'level' and greatest(q1, q2, q3, q4) > annual then 'error'
             else 'warning' end,
        'Target triwulan (TW I–IV: ' || coalesce({{ num | replace('@@', 'q1') }}, '-') || '; ' || coalesce({{ num | replace('@@', 'q2') }}, '-') || '; '
            || coalesce({{ num | replace('@@', 'q3') }}, '-') || '; ' || coalesce({{ num | replace('@@', 'q4') }}, '-')
            || ', jumlah ' || coalesce({{ num | replace('@@', 'quarter_sum') }}, '-') || ') '
            || case
                when semantics = 'unknown' and quarter_sum is not null and annual is not null then
                    'tidak sesuai dengan target tahunan ' || {{ num | replace('@@', 'annual') }} || ' (baris ' || source_line
                    || '): bukan penambahan (selisih jumlah ' || {{ num | replace('@@', 'abs(quarter_sum - annual)') }}
                    || '), bukan kumulatif (TW IV ' || {{ num | replace('@@', 'q4') }} || ') dan bukan tingkat yang dipertahankan.'
                when semantics = 'unknown' then 'tidak lengkap atau tidak berupa angka (baris ' || source_line || '); target tahunan '
                    || coalesce({{ num | replace('@@', 'annual') }}, '-') || '.'
                when semantics = 'level' then 'melebihi target tahunan ' || {{ num | replace('@@', 'annual') }} || ' (baris ' || source_line
                    || '): triwulan tertinggi ' || {{ num | replace('@@', 'greatest(q1, q2, q3, q4)') }} || ', selisih '
                    || {{ num | replace('@@', 'greatest(q1, q2, q3, q4) - annual') }} || '.'
                else 'berubah-ubah sedangkan TW IV sama dengan target tahunan ' || {{ num | replace('@@', 'annual') }} || ' (baris ' || source_line
                    || '): dibaca kumulatif, tetapi bisa juga tingkat per triwulan; mohon dipastikan.'
               end,
        annual, quarter_sum, quarter_sum - annual
    from qs
    where (semantics = 'unknown')
       or (semantics = 'level' and greatest(q1, q2, q3, q4) > annual)
       or (semantics = 'cumulative' and q1 > 0 and not (q1 = q2 and q2 = q3 and q3 = q4))
),
-- 5. digits vs words (terbilang), resolved by the stated total where the evidence is unambiguous
bl as (select * from {{ ref('int_budget_lines') }}),
words as (
    select b.*,
        (select sum(x.value_numeric) from money x where x.submission_id = b.submission_id and x.level = b.level
            and x.measure = b.measure and x.quarter is not distinct from b.quarter and x.fiscal_year = b.fiscal_year) as siblings_sum,
        (select max(t.total) from totals t where t.submission_id = b.submission_id and t.measure = b.measure
            and t.quarter is not distinct from b.quarter and t.fiscal_year = b.fiscal_year) as stated_total,
        (select min(t.source_line) from totals t where t.submission_id = b.submission_id and t.measure = b.measure
            and t.quarter is not distinct from b.quarter and t.fiscal_year = b.fiscal_year) as total_line
    from bl b
    where b.words_amount_idr is not null and b.amount_idr is not null and b.words_amount_idr <> b.amount_idr
),
word_findings as (
    select submission_id, source_line, 'digits_vs_words', 'warning',
        'Angka Rp ' || amount_text || ' (baris ' || source_line || ') berbeda dengan terbilangnya "' || words_text || '" (= Rp '
            || {{ rp | replace('@@', 'words_amount_idr') }} || '); selisih Rp ' || {{ rp | replace('@@', 'abs(amount_idr - words_amount_idr)') }} || '. '
            || case when stated_total is not null and abs(siblings_sum - stated_total) < 0.005 then
                    'Dipakai angka Rp ' || {{ rp | replace('@@', 'amount_idr') }} || ' karena hanya dengan angka itu jumlah rincian sama dengan total Rp '
                    || {{ rp | replace('@@', 'stated_total') }} || ' (baris ' || total_line || ').'
                 when stated_total is not null and abs(siblings_sum - amount_idr + words_amount_idr - stated_total) < 0.005 then
                    'Terbilang cocok dengan total Rp ' || {{ rp | replace('@@', 'stated_total') }} || ' (baris ' || total_line || '); angka tetap dipakai, mohon dikoreksi.'
                 else 'Tidak ada total yang dapat memastikan; dipakai angka, mohon dikonfirmasi.' end,
        amount_idr, words_amount_idr, words_amount_idr - amount_idr
    from words
),
-- 6. numbers whose reading depends on the separators: how they were resolved
amb as (
    select c.submission_id, c.source_line, c.value_text, c.value_numeric, c.alternatives, c.number_style, c.role,
        b.words_amount_idr, b.words_text,
        (select max(t.total) from totals t where t.submission_id = c.submission_id and t.measure = 'realisasi'
            and t.quarter is not distinct from b.quarter and t.fiscal_year = b.fiscal_year) as stated_total,
        (select sum(x.value_numeric) from money x where x.submission_id = c.submission_id and x.level = b.level
            and x.measure = b.measure and x.quarter is not distinct from b.quarter and x.fiscal_year = b.fiscal_year) as siblings_sum
    from {{ ref('int_cells_interpreted') }} c
    left join bl b on b.submission_id = c.submission_id and b.value_no = c.value_no
    where c.is_ambiguous or c.number_style = 'mixed'
),
amb_findings as (
    select submission_id, source_line, 'ambiguous_number',
        case when is_ambiguous_flag then 'warning' else 'info' end,
        case when is_ambiguous_flag then
            'Angka "' || value_text || '" (baris ' || source_line || ') ambigu (bisa dibaca ' || coalesce(alternatives, '?') || '); dibaca '
            || {{ rp | replace('@@', 'value_numeric') }}
            || case when words_amount_idr = value_numeric then ' sesuai terbilangnya "' || words_text || '"' else '' end
            || case when stated_total is not null and abs(siblings_sum - stated_total) < 0.005
                    then ' dan jumlah rincian sama dengan total Rp ' || {{ rp | replace('@@', 'stated_total') }} else '' end || '.'
        else
            'Angka "' || value_text || '" (baris ' || source_line || ') memakai pemisah campuran (titik sebagai ribuan dan desimal); dibaca '
            || {{ rp | replace('@@', 'value_numeric') }} || '.'
        end,
        value_numeric, coalesce(words_amount_idr, value_numeric), cast(0 as decimal(38, 6))
    from (select *, value_text is not null and number_style <> 'mixed' as is_ambiguous_flag from amb) a
),
-- 7. units: unknown, missing, or written differently for the annual target and the quarters. Units are compared
--    case-folded, spaces collapsed, trailing '.' dropped, and through the alias seed: 'Unit' vs 'unit' is the same unit
--    (no finding); 'Dok' vs 'Dokumen' is written differently but the same canonical unit (info); else a warning.
unit_cell_values as (
    select c.submission_id, c.table_id, c.record_no, c.role, c.source_line, c.value_no, c.value_text, c.value_kind,
        c.value_numeric, nullif(trim(c.unit_text), '') as unit_verbatim,
        nullif(regexp_replace(regexp_replace(lower(trim(c.unit_text)), '\s+', ' ', 'g'), '\.$', ''), '') as unit_norm
    from {{ ref('int_cells_interpreted') }} c where c.role in ('target_annual', 'target_quarter', 'target_year')
),
aliases as (select lower(trim(alias_normalised)) as alias, canonical_unit from {{ ref('unit_aliases') }}),
unit_cells as (
    select v.submission_id, v.table_id, v.record_no,
        min(v.source_line) filter (where v.role = 'target_annual') as source_line,
        string_agg(distinct v.unit_verbatim, ' / ' order by v.unit_verbatim) filter (where v.role = 'target_annual') as annual_unit,
        string_agg(distinct v.unit_verbatim, ' / ' order by v.unit_verbatim) filter (where v.role = 'target_quarter') as quarter_unit,
        list_sort(list(distinct v.unit_norm) filter (where v.role = 'target_annual' and v.unit_norm is not null)) as annual_norms,
        list_sort(list(distinct v.unit_norm) filter (where v.role = 'target_quarter' and v.unit_norm is not null)) as quarter_norms,
        list_sort(list(distinct coalesce(a.canonical_unit, v.unit_norm)) filter (where v.role = 'target_annual' and v.unit_norm is not null)) as annual_canon,
        list_sort(list(distinct coalesce(a.canonical_unit, v.unit_norm)) filter (where v.role = 'target_quarter' and v.unit_norm is not null)) as quarter_canon,
        bool_or(v.value_kind = 'number') filter (where v.role = 'target_annual') as annual_is_number,
        arg_min(v.value_text, v.value_no) filter (where v.role = 'target_annual') as annual_text,
        min(v.source_line) filter (where v.value_numeric is not null) as first_target_line,
        arg_min(v.value_text, v.value_no) filter (where v.value_numeric is not null) as first_target_text
    from unit_cell_values v
    left join aliases a on a.alias = v.unit_norm
    group by all
),
unit_findings as (
    select u.submission_id, u.source_line, 'unit_annual_vs_quarter',
        case when u.annual_unit is null then 'warning'
             when len(u.annual_canon) = 1 and u.annual_canon = u.quarter_canon and a1.canonical_unit is not null then 'info'
             else 'warning' end,
        case when u.annual_unit is null then
                'Target tahunan "' || u.annual_text || '" (baris ' || u.source_line || ') tidak bersatuan, sedangkan target triwulan bersatuan "'
                || u.quarter_unit || '"; mohon lengkapi satuannya.'
             else 'Satuan target tahunan "' || u.annual_unit || '" dan target triwulan "' || u.quarter_unit || '" (baris ' || u.source_line
                || ') ditulis berbeda' || case when len(u.annual_canon) = 1 and u.annual_canon = u.quarter_canon and a1.canonical_unit is not null
                                               then ' tetapi sama (' || a1.canonical_unit || ').'
                                               else '; mohon diseragamkan.' end end,
        null::decimal(38, 6), null::decimal(38, 6), null::decimal(38, 6)
    from unit_cells u
    left join {{ ref('int_units_conformed') }} uc using (submission_id, table_id, record_no)
    left join aliases a1 on a1.alias = u.annual_norms[1]
    where u.quarter_unit is not null and u.source_line is not null and uc.unit_source <> 'unit_cell'
      and (u.annual_unit is null or u.annual_norms <> u.quarter_norms)
),
unknown_units as (
    select uc.submission_id, (select min(source_line) from {{ ref('int_cells_interpreted') }} c where c.submission_id = uc.submission_id
                              and c.table_id = uc.table_id and c.record_no = uc.record_no) as source_line,
        'unit_unknown', 'warning',
        'Satuan "' || uc.unit_text || '" tidak dikenal dalam daftar satuan; target tidak dapat dibandingkan antar daerah sampai satuannya dipastikan.',
        null::decimal(38, 6), null::decimal(38, 6), null::decimal(38, 6)
    from {{ ref('int_units_conformed') }} uc where uc.unit_status = 'unknown'
),
-- only a target with a number and no unit written or inferable (unit_status 'missing'); indicators without any
-- target number ('no_target': empty cells, '-') are not flagged
missing_units as (
    select u.submission_id, coalesce(u.source_line, u.first_target_line), 'unit_missing', 'warning',
        'Target "' || coalesce(u.annual_text, u.first_target_text) || '" (baris ' || coalesce(u.source_line, u.first_target_line)
            || ') tidak mencantumkan satuan.',
        null::decimal(38, 6), null::decimal(38, 6), null::decimal(38, 6)
    from unit_cells u join {{ ref('int_units_conformed') }} uc using (submission_id, table_id, record_no)
    where uc.unit_status = 'missing' and u.quarter_unit is null and u.first_target_line is not null
),
-- 8. nomenclature items without a code
unmatched as (
    select r.submission_id, i.first_line as source_line, 'nomenclature_unmatched', 'warning',
        'Nama ' || replace(r.level, '_', ' ') || ' "' || r.item_name || '" (baris ' || i.first_line
            || ') tidak ditemukan dalam nomenklatur' || coalesce('; paling mirip ' || r.candidate_1_code || ' "' || r.candidate_1_name
            || '" (skor ' || round(r.candidate_1_score, 1) || ')', '') || '; mohon gunakan nama/kode nomenklatur resmi.',
        null::decimal(38, 6), null::decimal(38, 6), null::decimal(38, 6)
    from {{ ref('int_nomenclature_review') }} r
    left join items i using (submission_id, table_id, record_no)
),
-- 9. targets stated without an indicator
no_indicator as (
    select submission_id, min(source_line), 'target_without_indicator', 'warning',
        'Target "' || list(value_text order by source_line, value_text)[1] || '" untuk ' || replace(level, '_', ' ') || ' "' || coalesce(min(item_name), '?') || '" (baris '
            || min(source_line) || ') tidak mempunyai indikator.',
        null::decimal(38, 6), null::decimal(38, 6), null::decimal(38, 6)
    from figs where measure = 'target' and indicator_name is null
    group by submission_id, fact_table_id, fact_record_no, level
),
-- 10. findings about figures (int_figure_findings), by union: duplicated / contradictory places, unreadable cells
figure_findings as (
    select submission_id, source_line, 'figure_' || finding_type,
        case finding_type when 'places_disagree' then 'warning' when 'name_collision' then 'warning' else 'warning' end,
        message,  -- already a sentence in Bahasa Indonesia naming its line(s)
        null::decimal(38, 6), null::decimal(38, 6), null::decimal(38, 6)
    from {{ ref('int_figure_findings') }}
    where finding_type in ('places_disagree', 'name_collision', 'unreadable_number')
),
-- 11. what the build decided (marts.findings): refused values, held-back / duplicate / superseded submissions
build_decisions as (
    select submission_id, source_line, finding_type, severity, message,
        null::decimal(38, 6), null::decimal(38, 6), null::decimal(38, 6)
    from {{ ref('findings') }}
    where finding_type in ('rejected_value', 'unknown_region', 'duplicate_submission', 'superseded_submission',
                           'submission_conflict')
),
-- 12. how the file itself was read (landed by the intake): a text encoding other than plain UTF-8, hidden sheets
--     (not read) and hidden rows/columns (read). A note about the file as a whole points at its first line.
intake as (
    select submission_id, coalesce(source_line, 1), 'intake_' || kind,
        case kind when 'encoding' then 'info' when 'hidden_columns' then 'info' else 'warning' end,
        message, null::decimal(38, 6), null::decimal(38, 6), null::decimal(38, 6)
    from {{ ref('stg_landing__intake_notes') }}
),
all_findings as (
    select * from tree_findings
    union all select * from rec_findings
    union all select * from total_findings
    union all select * from q_findings
    union all select * from word_findings
    union all select * from amb_findings
    union all select * from unit_findings
    union all select * from unknown_units
    union all select * from missing_units
    union all select * from unmatched
    union all select * from no_indicator
    union all select * from figure_findings
    union all select * from build_decisions
    union all select * from intake
)
select
    md5(concat_ws('|', f.submission_id, f.check_name, f.source_line::varchar, f.message)) as finding_id,
    s.region_code, s.region_name, s.agency_name, s.fiscal_year, s.source_file, f.source_line,
    f.check_name, f.severity, f.message,
    cast(f.figure_stated as decimal(38, 6))   as figure_stated,
    cast(f.figure_computed as decimal(38, 6)) as figure_computed,
    cast(f.difference as decimal(38, 6))      as difference,
    f.submission_id
from all_findings f
left join subs s using (submission_id)
