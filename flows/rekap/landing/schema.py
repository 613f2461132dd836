"""The landing tables' shapes, as `schema.sql` declares them: the one declaration of their columns and types.

Python never lists a landing column by hand: the columns, their order and their polars types are read from the
DDL. A cell row is the submission's columns (submission_id, source_file, content_sha256, value_no) followed by
its landed value's attributes, in the order `VALUE_FIELDS` gives (derived from the `cells` columns; the renamed
ones are named once, by rekap.tables.cells.PackedValues).
"""

from __future__ import annotations

from functools import lru_cache
from operator import attrgetter
from pathlib import Path

import duckdb
import polars as pl

from rekap.tables.cells import LandedValue, PackedValues

SCHEMA_SQL = (Path(__file__).parent / "schema.sql").read_text(encoding="utf-8")

# DECIMAL travels as text, so money keeps its exact scale until DuckDB casts it on insert
_POLARS_TYPES = {"VARCHAR": pl.Utf8, "INTEGER": pl.Int32, "BOOLEAN": pl.Boolean}


@lru_cache(maxsize=1)
def _declared() -> dict[str, list[tuple[str, str]]]:
    con = duckdb.connect()
    try:
        con.execute(SCHEMA_SQL)
        rows = con.execute(
            "select table_name, column_name, data_type from information_schema.columns "
            "order by table_name, ordinal_position"
        ).fetchall()
    finally:
        con.close()
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, duck_type in rows:
        tables.setdefault(table, []).append((column, duck_type))
    return tables


def columns(table: str) -> list[str]:
    """A landing table's columns in declared order."""
    return [name for name, _ in _declared()[table]]


def polars_schema(table: str) -> dict[str, pl.DataType]:
    """A landing table's columns with the polars type a frame bound for it carries (DECIMAL as text)."""
    return {
        name: pl.Utf8() if duck_type.startswith("DECIMAL") else _POLARS_TYPES[duck_type]()
        for name, duck_type in _declared()[table]
    }


_FIELD_OF_COLUMN = {column: field for field, column in PackedValues._AS_CELL.items()}
_VALUE_ATTRIBUTES = set(LandedValue.__dataclass_fields__)

# a landed value's attributes, in the order of the cell columns they fill
VALUE_FIELDS = tuple(
    field for field in (_FIELD_OF_COLUMN.get(c, c) for c in columns("cells")) if field in _VALUE_ATTRIBUTES
)
value_row = attrgetter(*VALUE_FIELDS)  # a landed value -> its VALUE_FIELDS, as a tuple
