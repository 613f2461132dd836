"""Tables out of the warehouse, in the shapes analysts and planners open: CSV (Indonesian Excel or plain), XLSX,
Parquet, JSON. Figures are written exactly as the warehouse holds them: a DECIMAL is written from its decimal
digits, never through a float.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TextIO

import duckdb

FORMATS = {"csv-id": ".csv", "csv": ".csv", "xlsx": ".xlsx", "parquet": ".parquet"}
PUBLIC_SCHEMA = "marts"

# XLSX number formats. Percentages are stored as the figure the warehouse holds (12.5 means 12,5 %), so the
# format adds the sign without Excel's x100; up to 4 decimals so a stated 0,004 % is not shown as 0,00 %.
RUPIAH_FORMAT = '"Rp" #,##0.00'
PERCENT_FORMAT = '#,##0.00##" %"'
DECIMAL_FORMAT = "#,##0.00##"
_RUPIAH = re.compile(r"(^|_)(idr|pagu|rupiah)($|_)|^amount")
_PERCENT = re.compile(r"(^|_)pct($|_)")


class ExportError(ValueError):
    """What cannot be exported; the CLI shows it as one sentence."""


class UnknownRelation(ExportError):
    def __init__(self, name: str, available: list[str]) -> None:
        super().__init__(name)
        self.name, self.available = name, available


def public_relations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Views and tables of the public schema, by name."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_schema = ? order by 1", [PUBLIC_SCHEMA]
    ).fetchall()
    return [r[0] for r in rows]


def resolve(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """`v_budget` or `marts.v_budget` -> the quoted, qualified name of a relation that exists (never SQL from input)."""
    bare = name.strip().removeprefix(f"{PUBLIC_SCHEMA}.").strip('"')
    available = public_relations(con)
    if bare not in available:
        raise UnknownRelation(name, available)
    return f'"{PUBLIC_SCHEMA}"."{bare}"'


def column_kind(name: str, duck_type: str) -> str:
    """'rupiah' | 'percent' | 'decimal' | 'other': which number format a column gets."""
    is_number = duck_type.startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL", "HUGEINT", "BIGINT", "INTEGER"))
    if not is_number:
        return "other"
    lowered = name.lower()
    if _PERCENT.search(lowered):
        return "percent"
    if duck_type.startswith("DECIMAL") and _RUPIAH.search(lowered):
        return "rupiah"
    return "decimal" if duck_type.startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL")) else "other"


# --- text cells ---------------------------------------------------------------------------------------------------


def plain_text(value: object) -> str:
    """A cell as plain CSV writes it: decimals as their digits, dates ISO, NULL empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (list, dict, tuple)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def indonesian_text(value: object) -> str:
    """A cell as Indonesian Excel reads it: the decimal separator is a comma (no thousands separator)."""
    text = plain_text(value)
    if isinstance(value, (Decimal, float)) and not isinstance(value, bool):
        return text.replace(".", ",")
    return text


def write_csv(columns: Sequence[str], rows: Iterable[Sequence], out: TextIO, indonesian: bool) -> int:
    writer = csv.writer(out, delimiter=";" if indonesian else ",", lineterminator="\r\n" if indonesian else "\n")
    writer.writerow(columns)
    cell = indonesian_text if indonesian else plain_text
    n = 0
    for row in rows:
        writer.writerow([cell(v) for v in row])
        n += 1
    return n


def json_value(value: object) -> str:
    """One JSON value; a DECIMAL is written as a JSON number from its digits (exact)."""
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else "null"
    if isinstance(value, bool) or value is None or isinstance(value, (int, float, str)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(json_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return (
            "{" + ",".join(f"{json.dumps(str(k), ensure_ascii=False)}:{json_value(v)}" for k, v in value.items()) + "}"
        )
    return json.dumps(plain_text(value), ensure_ascii=False)


def write_json(columns: Sequence[str], rows: Iterable[Sequence], out: TextIO) -> int:
    keys = [json.dumps(c, ensure_ascii=False) for c in columns]
    out.write("[")
    n = 0
    for row in rows:
        out.write(("," if n else "") + "\n  {" + ", ".join(f"{k}: {json_value(v)}" for k, v in zip(keys, row)) + "}")
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


# --- files ----------------------------------------------------------------------------------------------------------


def _batches(result: duckdb.DuckDBPyConnection, size: int = 10_000) -> Iterable[tuple]:
    while batch := result.fetchmany(size):
        yield from batch


EXCEL_DIGITS = 15  # a spreadsheet number is a double: beyond 15 significant digits it is no longer the figure


def xlsx_value(value: object) -> object:
    """A cell value for openpyxl. A DECIMAL Excel cannot hold exactly is written as its text, never rounded."""
    if isinstance(value, Decimal) and len(value.normalize().as_tuple().digits) > EXCEL_DIGITS:
        return format(value, "f")
    if value is None or isinstance(value, (int, float, Decimal, str, dt.date, dt.datetime)):
        return value
    return plain_text(value)


def write_xlsx(columns: Sequence[str], types: Sequence[str], rows: Iterable[Sequence], out: Path, sheet: str) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    formats = {"rupiah": RUPIAH_FORMAT, "percent": PERCENT_FORMAT, "decimal": DECIMAL_FORMAT}
    kinds = [formats.get(column_kind(c, t)) for c, t in zip(columns, types)]
    n = 0
    for row in rows:
        n += 1
        ws.append([xlsx_value(v) for v in row])
        for j, fmt in enumerate(kinds, start=1):
            if fmt:
                ws.cell(row=n + 1, column=j).number_format = fmt
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{n + 1}"
    for j, c in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(j)].width = max(10, min(60, len(c) + 4))
    wb.save(out)
    return n


def export_relation(db: Path, name: str, fmt: str, out: Path) -> int:
    """Write one public view or mart of the warehouse `db` to `out` in `fmt`; returns the row count."""
    if fmt not in FORMATS:
        raise ExportError(fmt)
    con = duckdb.connect(str(db), read_only=True)
    try:
        relation = resolve(con, name)
        out.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "parquet":
            con.execute(f"copy (select * from {relation} order by all) to '{_sql_string(out)}' (format parquet)")
            counted = con.execute(f"select count(*) from {relation}").fetchone()
            assert counted is not None  # count(*) always returns a row
            return counted[0]
        result = con.execute(f"select * from {relation} order by all")  # same warehouse, same file
        columns = [d[0] for d in result.description]
        types = [str(d[1]) for d in result.description]
        if fmt == "xlsx":
            return write_xlsx(columns, types, _batches(result), out, relation.split(".")[-1].strip('"'))
        # Excel needs the BOM to read UTF-8 (region and agency names); a plain CSV has none
        with out.open("w", encoding="utf-8-sig" if fmt == "csv-id" else "utf-8", newline="") as fh:
            return write_csv(columns, _batches(result), fh, indonesian=fmt == "csv-id")
    finally:
        con.close()


def _sql_string(path: Path) -> str:
    return str(path).replace("'", "''")
