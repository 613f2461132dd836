-- Questions 2 and 3: per fiscal year, quarter, region and program: capaian kinerja % (stated by the document, else
-- realisasi / target x 100, or for lower-is-better indicators the formula chosen in seeds/capaian_settings.csv /
-- var capaian_lower_is_better_formula), serapan % (capaian anggaran), efisiensi as the RATIO capaian kinerja /
-- capaian anggaran (Lumajang's LKj definition; efisiensi_ratio > 1 = performance ahead of spending), rating band.
-- The base of marts.mart_program_performance (published as is) and marts.mart_quarter_rating.
{% set lib_formula = var('capaian_lower_is_better_formula', none) %}
with settings as (
    select
        coalesce({{ "'" ~ lib_formula ~ "'" if lib_formula else 'null' }},
                 (select value from {{ ref('capaian_settings') }} where setting = 'lower_is_better_formula'),
                 'inverse') as lower_is_better_formula
),
f as (select * from {{ ref('int_planning_figures') }} where level = 'program'),
realised as (
    select
        fiscal_year, quarter, region_code, min(region_name) as region_name, agency_name, plan_version,
        coalesce(resolved_code, 'unmatched:' || item_key) as program_key, resolved_code as nomenclature_code,
        min(item_name) as program_name, min(indicator_name) as indicator_name,
        max(value_numeric) filter (where measure = 'capaian_pct')        as stated_capaian_pct,
        max(value_numeric) filter (where measure = 'realisasi_kinerja')  as realisasi_kinerja,
        min(source_line) filter (where measure in ('capaian_pct', 'realisasi_kinerja')) as source_line,
        min(source_file) as source_file
    from f
    where measure in ('capaian_pct', 'realisasi_kinerja') and quarter is not null
    group by all
),
targets as (
    select fiscal_year, region_code, agency_name, plan_version,
           coalesce(resolved_code, 'unmatched:' || item_key) as program_key,
           max(value_numeric) filter (where quarter is null) as annual_target
    from f where measure = 'target'
    group by all
),
budget as (
    select fiscal_year, region_code, agency_name, plan_version,
           coalesce(nomenclature_code, 'unmatched') as code, realisasi_through_quarter, serapan_pct, serapan_source
    from {{ ref('int_program_budget') }}
),
joined as (
    select r.*, t.annual_target, b.serapan_pct, b.serapan_source,
        regexp_matches(lower(coalesce(r.indicator_name, '')),
            '(temuan|jumlah kasus|angka kejahatan|tingkat pelanggaran|potensi konflik|gangguan)') as is_lower_better
    from realised r
    left join targets t using (fiscal_year, region_code, agency_name, plan_version, program_key)
    left join budget b
        on b.fiscal_year = r.fiscal_year and b.region_code = r.region_code and b.agency_name = r.agency_name
       and b.plan_version = r.plan_version and b.code = coalesce(r.nomenclature_code, 'unmatched')
       and b.realisasi_through_quarter = r.quarter
),
computed as (
    select j.*,
        case
            when stated_capaian_pct is not null then stated_capaian_pct
            when realisasi_kinerja is null or annual_target is null or annual_target = 0 then null
            when not is_lower_better then realisasi_kinerja / annual_target * 100
            when (select lower_is_better_formula from settings) = 'two_minus'
                then greatest(0, (2 * annual_target - realisasi_kinerja) / annual_target * 100)
            when realisasi_kinerja = 0 then null
            else annual_target / realisasi_kinerja * 100
        end as capaian_raw,
        case when stated_capaian_pct is not null then 'stated'
             when realisasi_kinerja is not null and annual_target is not null and annual_target <> 0
                 then case when is_lower_better then 'computed_' || (select lower_is_better_formula from settings) else 'computed' end
        end as capaian_source
    from joined j
)
select
    c.fiscal_year, c.quarter, c.region_code, c.region_name, c.agency_name, c.plan_version,
    c.nomenclature_code, c.program_name, c.indicator_name, c.is_lower_better,
    -- stated figures keep every digit written (DECIMAL(38,6), like the facts); a computed capaian has 3 decimals
    cast(c.annual_target as decimal(38, 6))                            as annual_target,
    cast(c.realisasi_kinerja as decimal(38, 6))                        as realisasi_kinerja,
    try_cast(case when c.capaian_source = 'stated' then c.capaian_raw else round(c.capaian_raw, 3) end
         as decimal(38, 6))                                            as capaian_kinerja_pct,
    c.capaian_source,
    c.serapan_pct                                                       as capaian_anggaran_pct,
    c.serapan_source,
    try_cast(round(c.capaian_raw / nullif(c.serapan_pct, 0), 4) as decimal(12, 4)) as efisiensi_ratio,
    rb.band_code                                                        as rating_band,
    rb.label_id                                                         as rating_label,
    c.source_file, c.source_line
from computed c
left join {{ ref('rating_bands') }} rb
    on c.capaian_raw is not null
   and (rb.min_pct is null or c.capaian_raw >= rb.min_pct)
   and (rb.max_pct is null or c.capaian_raw < rb.max_pct)
