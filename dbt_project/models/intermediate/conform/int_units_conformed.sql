-- One row per indicator record (a record with an indicator name or an annual target): its unit as written
-- (the 'unit' cell, else the unit words the parser found trailing the annual target: '3 Lap' -> 'Lap'),
-- normalised, and its canonical unit from seeds/unit_aliases.csv. Unknown units are flagged (is_known = false).
with cells as (
    select * from {{ ref('int_cells_interpreted') }}
),

indicators as (
    select submission_id, table_id, record_no, any_value(level) as level
    from cells
    where role in ('indicator', 'target_annual')
    group by all
),

unit_cell as (
    select submission_id, table_id, record_no, string_agg(value_text, ' ' order by value_no) as unit_text
    from cells where role = 'unit' and trim(value_text) <> ''
    group by all
),

annual_trailing as (   -- unit words parsed off the annual target (first one with any)
    select submission_id, table_id, record_no,
        arg_min(unit_text, value_no) filter (where nullif(trim(unit_text), '') is not null) as unit_text
    from cells where role = 'target_annual'
    group by all
),

quarter_trailing as (  -- else off the quarterly targets ('TW 1 : 1 Dokumen')
    select submission_id, table_id, record_no,
        arg_min(unit_text, value_no) filter (where nullif(trim(unit_text), '') is not null) as unit_text
    from cells where role = 'target_quarter'
    group by all
),

picked as (
    select i.*,
        coalesce(u.unit_text, t.unit_text, q.unit_text) as unit_text,
        case when u.unit_text is not null then 'unit_cell'
             when t.unit_text is not null then 'trailing_target_annual'
             when q.unit_text is not null then 'trailing_target_quarter'
             else 'none' end as unit_source
    from indicators i
    left join unit_cell u using (submission_id, table_id, record_no)
    left join annual_trailing t using (submission_id, table_id, record_no)
    left join quarter_trailing q using (submission_id, table_id, record_no)
),

normalised as (
    select *,
        -- case-fold, collapse spaces, drop a trailing '.' ('Lap.', 'dok.')
        nullif(regexp_replace(regexp_replace(lower(trim(unit_text)), '\s+', ' ', 'g'), '\.$', ''), '') as unit_normalised
    from picked
),

aliases as (
    select lower(trim(alias_normalised)) as alias, trim(canonical_unit) as canonical_unit
    from {{ ref('unit_aliases') }}
)

select
    n.submission_id,
    n.table_id,
    n.record_no,
    n.level,
    n.unit_text,
    n.unit_source,
    n.unit_normalised,
    coalesce(a1.canonical_unit, a2.canonical_unit, a3.canonical_unit) as canonical_unit,
    case when a1.canonical_unit is not null then 'alias'
         when a2.canonical_unit is not null then 'alias_without_brackets'
         when a3.canonical_unit is not null then 'alias_first_word'
         when n.unit_normalised is null then 'no_unit'
         else 'unknown' end                                              as unit_match,
    coalesce(a1.canonical_unit, a2.canonical_unit, a3.canonical_unit) is not null as is_known,
    u.dimension
from normalised n
left join aliases a1 on a1.alias = n.unit_normalised
-- 'paket (30 unit)', 'orang (peserta paskibraka)': the words outside the brackets
left join aliases a2 on a2.alias = trim(regexp_replace(n.unit_normalised, '\s*\(.*\)\s*', ' ', 'g'))
-- 'unit kendaraan roda empat', 'jenis dokumen (50 eksamplar)': the first word
left join aliases a3 on a3.alias = regexp_extract(n.unit_normalised, '^([^\s(]+)', 1)
left join {{ ref('units') }} u on u.canonical_unit = coalesce(a1.canonical_unit, a2.canonical_unit, a3.canonical_unit)
