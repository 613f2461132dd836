-- Check unit_annual_vs_quarter: the annual target and the quarters write their unit differently. 'Unit' vs 'unit'
-- is the same unit (no finding); 'Dok' vs 'Dokumen' is written differently but the same canonical unit (info);
-- else a warning.
with aliases as (select lower(trim(alias_normalised)) as alias, canonical_unit from {{ ref('unit_aliases') }})
select
    u.submission_id, u.source_line, 'unit_annual_vs_quarter' as check_name,
    case when u.annual_unit is null then 'warning'
         when len(u.annual_canon) = 1 and u.annual_canon = u.quarter_canon and a1.canonical_unit is not null then 'info'
         else 'warning' end as severity,
    case when u.annual_unit is null then
            'Target tahunan "' || u.annual_text || '" (baris ' || u.source_line || ') tidak bersatuan, sedangkan target triwulan bersatuan "'
            || u.quarter_unit || '"; mohon lengkapi satuannya.'
         else 'Satuan target tahunan "' || u.annual_unit || '" dan target triwulan "' || u.quarter_unit || '" (baris ' || u.source_line
            || ') ditulis berbeda' || case when len(u.annual_canon) = 1 and u.annual_canon = u.quarter_canon and a1.canonical_unit is not null
                                           then ' tetapi sama (' || a1.canonical_unit || ').'
                                           else '; mohon diseragamkan.' end end as message,
    null::decimal(38, 6) as figure_stated, null::decimal(38, 6) as figure_computed, null::decimal(38, 6) as difference
from {{ ref('int_target_units') }} u
left join {{ ref('int_units_conformed') }} uc using (submission_id, table_id, record_no)
left join aliases a1 on a1.alias = u.annual_norms[1]
where u.quarter_unit is not null and u.source_line is not null and uc.unit_source <> 'unit_cell'
  and (u.annual_unit is null or u.annual_norms <> u.quarter_norms)
