-- One row per indicator record (a record with an indicator name or an annual target): its unit as written
-- (the 'unit' cell, else the unit words the parser found trailing the annual target: '3 Lap' -> 'Lap'),
-- normalised, and its canonical unit from seeds/unit_aliases.csv. Where no unit is written: 'persen' when the
-- target values are written as percentages ('15%'), else from the indicator name ('Prosentase ...' -> persen,
-- 'Nilai/Indeks ...' -> indeks). unit_status separates what is flagged from what is not:
--   known      a canonical unit was found
--   no_target  no unit written and no target with a number (kegiatan rows with empty target cells, '-' only):
--              nothing to compare, not an unknown unit
--   missing    a target with a number but no unit written and none inferable (flagged: unit_missing)
--   unknown    a unit is written but is not in the alias seed (flagged: unit_unknown; add it to unit_aliases.csv)
-- cells is read by five selections of a few roles each: not materialized, each reads only its columns and rows
-- instead of a copy of every cell
with cells as not materialized (
    select * from {{ ref('int_cells_interpreted') }}
),

indicators as (
    select submission_id, table_id, record_no, arg_min(level, value_no) as level
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

values_seen as (   -- target / realisation cells of the record: is there a number, is it written as a percentage
    select submission_id, table_id, record_no,
        bool_or(value_numeric is not null)                              as has_target_value,
        bool_or(value_kind = 'percent') filter (where value_numeric is not null) as has_percent_value,
        bool_or(value_numeric is not null and value_kind <> 'percent')  as has_plain_number
    from cells
    where role in ('target_annual', 'target_quarter', 'target_year', 'realisation', 'realisation_pct')
    group by all
),

indicator_names as (
    select submission_id, table_id, record_no,
        {{ normalize_item_name("string_agg(value_text, ' ' order by value_no)") }} as indicator_key  -- 'Prosentase' reads 'persentase'
    from cells where role = 'indicator'
    group by all
),

normalised as (
    select *,
        -- case-fold, collapse spaces, drop a trailing '.' ('Lap.', 'dok.')
        {{ normalize_unit('unit_text') }} as unit_normalised
    from picked
),

quantity_stripped as (  -- '2 Unit Kendaraan Roda empat, 5 Uni ...' -> first word after the leading quantity
    select *, regexp_extract(regexp_replace(unit_normalised, '^[0-9][0-9.,]*\s*', ''), '^([^\s(,;]+)', 1) as first_word_after_quantity
    from normalised
),

aliases as (
    select lower(trim(alias_normalised)) as alias, trim(canonical_unit) as canonical_unit
    from {{ ref('unit_aliases') }}
),

matched as (
select
    n.submission_id,
    n.table_id,
    n.record_no,
    n.level,
    n.unit_text,
    n.unit_source,
    n.unit_normalised,
    coalesce(v.has_target_value, false)                                 as has_target_value,
    case
        when a1.canonical_unit is not null then a1.canonical_unit
        when a2.canonical_unit is not null then a2.canonical_unit
        when a3.canonical_unit is not null then a3.canonical_unit
        when a4.canonical_unit is not null then a4.canonical_unit
        when n.unit_normalised is null and v.has_percent_value and not coalesce(v.has_plain_number, false) then 'persen'
        when n.unit_normalised is null and v.has_target_value and regexp_matches(ind.indicator_key, '^(persentase|persen)\b') then 'persen'
        when n.unit_normalised is null and v.has_target_value and regexp_matches(ind.indicator_key, '^(indeks|nilai)\b') then 'indeks'
    end                                                                 as canonical_unit,
    case when a1.canonical_unit is not null then 'alias'
         when a2.canonical_unit is not null then 'alias_without_brackets'
         when a3.canonical_unit is not null then 'alias_first_word'
         when a4.canonical_unit is not null then 'alias_after_quantity'
         when n.unit_normalised is not null then 'unknown'
         when v.has_percent_value and not coalesce(v.has_plain_number, false) then 'percent_value'
         when v.has_target_value and regexp_matches(ind.indicator_key, '^(persentase|persen|indeks|nilai)\b') then 'indicator_name'
         else 'no_unit' end                                              as unit_match
from quantity_stripped n
left join values_seen v using (submission_id, table_id, record_no)
left join indicator_names ind using (submission_id, table_id, record_no)
left join aliases a1 on a1.alias = n.unit_normalised
-- 'paket (30 unit)', 'orang (peserta paskibraka)': the words outside the brackets
left join aliases a2 on a2.alias = trim(regexp_replace(n.unit_normalised, '\s*\(.*\)\s*', ' ', 'g'))
-- 'unit kendaraan roda empat', 'jenis dokumen (50 eksamplar)': the first word
left join aliases a3 on a3.alias = regexp_extract(n.unit_normalised, '^([^\s(]+)', 1)
-- '2 unit kendaraan roda empat, 5 uni kendaraan roda dua': the first word after the leading quantity
left join aliases a4 on a4.alias = n.first_word_after_quantity
)

select
    m.*,
    m.canonical_unit is not null                                        as is_known,
    case when m.canonical_unit is not null then 'known'
         when m.unit_match = 'unknown' then 'unknown'
         when not m.has_target_value then 'no_target'
         else 'missing' end                                             as unit_status,
    u.dimension
from matched m
left join {{ ref('units') }} u on u.canonical_unit = m.canonical_unit
