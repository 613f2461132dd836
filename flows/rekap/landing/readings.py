"""How each landed value reads as a number, computed once when the value lands and stored beside its verbatim text.

The reading itself is `rekap.interpret.numbers.parse_number` / `words.words_to_number`; this module only decides
which hint the parser gets (from the cell's role and its record's unit) and shapes the result into the columns of
the landing table `cell_readings`. Each row carries the interpreter version (a hash of the interpreting code): a new
version re-reads every landed value from the verbatim text already in landing, without opening any file.

Hint by role:
  budget, budget_realisation           -> 'money'
  *_pct                                -> 'percent'
  target_*, realisation                -> 'percent' when the record's unit names a percentage (a spelling of
                                          'persen' in seeds/unit_aliases.csv: Persen / % / prosen), else None
  budget_realisation_words             -> read with words_to_number (kind 'words', or 'text' when unreadable)
  every other role (names, units, ...) -> not read as a number (kind 'label')
The record's unit is the text of its 'unit' cells in reading order, else its parent record's.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

from rekap.interpret.units import aliases_csv, percent_pattern
from rekap.landing import schema

NUMERIC_ROLES = frozenset(
    {
        "budget",
        "budget_realisation",
        "budget_share_pct",
        "realisation_pct",
        "absorption_pct",
        "target_annual",
        "target_quarter",
        "target_year",
        "realisation",
    }
)
_UNIT_HINTED_ROLES = frozenset({"target_annual", "target_quarter", "target_year", "realisation"})
_PERCENT_UNIT = re.compile(percent_pattern())

_PKG = Path(__file__).resolve().parents[1]
_INTERPRETER_SOURCES = (
    _PKG / "interpret" / "numbers.py",
    _PKG / "interpret" / "words.py",
    _PKG / "interpret" / "units.py",
    aliases_csv(),  # the percent words
    Path(__file__).resolve(),
    Path(__file__).resolve().with_name("batch_readings.py"),  # which unit and hint each cell is read with
)


@lru_cache(maxsize=1)
def interpreter_version() -> str:
    """Hash of the code that turns verbatim text into a reading: a change here re-reads every landed value."""
    h = hashlib.sha256()
    for p in _INTERPRETER_SOURCES:
        h.update(p.name.encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


# (submission_id, value_no, table_id, record_no, parent_record_no, role, value_text, source_line, source_column)
CellRow = tuple[str, int, str, int, "int | None", str, str, int, "int | None"]

READING_COLUMNS = schema.columns("cell_readings")
_FRAME_SCHEMA = schema.polars_schema("cell_readings")


def hint_for(role: str, record_unit: str | None) -> str | None:
    if role in ("budget", "budget_realisation"):
        return "money"
    if role.endswith("_pct"):
        return "percent"
    if role in _UNIT_HINTED_ROLES and _PERCENT_UNIT.search((record_unit or "").lower()):
        return "percent"
    return None


@lru_cache(maxsize=200_000)
def _number(text: str, hint: str | None) -> tuple:
    """The reading's columns from value_numeric on (cached: national corpora repeat most texts)."""
    from rekap.interpret.numbers import parse_number

    p = parse_number(text, hint)
    return (
        None if p.value is None else str(p.value),
        p.kind,
        p.unit_text,
        p.qualifier,
        p.grade,
        p.style,
        bool(p.ambiguous),
        " | ".join(str(a) for a in p.alternatives) if p.alternatives else None,
        p.note,
    )


@lru_cache(maxsize=50_000)
def _words(text: str) -> tuple:
    from rekap.interpret.words import words_to_number

    n = words_to_number(text)
    return (None if n is None else str(n), "text" if n is None else "words", None, None, None, None, False, None, None)


_LABEL = (None, "label", None, None, None, None, False, None, None)


def read_cells(cells: Sequence[CellRow], version: str | None = None) -> list[tuple]:
    """The readings (READING_COLUMNS order) of one or more submissions' cells."""
    version = version or interpreter_version()
    units: dict[tuple, list[tuple]] = {}
    for sid, _, table_id, record_no, _, role, text, line, column in cells:
        if role == "unit":
            units.setdefault((sid, table_id, record_no), []).append((line, column is None, column or 0, text))
    unit_text = {k: " ".join(t for *_, t in sorted(v)) for k, v in units.items()}
    out = []
    for sid, value_no, table_id, record_no, parent, role, text, _, _ in cells:
        record_unit = unit_text.get((sid, table_id, record_no))
        if record_unit is None and parent is not None:
            record_unit = unit_text.get((sid, table_id, parent))
        hint = hint_for(role, record_unit)
        if role in NUMERIC_ROLES:
            reading = _number(text, hint)
        elif role == "budget_realisation_words":
            reading = _words(text)
        else:
            reading = _LABEL
        out.append((sid, value_no, version, record_unit, hint, *reading))
    return out


def readings_frame(readings: list[tuple]) -> pl.DataFrame:
    """Readings as columns (value_numeric as text, so money keeps its exact scale until DuckDB casts it)."""
    return pl.DataFrame(readings, schema=_FRAME_SCHEMA, orient="row")


def insert_readings(con: duckdb.DuckDBPyConnection, readings: list[tuple] | pl.DataFrame) -> None:
    """Append readings (inside the caller's transaction)."""
    frame = readings if isinstance(readings, pl.DataFrame) else readings_frame(readings)  # noqa: F841 (read by name)
    # try_cast: a number beyond DECIMAL(38,6) lands as NULL (dbt lists it in int_rejected_values), never fails the batch
    cols = ", ".join(
        "try_cast(value_numeric as decimal(38, 6))" if c == "value_numeric" else c for c in READING_COLUMNS
    )
    con.execute(f"insert into cell_readings ({', '.join(READING_COLUMNS)}) select {cols} from frame")


def stale_submissions(con: duckdb.DuckDBPyConnection, version: str | None = None) -> list[str]:
    """Submissions with a landed value that has no reading by the current interpreter."""
    version = version or interpreter_version()
    return [
        sid
        for (sid,) in con.execute(
            "select distinct c.submission_id from cells c left join cell_readings r "
            "on r.submission_id = c.submission_id and r.value_no = c.value_no and r.interpreter_version = ? "
            "where r.submission_id is null order by 1",
            [version],
        ).fetchall()
    ]


def ensure_readings(con: duckdb.DuckDBPyConnection, batch: int = 200) -> int:
    """Read every landed value that has no current reading, from the verbatim text in landing (never the files):
    after a new interpreter version, or for values landed without one. Returns how many submissions were read."""
    version = interpreter_version()
    stale = stale_submissions(con, version)
    for i in range(0, len(stale), batch):
        ids = pl.DataFrame({"submission_id": stale[i : i + batch]})  # noqa: F841 (read by name below)
        cells = con.execute(
            "select submission_id, value_no, table_id, record_no, parent_record_no, role, value_text, source_line, "
            "source_column from cells where submission_id in (select submission_id from ids) "
            "order by submission_id, value_no"
        ).fetchall()
        readings = read_cells(cells, version)
        con.execute("begin transaction")
        try:
            con.execute("delete from cell_readings where submission_id in (select submission_id from ids)")
            insert_readings(con, readings)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    return len(stale)


def cell_rows(submission_id: str, values: Iterable) -> list[CellRow]:
    """CellRows of an extraction's LandedValues (value_no is the 1-based position, as landed)."""
    return [
        (submission_id, i, v.table_id, v.record_no, v.parent_record_no, v.role, v.text, v.line, v.column)
        for i, v in enumerate(values, start=1)
    ]
