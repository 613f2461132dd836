"""The landing database: the refresh's persistent, private ingest state (DuckDB).

Written per submission — a changed submission's rows are replaced, the others kept — so an unchanged
submission is never re-parsed and the landing tables never need a full rebuild.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import duckdb
import polars as pl

from rekap.extract import Extraction

SCHEMA_SQL = (Path(__file__).parent / "schema.sql").read_text(encoding="utf-8")

CELL_COLUMNS = [
    "submission_id", "source_file", "content_sha256", "value_no", "table_id", "record_no", "parent_record_no",
    "level", "role", "value_text", "source_line", "source_column", "quarter_label", "version_label",
    "year_label", "context",
]


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(SCHEMA_SQL)
    return con


def known_fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select submission_id, fingerprint from submissions").fetchall())


def _cells_frame(ex: Extraction) -> pl.DataFrame:
    rows = [
        (ex.submission_id, ex.source_file, ex.content_sha256, i, v.table_id, v.record_no, v.parent_record_no,
         v.level, v.role, v.text, v.line, v.column, v.quarter_label, v.version_label, v.year_label, v.context)
        for i, v in enumerate(ex.values, start=1)
    ]
    schema = {
        "submission_id": pl.Utf8, "source_file": pl.Utf8, "content_sha256": pl.Utf8, "value_no": pl.Int32,
        "table_id": pl.Utf8, "record_no": pl.Int32, "parent_record_no": pl.Int32, "level": pl.Utf8,
        "role": pl.Utf8, "value_text": pl.Utf8, "source_line": pl.Int32, "source_column": pl.Int32,
        "quarter_label": pl.Utf8, "version_label": pl.Utf8, "year_label": pl.Utf8, "context": pl.Utf8,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def replace_submission(con: duckdb.DuckDBPyConnection, ex: Extraction, now: dt.datetime) -> None:
    """Atomically replace everything landed for one submission with this extraction's outcome."""
    e = ex.entry
    con.execute("begin transaction")
    try:
        con.execute("delete from cells where submission_id = ?", [ex.submission_id])
        con.execute("delete from quarantine where submission_id = ? or source_path = ?", [ex.submission_id, ex.source_file])
        con.execute("delete from submissions where submission_id = ?", [ex.submission_id])
        con.execute(
            "insert into submissions values (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            [ex.submission_id, _rel(e.manifest_path, ex.source_file),
             ex.source_file, ex.content_sha256, e.agency_name, e.region_code, e.document_type, e.fiscal_year,
             e.plan_version, e.layout, ex.layout_family, ex.fingerprint, e.received_date,
             "loaded" if ex.ok else "quarantined", len(ex.values), now],
        )
        if ex.ok:
            frame = _cells_frame(ex)  # noqa: F841 (referenced by name in the SQL below)
            con.execute(f"insert into cells select {', '.join(CELL_COLUMNS)} from frame")
        else:
            con.execute(
                "insert into quarantine values (?,?,?,?,?,?,?)",
                [ex.source_file, ex.submission_id, ex.content_sha256, ex.failure_line, ex.failure_expected, ex.message, now],
            )
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def _rel(manifest_path: Path, doc_rel: str) -> str:
    """The manifest's path under raw/, derived from the document's (same folder)."""
    folder = doc_rel.rsplit("/", 1)[0] if "/" in doc_rel else ""
    return f"{folder}/{manifest_path.name}" if folder else manifest_path.name


def record_problems(con: duckdb.DuckDBPyConnection, problems: Iterable[tuple[str, str | None, int | None, str, str]], now: dt.datetime) -> None:
    """Replace the pre-parse problems (bad manifests, undeclared files): they are re-derived on every run."""
    con.execute("begin transaction")
    con.execute("delete from quarantine where source_path not in (select source_file from submissions)")
    for source_path, sid, line, expected, message in problems:
        con.execute("delete from quarantine where source_path = ?", [source_path])
        if sid is not None:
            con.execute("delete from cells where submission_id = ?", [sid])
            con.execute("delete from submissions where submission_id = ?", [sid])
        con.execute("insert into quarantine values (?,?,?,?,?,?,?)", [source_path, sid, None, line, expected, message, now])
    con.execute("commit")


def forget_missing(con: duckdb.DuckDBPyConnection, present_ids: set[str]) -> list[str]:
    """Submissions whose file left raw/ leave the landing zone too (the warehouse mirrors raw/)."""
    gone = [sid for (sid,) in con.execute("select submission_id from submissions").fetchall() if sid not in present_ids]
    for sid in gone:
        con.execute("delete from cells where submission_id = ?", [sid])
        con.execute("delete from quarantine where submission_id = ?", [sid])
        con.execute("delete from submissions where submission_id = ?", [sid])
    return gone
