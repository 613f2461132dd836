"""The landing database: the refresh's persistent, private ingest state (DuckDB).

Written per submission — a changed submission's rows are replaced, the others kept — so an unchanged
submission is never re-parsed and the landing tables never need a full rebuild.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Protocol

import duckdb
import polars as pl

from rekap.landing import readings as readings_
from rekap.landing import schema
from rekap.landing.batch_readings import batch_readings
from rekap.landing.schema import SCHEMA_SQL, value_row
from rekap.tables.cells import LandedValue, PackedValues

CELL_SCHEMA = schema.polars_schema("cells")
CELL_COLUMNS = list(CELL_SCHEMA)
SUBMISSION_COLUMNS = schema.columns("submissions")
BATCH = 500  # submissions per transaction: bounded memory at national scale, few commits (each costs a checkpoint)


class DeclaredEntry(Protocol):
    """What the manifest declared about a submission, as the `submissions` table keeps it."""

    @property
    def manifest_path(self) -> Path: ...
    @property
    def agency_name(self) -> str: ...
    @property
    def region_code(self) -> str: ...
    @property
    def document_type(self) -> str: ...
    @property
    def fiscal_year(self) -> int: ...
    @property
    def plan_version(self) -> str: ...
    @property
    def layout(self) -> str: ...
    @property
    def received_date(self) -> dt.date | None: ...


class Outcome(Protocol):
    """One submission's parse outcome, as landing needs it (rekap.extract.Extraction is one): landing stores what
    it is handed and never reaches up into the pipeline that produced it."""

    submission_id: str
    source_file: str
    content_sha256: str | None
    fingerprint: str
    layout_family: str | None
    failure_line: int | None
    failure_expected: str | None

    @property
    def entry(self) -> DeclaredEntry: ...
    @property
    def values(self) -> Sequence[LandedValue] | PackedValues: ...
    @property
    def notes(self) -> Sequence[tuple[int | None, str, str]]: ...
    @property
    def ok(self) -> bool: ...
    @property
    def message(self) -> str: ...


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    con.execute(SCHEMA_SQL)
    return con


def known_fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select submission_id, fingerprint from submissions").fetchall())


def _cells_frame(extractions: Sequence[Outcome]) -> pl.DataFrame:
    """The cells of these extractions, each row in CELL_COLUMNS order."""
    packed = [(ex, ex.values) for ex in extractions if ex.ok and isinstance(ex.values, PackedValues) and ex.values]
    rows = [
        (ex.submission_id, ex.source_file, ex.content_sha256, i, *value_row(v))
        for ex in extractions
        if ex.ok and not isinstance(ex.values, PackedValues)
        for i, v in enumerate(ex.values, start=1)
    ]
    frames = [pl.DataFrame(rows, schema=CELL_SCHEMA, orient="row")]
    if packed:
        owned = [(ex.submission_id, ex.source_file, ex.content_sha256, values) for ex, values in packed]
        frames.append(PackedValues.cells(owned).select(CELL_COLUMNS).cast(CELL_SCHEMA))
    return pl.concat(frames)


def _submission_row(ex: Outcome, now: dt.datetime) -> tuple:
    e = ex.entry
    return (
        ex.submission_id,
        _rel(e.manifest_path, ex.source_file),
        ex.source_file,
        ex.content_sha256,
        e.agency_name,
        e.region_code,
        e.document_type,
        e.fiscal_year,
        e.plan_version,
        e.layout,
        ex.layout_family,
        ex.fingerprint,
        e.received_date,
        "loaded" if ex.ok else "quarantined",
        len(ex.values),
        now,
    )


def replace_submissions(con: duckdb.DuckDBPyConnection, extractions: Sequence[Outcome], now: dt.datetime) -> None:
    """Replace everything landed for these submissions with their new outcome, a batch per transaction: a crash
    leaves each batch either fully old or fully new, and the other submissions' rows are never touched.

    A batch's numbers are read in a second thread while DuckDB replaces its rows: both release the interpreter lock
    for most of their work (polars, DuckDB), so reading them costs little wall time beside the writing."""
    with ThreadPoolExecutor(1) as reader:
        for i in range(0, len(extractions), BATCH):
            _replace_batch(con, extractions[i : i + BATCH], now, reader)


def _replace_batch(
    con: duckdb.DuckDBPyConnection, batch: Sequence[Outcome], now: dt.datetime, reader: ThreadPoolExecutor
) -> None:
    changed_ids = pl.DataFrame(  # noqa: F841 (read by name in the SQL below)
        {"submission_id": [ex.submission_id for ex in batch], "source_file": [ex.source_file for ex in batch]}
    )
    new_cells = _cells_frame(batch)  # noqa: F841 (frames are read by name in the SQL below)
    new_readings = reader.submit(batch_readings, new_cells)
    new_submissions = pl.DataFrame(  # noqa: F841 (read by name in the SQL below)
        [_submission_row(ex, now) for ex in batch], schema=SUBMISSION_COLUMNS, orient="row"
    )
    quarantined = [
        (ex.source_file, ex.submission_id, ex.content_sha256, ex.failure_line, ex.failure_expected, ex.message, now)
        for ex in batch
        if not ex.ok
    ]
    notes = [
        (ex.submission_id, ex.source_file, i, line, kind, msg)
        for ex in batch
        if ex.ok
        for i, (line, kind, msg) in enumerate(ex.notes, start=1)
    ]
    con.execute("begin transaction")
    try:
        con.execute("delete from cells where submission_id in (select submission_id from changed_ids)")
        con.execute("delete from cell_readings where submission_id in (select submission_id from changed_ids)")
        con.execute(
            "delete from quarantine where submission_id in (select submission_id from changed_ids) "
            "or source_path in (select source_file from changed_ids)"
        )
        con.execute("delete from submissions where submission_id in (select submission_id from changed_ids)")
        con.execute("delete from intake_notes where submission_id in (select submission_id from changed_ids)")
        if notes:
            con.executemany("insert into intake_notes values (?,?,?,?,?,?)", notes)
        con.execute(f"insert into submissions select {', '.join(SUBMISSION_COLUMNS)} from new_submissions")
        con.execute(f"insert into cells ({', '.join(CELL_COLUMNS)}) select {', '.join(CELL_COLUMNS)} from new_cells")
        readings_.insert_readings(con, new_readings.result())
        if quarantined:
            con.executemany("insert into quarantine values (?,?,?,?,?,?,?)", quarantined)
        con.execute("commit")
    except Exception:
        con.execute("rollback")
        raise


def _rel(manifest_path: Path, doc_rel: str) -> str:
    """The manifest's path under raw/, derived from the document's (same folder)."""
    folder = doc_rel.rsplit("/", 1)[0] if "/" in doc_rel else ""
    return f"{folder}/{manifest_path.name}" if folder else manifest_path.name


def record_problems(
    con: duckdb.DuckDBPyConnection, problems: Iterable[tuple[str, str | None, int | None, str, str]], now: dt.datetime
) -> None:
    """Replace the pre-parse problems (bad manifests, undeclared files): they are re-derived on every run."""
    con.execute("begin transaction")
    con.execute("delete from quarantine where source_path not in (select source_file from submissions)")
    for source_path, sid, line, expected, message in problems:
        con.execute("delete from quarantine where source_path = ?", [source_path])
        if sid is not None:
            con.execute("delete from cells where submission_id = ?", [sid])
            con.execute("delete from cell_readings where submission_id = ?", [sid])
            con.execute("delete from intake_notes where submission_id = ?", [sid])
            con.execute("delete from submissions where submission_id = ?", [sid])
        con.execute(
            "insert into quarantine values (?,?,?,?,?,?,?)", [source_path, sid, None, line, expected, message, now]
        )
    con.execute("commit")


def forget_missing(con: duckdb.DuckDBPyConnection, present_ids: set[str]) -> list[str]:
    """Submissions whose file left raw/ leave the landing zone too (the warehouse mirrors raw/)."""
    gone = [sid for (sid,) in con.execute("select submission_id from submissions").fetchall() if sid not in present_ids]
    for sid in gone:
        con.execute("delete from cells where submission_id = ?", [sid])
        con.execute("delete from cell_readings where submission_id = ?", [sid])
        con.execute("delete from quarantine where submission_id = ?", [sid])
        con.execute("delete from intake_notes where submission_id = ?", [sid])
        con.execute("delete from submissions where submission_id = ?", [sid])
    return gone


def landing_fingerprint(landing_db: Path) -> str:
    """Hash of the landing state dbt reads: which submissions, with which content, and what is quarantined."""
    con = duckdb.connect(str(landing_db), read_only=True)
    try:
        subs = con.execute("select submission_id, fingerprint, status from submissions order by 1").fetchall()
        quarantine = con.execute(
            "select source_path, coalesce(source_line, -1), message from quarantine order by 1, 2, 3"
        ).fetchall()
    finally:
        con.close()
    return hashlib.sha256(repr((subs, quarantine)).encode()).hexdigest()
