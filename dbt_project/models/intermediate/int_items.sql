-- One row per item record (submission_id, table_id, record_no): its level, its name (fragments of a wrapped name
-- joined in line order, with the list of lines), its parent record, indicator and unit. A record that carries no
-- name of its own (an indicator row under an item) takes the name of its parent record: `item_record_no` says
-- which record named it.
with cells as (
    select * from {{ ref('int_cells_interpreted') }}
),

records as (
    select
        submission_id,
        table_id,
        record_no,
        max(parent_record_no)                                                                as parent_record_no,
        coalesce(max(level) filter (where role = 'name'), max(level))                        as level,
        string_agg(value_text, ' ' order by source_line, source_column, value_no) filter (where role = 'name')      as own_name,
        list(source_line order by source_line, source_column, value_no) filter (where role = 'name')              as name_lines,
        string_agg(value_text, ' ' order by source_line, source_column, value_no) filter (where role = 'indicator') as indicator_name,
        string_agg(value_text, ' ' order by source_line, source_column, value_no) filter (where role = 'unit')      as unit_text,
        string_agg(value_text, ' ' order by source_line, source_column, value_no) filter (where role = 'row_no')    as row_no_text,
        string_agg(value_text, ' | ' order by source_line, source_column, value_no) filter (where role = 'officer') as officer,
        min(source_line)                                                                     as first_line,
        max(source_line)                                                                     as last_line
    from cells
    group by submission_id, table_id, record_no
)

select
    r.submission_id,
    r.table_id,
    r.record_no,
    r.parent_record_no,
    r.level,
    coalesce(r.own_name, p.own_name)                                    as item_name,
    r.own_name is not null                                              as has_own_name,
    case when r.own_name is not null then r.record_no
         when p.own_name is not null then p.record_no end               as item_record_no,
    coalesce(r.name_lines, p.name_lines)                                as name_lines,
    p.own_name                                                          as parent_item_name,
    p.level                                                             as parent_level,
    r.indicator_name,
    coalesce(r.unit_text, case when r.indicator_name is null then p.unit_text end) as unit_text,
    r.row_no_text,
    r.officer,
    r.first_line,
    r.last_line,
    case when r.level = 'agency' then 'agency'
         else {{ normalize_item_name('coalesce(r.own_name, p.own_name)') }} end as item_key,
    {{ normalize_item_name('r.indicator_name') }}                       as indicator_key
from records r
left join records p
    on p.submission_id = r.submission_id
   and p.table_id = r.table_id
   and p.record_no = r.parent_record_no
