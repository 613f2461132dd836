-- Check unit_unknown: a unit not in the unit list (seeds/units.csv, unit_aliases.csv): the target cannot be
-- compared across regions until its unit is settled.
select
    uc.submission_id,
    (select min(source_line) from {{ ref('int_cells_interpreted') }} c where c.submission_id = uc.submission_id
        and c.table_id = uc.table_id and c.record_no = uc.record_no) as source_line,
    'unit_unknown' as check_name, 'warning' as severity,
    'Satuan "' || uc.unit_text || '" tidak dikenal dalam daftar satuan; target tidak dapat dibandingkan antar daerah sampai satuannya dipastikan.' as message,
    null::decimal(38, 6) as figure_stated, null::decimal(38, 6) as figure_computed, null::decimal(38, 6) as difference
from {{ ref('int_units_conformed') }} uc where uc.unit_status = 'unknown'
