-- Ephemeral: the readings are joined into int_cells_interpreted and not published on their own.
{{ config(materialized='ephemeral') }}
select
    cast(submission_id as varchar)          as submission_id,
    cast(value_no as integer)               as value_no,
    cast(interpreter_version as varchar)    as interpreter_version,
    cast(record_unit as varchar)            as record_unit,
    cast(parse_hint as varchar)             as parse_hint,
    cast(value_numeric as decimal(38, 6))   as value_numeric,
    cast(value_kind as varchar)             as value_kind,
    cast(unit_text as varchar)              as unit_text,
    cast(qualifier as varchar)              as qualifier,
    cast(grade as varchar)                  as grade,
    cast(number_style as varchar)           as number_style,
    cast(is_ambiguous as boolean)           as is_ambiguous,
    cast(alternatives as varchar)           as alternatives,
    cast(parse_note as varchar)             as parse_note
from {{ source('landing', 'cell_readings') }}
