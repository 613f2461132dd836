-- The units written for each target record, annual vs quarterly, for the unit checks. Units are compared
-- case-folded, spaces collapsed, trailing '.' dropped, and through the alias seed (canonical units).
with unit_cell_values as (
    select c.submission_id, c.table_id, c.record_no, c.role, c.source_line, c.value_no, c.value_text, c.value_kind,
        c.value_numeric, nullif(trim(c.unit_text), '') as unit_verbatim,
        nullif(regexp_replace(regexp_replace(lower(trim(c.unit_text)), '\s+', ' ', 'g'), '\.$', ''), '') as unit_norm
    from {{ ref('int_cells_interpreted') }} c where c.role in ('target_annual', 'target_quarter', 'target_year')
),
aliases as (select lower(trim(alias_normalised)) as alias, canonical_unit from {{ ref('unit_aliases') }})
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
