-- Every deduplicated fact (int_facts), materialised per submission, with its record (table_id, record_no), its region/agency names and its
-- nomenclature code resolved for the planning marts:
--   code_method 'fact'            the code int_facts carries (int_figure_nomenclature)
--   'record'                      int_nomenclature_matched for the fact's own record
--   'carried_forward'             a nameless row (an indicator row under an item: Bangka raw 19) takes the code of the
--                                 nearest coded record of the same level above it in the same table
--   NULL                          no code
with facts as (
    -- int_facts carries its figure's record (int_figures_deduplicated.table_id, record_no)
    select f.*, f.table_id as fact_table_id, f.record_no as fact_record_no
    from {{ ref('int_facts') }} f
),
matched as (
    select submission_id, table_id, record_no, level, nomenclature_code
    from {{ ref('int_nomenclature_matched') }}
    where nomenclature_code is not null
),
items as (select submission_id, table_id, record_no, first_line from {{ ref('int_items') }}),
coded_items as (
    select m.submission_id, m.table_id, m.level, m.nomenclature_code, i.first_line
    from matched m join items i using (submission_id, table_id, record_no)
),
coded_lines as (
    -- two coded records starting on the same line: the lowest code
    select submission_id, table_id, level, first_line, min(nomenclature_code) as nomenclature_code
    from coded_items
    group by submission_id, table_id, level, first_line
),
carried as (
    -- the nearest coded record at or above the fact's line: one ASOF join, not a search per fact
    select f.figure_id, c.nomenclature_code as carried_code
    from facts f
    asof join coded_lines c
        on c.submission_id = f.submission_id and c.table_id = f.fact_table_id and c.level = f.level
       and c.first_line <= f.source_line
    where f.level in ('program', 'kegiatan', 'sub_kegiatan')
)
select
    f.*,
    coalesce(f.nomenclature_code, m.nomenclature_code, c.carried_code) as resolved_code,
    case when f.nomenclature_code is not null then 'fact'
         when m.nomenclature_code is not null then 'record'
         when c.carried_code is not null then 'carried_forward' end as code_method,
    r.region_name
from facts f
left join matched m
    on m.submission_id = f.submission_id and m.table_id = f.fact_table_id and m.record_no = f.fact_record_no
left join carried c using (figure_id)
left join {{ ref('regions') }} r on r.region_code = f.region_code
