-- One row per item record (submission_id, table_id, record_no): its level, its name (fragments of a wrapped name
-- joined in line order, with the list of lines), its parent record, indicator and unit. A record that carries no
-- name of its own (an indicator row under an item) takes the name of its parent record: `item_record_no` says
-- which record named it.
with cells as (
    select * from {{ ref('int_cells_interpreted') }}
),

-- A role is nearly always written in one cell of its record: its text is that cell's. Only the records with a role
-- written in several cells (a wrapped name) join their cells in line order: ordered aggregates cost per group.
cell_records as (
    select
        submission_id,
        table_id,
        record_no,
        max(parent_record_no)                                                   as parent_record_no,
        coalesce(max(level) filter (where role = 'name'), max(level))           as level,
        count(*) filter (where role = 'name')                                   as name_cells,
        first(value_text) filter (where role = 'name')                          as one_name,
        first(source_line) filter (where role = 'name')                         as one_name_line,
        count(*) filter (where role = 'indicator')                              as indicator_cells,
        first(value_text) filter (where role = 'indicator')                     as one_indicator,
        count(*) filter (where role = 'unit')                                   as unit_cells,
        first(value_text) filter (where role = 'unit')                          as one_unit,
        count(*) filter (where role = 'row_no')                                 as row_no_cells,
        first(value_text) filter (where role = 'row_no')                        as one_row_no,
        count(*) filter (where role = 'officer')                                as officer_cells,
        first(value_text) filter (where role = 'officer')                       as one_officer,
        min(source_line)                                                        as first_line,
        max(source_line)                                                        as last_line
    from cells
    group by submission_id, table_id, record_no
),

wrapped as (
    select
        c.submission_id,
        c.table_id,
        c.record_no,
        string_agg(c.value_text, ' ' order by c.source_line, c.source_column, c.value_no) filter (where c.role = 'name')      as own_name,
        list(c.source_line order by c.source_line, c.source_column, c.value_no) filter (where c.role = 'name')              as name_lines,
        string_agg(c.value_text, ' ' order by c.source_line, c.source_column, c.value_no) filter (where c.role = 'indicator') as indicator_name,
        string_agg(c.value_text, ' ' order by c.source_line, c.source_column, c.value_no) filter (where c.role = 'unit')      as unit_text,
        string_agg(c.value_text, ' ' order by c.source_line, c.source_column, c.value_no) filter (where c.role = 'row_no')    as row_no_text,
        string_agg(c.value_text, ' | ' order by c.source_line, c.source_column, c.value_no) filter (where c.role = 'officer') as officer
    from cells c
    join cell_records r using (submission_id, table_id, record_no)
    where r.name_cells > 1 or r.indicator_cells > 1 or r.unit_cells > 1 or r.row_no_cells > 1 or r.officer_cells > 1
    group by c.submission_id, c.table_id, c.record_no
),

records as (
    select
        r.submission_id,
        r.table_id,
        r.record_no,
        r.parent_record_no,
        r.level,
        case when r.name_cells > 1 then w.own_name else r.one_name end                  as own_name,
        case when r.name_cells > 1 then w.name_lines
             when r.name_cells = 1 then [r.one_name_line] end                           as name_lines,
        case when r.indicator_cells > 1 then w.indicator_name else r.one_indicator end  as indicator_name,
        case when r.unit_cells > 1 then w.unit_text else r.one_unit end                 as unit_text,
        case when r.row_no_cells > 1 then w.row_no_text else r.one_row_no end           as row_no_text,
        case when r.officer_cells > 1 then w.officer else r.one_officer end             as officer,
        r.first_line,
        r.last_line
    from cell_records r
    left join wrapped w using (submission_id, table_id, record_no)
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
