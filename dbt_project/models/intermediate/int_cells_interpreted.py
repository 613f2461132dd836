"""Every landed cell with its number read (rekap.interpret.numbers.parse_number / words.words_to_number).

The parsing runs as DuckDB Python UDFs registered on the dbt session, so interpretation is re-run from the verbatim
landed text on every build. The hint given to the parser is chosen by role:
  budget, budget_realisation           -> 'money'
  *_pct                                -> 'percent'
  target_*, realisation                -> 'percent' when the record's unit says so (Persen / % / prosen), else None
  budget_realisation_words             -> read with words_to_number (kind 'words')
  every other role (names, units, ...) -> not read as a number (kind 'label')
Values are DECIMAL(38,6) (money is cast to DECIMAL(18,2) downstream), never DOUBLE; value_text is kept beside.
Only the cells of submissions the build publishes are read (int_submission_status.status = 'loaded').
"""

NUMERIC_ROLES = (
    "budget", "budget_realisation", "budget_share_pct", "realisation_pct", "absorption_pct",
    "target_annual", "target_quarter", "target_year", "realisation",
)

PARSED_TYPE = (
    "STRUCT(value VARCHAR, kind VARCHAR, unit_text VARCHAR, qualifier VARCHAR, grade VARCHAR, style VARCHAR, "
    "ambiguous BOOLEAN, alternatives VARCHAR[], note VARCHAR)"
)


def _parse(text, hint):
    from rekap.interpret.numbers import parse_number

    if text is None:
        return None
    return parse_number(text, hint or None).as_record()  # matches PARSED_TYPE field for field


def _words(text):
    from rekap.interpret.words import words_to_number

    if text is None:
        return None
    n = words_to_number(text)
    return None if n is None else str(n)


def model(dbt, session):
    dbt.config(materialized="table")
    import duckdb

    session.create_function("rekap_parse_number", _parse, [duckdb.sqltype("VARCHAR"), duckdb.sqltype("VARCHAR")],
                            duckdb.sqltype(PARSED_TYPE), null_handling="special", side_effects=False)
    session.create_function("rekap_words_to_number", _words, [duckdb.sqltype("VARCHAR")],
                            duckdb.sqltype("VARCHAR"), null_handling="special", side_effects=False)

    # only submissions the build publishes (int_submission_status): a quarantined, duplicate, superseded or
    # conflicting submission's cells stay in landing and never reach a fact
    published = dbt.ref("int_submission_status").filter("status = 'loaded'").project("submission_id")
    cells = dbt.ref("stg_landing__cells").join(published, "submission_id")
    roles = ", ".join(f"'{r}'" for r in NUMERIC_ROLES)
    sql = f"""
    with units as (
        select submission_id, table_id, record_no, string_agg(value_text, ' ' order by source_line, source_column, value_no) as unit
        from cells where role = 'unit' group by all
    ),
    record_unit as (
        -- the unit of a record, else of its parent record (indicator rows often carry the unit for their item)
        select c.submission_id, c.table_id, c.record_no, coalesce(u.unit, pu.unit) as record_unit
        from (select distinct submission_id, table_id, record_no, parent_record_no from cells) c
        left join units u using (submission_id, table_id, record_no)
        left join units pu on pu.submission_id = c.submission_id and pu.table_id = c.table_id
                          and pu.record_no = c.parent_record_no
    ),
    hinted as (
        select c.*, ru.record_unit,
            case
                when c.role in ('budget', 'budget_realisation') then 'money'
                when c.role like '%\\_pct' escape '\\' then 'percent'
                when c.role in ('target_annual', 'target_quarter', 'target_year', 'realisation')
                     and regexp_matches(lower(coalesce(ru.record_unit, '')), '(persen|prosen|percent|%)') then 'percent'
                else null
            end as parse_hint
        from cells c
        left join record_unit ru using (submission_id, table_id, record_no)
    ),
    parsed as (
        select *,
            case when role in ({roles}) then rekap_parse_number(value_text, parse_hint) end as p,
            case when role = 'budget_realisation_words' then rekap_words_to_number(value_text) end as w
        from hinted
    )
    select
        submission_id, value_no, source_file, content_sha256, table_id, record_no, parent_record_no, level, role,
        value_text, source_line, source_column, quarter_label, version_label, year_label, context,
        record_unit,
        parse_hint,
        -- try_cast: a number beyond DECIMAL(38,6) becomes NULL here and a rejection in int_rejected_values
        try_cast(coalesce(p.value, w) as decimal(38, 6))                     as value_numeric,
        case when role = 'budget_realisation_words' then (case when w is null then 'text' else 'words' end)
             when p is null then 'label' else p.kind end                     as value_kind,
        p.unit_text                                                          as unit_text,
        p.qualifier                                                          as qualifier,
        p.grade                                                              as grade,
        p.style                                                              as number_style,
        coalesce(p.ambiguous, false)                                         as is_ambiguous,
        case when len(p.alternatives) > 0 then array_to_string(p.alternatives, ' | ') end as alternatives,
        p.note                                                               as parse_note
    from parsed
    """
    rel = cells.query("cells", sql)
    return rel.arrow()
