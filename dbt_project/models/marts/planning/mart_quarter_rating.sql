-- Each quarter judged against the plan: per row of mart_program_performance (int_program_performance: fiscal year,
-- quarter, region, agency, program, indicator), the share of the annual target the agency PLANNED to reach by the
-- end of that quarter (mart_quarterly_plan = int_quarterly_plan, under the decided quarter semantics) and
-- capaian_vs_plan_pct = capaian kinerja % / planned cumulative share % x 100. The rating bands
-- (seeds/rating_bands.csv) apply to that ratio, so a TW I result is rated against the TW I plan, not the annual
-- target. The program's pagu and realisasi are those of mart_budget_by_program (int_program_budget), same plan
-- version. judgement says why a row is not rated:
--   'rated'          a planned share > 0 exists and capaian is known
--   'no_plan_share'  no quarterly plan for this program indicator (or its semantics are unknown): not rated
--   'nothing_planned' the plan puts 0 % of the target by this quarter: a ratio has no meaning
--   'no_capaian'     the plan exists but capaian kinerja is unknown
-- Plan record chosen per row: same agency, year and program (nomenclature code, else the program name as written);
-- same plan version preferred, then the latest version; the indicator of the same name preferred; a program with
-- several planned indicators and none of the same name is not matched (ambiguous rather than guessed); ties by
-- source_line, table_id, record_no.
with perf as (
    select *, coalesce(nomenclature_code, 'name:' || lower(trim(program_name))) as program_key,
           lower(trim(coalesce(indicator_name, ''))) as indicator_key
    from {{ ref('int_program_performance') }}
),
plan as (
    select q.fiscal_year, q.region_code, q.agency_name, q.plan_version, q.submission_id, q.table_id, q.record_no,
           q.semantics, q.share_tw1, q.share_tw2, q.share_tw3, q.share_tw4, q.source_file, q.source_line,
           coalesce(m.nomenclature_code, 'name:' || lower(trim(q.item_name))) as program_key,
           lower(trim(coalesce(q.indicator_name, ''))) as indicator_key
    from {{ ref('int_quarterly_plan') }} q
    left join {{ ref('int_nomenclature_matched') }} m using (submission_id, table_id, record_no)
    where q.level = 'program'
),
plan_counts as (
    select fiscal_year, region_code, agency_name, plan_version, program_key, count(*) as planned_indicators
    from plan group by all
),
candidates as (
    select p.fiscal_year, p.quarter, p.region_code, p.agency_name, p.plan_version, p.program_key, p.indicator_key,
           pl.semantics, pl.source_file as plan_source_file, pl.source_line as plan_source_line,
           case p.quarter when 1 then pl.share_tw1 when 2 then pl.share_tw2 when 3 then pl.share_tw3 else pl.share_tw4 end
               as planned_share,
           row_number() over (
               partition by p.fiscal_year, p.quarter, p.region_code, p.agency_name, p.plan_version, p.program_key, p.indicator_key
               order by (pl.plan_version = p.plan_version) desc, {{ version_rank('pl.plan_version') }} desc,
                        (pl.indicator_key = p.indicator_key) desc, pl.source_line, pl.table_id, pl.record_no) as pick
    from perf p
    join plan pl
      on pl.fiscal_year = p.fiscal_year and pl.region_code = p.region_code and pl.agency_name = p.agency_name
     and pl.program_key = p.program_key
    join plan_counts pc
      on pc.fiscal_year = pl.fiscal_year and pc.region_code = pl.region_code and pc.agency_name = pl.agency_name
     and pc.plan_version = pl.plan_version and pc.program_key = pl.program_key
    where pl.indicator_key = p.indicator_key or pc.planned_indicators = 1
),
chosen as (select * from candidates where pick = 1),
budget as (
    select fiscal_year, region_code, agency_name, plan_version, coalesce(nomenclature_code, 'unmatched') as code,
           pagu_idr, realisasi_idr, realisasi_through_quarter
    from {{ ref('int_program_budget') }}
),
judged as (
    select p.*, c.semantics as plan_semantics, c.planned_share, c.plan_source_file, c.plan_source_line,
        b.pagu_idr, b.realisasi_idr, b.realisasi_through_quarter,
        case
            when c.planned_share is null then 'no_plan_share'
            when c.planned_share = 0 then 'nothing_planned'
            when p.capaian_kinerja_pct is null then 'no_capaian'
            else 'rated'
        end as judgement,
        case when c.planned_share > 0 and p.capaian_kinerja_pct is not null
             then p.capaian_kinerja_pct / (c.planned_share * 100) * 100 end as vs_plan_raw
    from perf p
    left join chosen c
      on c.fiscal_year = p.fiscal_year and c.quarter = p.quarter and c.region_code = p.region_code
     and c.agency_name = p.agency_name and c.plan_version = p.plan_version and c.program_key = p.program_key
     and c.indicator_key = p.indicator_key
    left join budget b
      on b.fiscal_year = p.fiscal_year and b.region_code = p.region_code and b.agency_name = p.agency_name
     and b.plan_version = p.plan_version and b.code = coalesce(p.nomenclature_code, 'unmatched')
)
select
    j.fiscal_year, j.quarter, j.region_code, j.region_name, j.agency_name, j.plan_version,
    j.nomenclature_code, j.program_name, j.indicator_name,
    {{ is_support_program('j.nomenclature_code') }}                          as is_support_program,
    j.annual_target, j.realisasi_kinerja, j.capaian_kinerja_pct, j.capaian_source,
    j.plan_semantics,
    cast(round(j.planned_share * 100, 2) as decimal(9, 2))                  as planned_cumulative_share_pct,
    cast(round(j.vs_plan_raw, 3) as decimal(12, 3))                         as capaian_vs_plan_pct,
    j.judgement,
    rb.band_code                                                            as rating_band,
    rb.label_id                                                             as rating_label,
    j.capaian_anggaran_pct, j.serapan_source,
    j.pagu_idr, j.realisasi_idr, j.realisasi_through_quarter,
    j.source_file, j.source_line, j.plan_source_file, j.plan_source_line
from judged j
left join {{ ref('rating_bands') }} rb
    on j.vs_plan_raw is not null
   and (rb.min_pct is null or j.vs_plan_raw >= rb.min_pct)
   and (rb.max_pct is null or j.vs_plan_raw < rb.max_pct)
