"""The one table reader as a layout adapter (``family: tabel``) and as the reading behind ``rekap onboard``.

Every table of the document is found by its header band; its columns are inferred (layout.py) and the spec's
overrides applied; the first record model that fits its columns is chosen (per-level groups, ledger, wide,
level-grouped, stacked) and fed the table's rows up to its end (feed.py). The spec states only what inference gets
wrong.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rekap.layouts import prose
from rekap.layouts.errors import LayoutMismatch
from rekap.paths import dbt_project_dir
from rekap.tables.captions import caption_above, table_name
from rekap.tables.cells import LandedValue
from rekap.tables.feed import Ending, Feed, Plain, WideFeed, feed, skip_pages
from rekap.tables.foreign import unknown_table_rows
from rekap.tables.grid import Cell, Row, grid_from_lines, grid_from_workbook
from rekap.tables.grouped import GroupedColumns, GroupedReader, NotGrouped
from rekap.tables.header import Header, find_header
from rekap.tables.layout import Column, apply_overrides, infer_columns
from rekap.tables.ledger import LedgerColumns, LedgerReader, NotLedger, year_targets
from rekap.tables.levels import SEED_FILES
from rekap.tables.prose_amounts import read_prose
from rekap.tables.sequence import NotSequence, SequenceColumns, SequenceReader, title_of
from rekap.tables.stacked import NotStacked, StackedColumns, StackedReader
from rekap.tables.vocabulary import VOCABULARY_FILE, Vocabulary, vocabulary
from rekap.tables.wide import Assembler, NotWide, WideColumns
from rekap.tables.years import document_year, year_columns

REVISION = "2"  # the reading code's own version: bumped when what it lands from the same text changes


def reference_digest(files: Iterable[Path]) -> str:
    """What the reader's output depends on besides its code: its header vocabulary, the wording of prose
    sections, the nomenclature that tells a kegiatan from a sub kegiatan. Part of the version, so an edit to
    that reference data re-reads every submission the reader landed (an unchanged file is otherwise never
    re-parsed)."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode())
        h.update(f.read_bytes() if f.is_file() else b"")
    return h.hexdigest()[:12]


REFERENCE_FILES = (VOCABULARY_FILE, prose.SECTIONS_FILE, *(dbt_project_dir() / "seeds" / n for n in SEED_FILES))
VERSION = f"{REVISION}+{reference_digest(REFERENCE_FILES)}"


@dataclass
class TableReading:
    table_id: str
    header: Header
    header_lines: tuple[int, int]  # first and last line of the header band
    columns: dict[int, Column]
    values: list[LandedValue] = field(default_factory=list)
    unplaced: list[Cell] = field(default_factory=list)
    problem: str | None = None  # why inference could not read this table
    last_line: int | None = None
    closed: bool = False  # ended by an end-of-table line (a signature place/date): what follows is not table
    error: LayoutMismatch | None = None  # where assembling the records stopped


@dataclass
class Reading:
    tables: list[TableReading]
    outside: list[Row]  # tabbed lines outside every table (not landed; shown by the preview)
    prose: list[LandedValue] = field(default_factory=list)  # amounts stated in running text (prose_amounts.py)

    @property
    def values(self) -> list[LandedValue]:
        return [v for t in self.tables for v in t.values] + self.prose


def read_document(lines: list[str], spec: dict[str, Any] | None = None) -> Reading:
    """Every table the reader can find in a text document, read (pure: no I/O)."""
    base = (spec or {}).get("table_id", "tabel")
    rows = grid_from_lines(lines)
    reading = read_grid(rows, spec or {}, base, document_year(lines))
    reading.prose = read_prose(rows, f"{base}_prosa")
    return reading


def read_workbook(data: bytes, spec: dict[str, Any] | None = None) -> Reading:
    """Every table of every sheet of an XLSX workbook; a table is named after its sheet unless the spec names it."""
    spec = spec or {}
    tables: list[TableReading] = []
    outside: list[Row] = []
    sheets = grid_from_workbook(data)
    year = document_year([*sheets, *(r.raw for rows in sheets.values() for r in rows)])
    if year is None and (spec.get("expect") or {}).get("fiscal_year"):
        year = str(spec["expect"]["fiscal_year"])  # a workbook's tables need not state it: the manifest's
    for sheet, rows in sheets.items():
        reading = read_grid(rows, spec, spec.get("table_id", sheet), year, by_caption=False)
        tables += reading.tables
        outside += reading.outside
    return Reading(tables, outside)


def read_grid(
    rows: list[Row], spec: dict[str, Any], base: str, year: str | None = None, by_caption: bool = True
) -> Reading:
    """Every table the reader can find in one grid (a text document, a sheet); `year`: the document's own;
    `by_caption`: tables named after their captions when every table has one (a sheet is named already)."""
    voc = vocabulary()
    ending = Ending.of(voc, spec)
    tables: list[TableReading] = []
    inside: set[int] = set()
    captions: list[str | None] = []
    i = 0
    while (header := find_header(voc, rows, i)) is not None:
        columns = apply_overrides(
            year_columns(year_targets(infer_columns(voc, header)), year), spec.get("columns") or []
        )
        t = TableReading("", header, (rows[header.first].line, rows[header.end - 1].line), columns)
        tables.append(t)
        captions.append(caption_above(rows, header.first))
        inside.update(range(header.first, header.end))
        model = _record_model(voc, rows, header, t, spec, base)
        if model is None:  # no record model fits: t.problem says why
            i = skip_pages(voc, rows, header)
            inside.update(range(header.first, i))
            continue
        feeder, landed, quarter_titles = model
        failed = False
        try:
            end = feed(rows, header, feeder, t, voc, ending, quarter_titles)
        except LayoutMismatch as err:
            t.error, end, failed = err, skip_pages(voc, rows, header), True
        t.values, unplaced = landed(failed)
        t.unplaced.extend(unplaced)
        inside.update(range(header.first, end))
        i = max(end, header.end)
    named = by_caption and "table_id" not in spec and all(captions) and len(set(captions)) == len(captions)
    for k, t in enumerate(tables):
        caption = captions[k]
        if named and caption is not None:  # every table captioned ("Tabel 2.1"): named after its caption
            t.table_id = table_name(caption)
        else:
            t.table_id = base if len(tables) == 1 else f"{base}_{k + 1}"
        if t.table_id != base:  # read under `base`: a lone uncaptioned table's values are already named
            for v in t.values:  # this table's own values, made by its record model just now: renamed in place
                v.table_id = t.table_id
    outside = [r for k, r in enumerate(rows) if k not in inside and r.tabbed and not r.blank]
    return Reading(tables, outside)


Landed = Callable[[bool], tuple[list[LandedValue], list[Cell]]]  # (failed) -> values, unplaced cells


def _record_model(
    voc: Vocabulary, rows: list[Row], header: Header, t: TableReading, spec: dict[str, Any], table_id: str
) -> tuple[Feed, Landed, bool] | None:
    """The first record model that fits the table's columns, tried in order (per-level groups with a schedule, a
    ledger, one item per row, wide, level-grouped, stacked): what reads its rows, what it landed (given whether
    reading stopped at a mismatch), and whether a title naming a quarter starts the next table. None, with
    t.problem saying why, when none fits. Values are read under `table_id`, the name the table gets unless the
    grid turns out to hold several (re-issuing hundreds of thousands of values costs a good part of a read)."""
    columns = t.columns
    try:
        seq = SequenceColumns.of(voc, columns)
    except NotSequence:
        seq = None
    if seq is not None:
        sr = SequenceReader(voc, table_id, seq, *title_of(rows, header))
        return Plain(sr), lambda failed: (sr.values, []), True
    try:
        ledger = LedgerColumns.of(columns)
    except NotLedger:
        ledger = None
    if ledger is not None:
        lr = LedgerReader(voc, table_id, ledger, title_of(rows, header)[1])
        return Plain(lr), lambda failed: (lr.values, lr.unplaced), False
    columns = {j: replace(c, role=None) if c.role == "year" else c for j, c in columns.items()}
    t.columns = columns
    stacked = _stacked(columns, first=True)
    try:
        if stacked is not None:
            raise NotWide("satu butir per baris")
        wide = WideColumns.of(columns)
    except NotWide as exc:
        try:
            grouped: GroupedColumns | StackedColumns = stacked or GroupedColumns.of(columns)
        except NotGrouped as exc2:
            stacked = _stacked(columns, first=False)
            if stacked is None:
                t.problem = f"{exc}; {exc2}"
                return None
            grouped = stacked
        gr: GroupedReader | StackedReader = (
            StackedReader(voc, table_id, grouped)
            if isinstance(grouped, StackedColumns)
            else GroupedReader(voc, table_id, grouped)
        )
        # a level-grouped table's records are only whole when every row was read
        return Plain(gr, page_header=True), lambda failed: ([] if failed else gr.values(), []), False
    tolerance = int(spec.get("shift_tolerance", 2))
    asm = Assembler(voc, table_id, wide, tolerance=tolerance)
    wf = WideFeed(asm, voc, header.width, columns, tolerance)
    return wf, lambda failed: (asm.values(), [*wf.unplaced, *asm.unplaced]), False


def _stacked(columns: dict[int, Column], first: bool) -> StackedColumns | None:
    """The columns of a table listing one item per row (stacked.py): as the first choice only where it is
    plainly one (no numbering, quarters or budgets), otherwise when no other record model fits."""
    if first and not StackedColumns.first_choice(columns):
        return None
    try:
        return StackedColumns.of(columns)
    except NotStacked:
        return None


def stray_rows(reading: Reading) -> list[Row]:
    """Tabbed rows outside every table that are not below a closed table (a signature block): rows before the
    first header, or rows after a table that stopped at an unexpected line. Never silently dropped."""
    out = []
    unknown = unknown_table_rows(reading.outside)  # tables of another kind (staff, inventory): not landed
    for r in reading.outside:
        if r.line in unknown:
            continue
        before = [t for t in reading.tables if t.header_lines[0] < r.line]
        if not before or not before[-1].closed:
            out.append(r)
    return out


def extract(lines: list[str], spec: dict[str, Any]) -> list[LandedValue]:
    """Adapter for text: every table landed, and the figures a report states in prose (prose.py), or
    LayoutMismatch at the first table, cell or sentence it cannot place."""
    return _landed(read_document(lines, spec)) + prose.extract_report(lines)


def _landed(reading: Reading) -> list[LandedValue]:
    stray = stray_rows(reading)
    if stray and not any(t.problem for t in reading.tables if t.header_lines[0] < stray[0].line):
        r = stray[0]
        before = [t for t in reading.tables if t.header_lines[0] < r.line]
        where = (
            "kepala tabel (NO, SASARAN, INDIKATOR, TARGET ...) sebelum baris tabel pertama"
            if not before
            else f"baris tabel yang kepalanya di baris {before[-1].header_lines[0]}, kepala halaman atau "
            f"akhir tabel (tabel berhenti di baris {before[-1].last_line})"
        )
        raise LayoutMismatch(r.line, where, r.raw)
    if not reading.tables:
        raise LayoutMismatch(
            None,
            "kepala tabel: baris dengan sedikitnya tiga kata kepala kolom "
            "(NO, SASARAN, INDIKATOR, SATUAN, TARGET, TRIWULAN, PROGRAM, ANGGARAN ...)",
        )
    for t in reading.tables:
        if t.problem:
            raise LayoutMismatch(t.header_lines[0], f"tabel yang susunannya dapat dikenali ({t.problem})")
        first = min(t.unplaced, key=lambda c: (c.line, c.column)) if t.unplaced else None
        if first is not None and (t.error is None or t.error.line is None or first.line <= t.error.line):
            title = t.columns[first.column].title if first.column in t.columns else "tanpa kepala kolom"
            raise LayoutMismatch(
                first.line,
                f"sel yang sesuai dengan kolom {first.column} ({title!r}) atau "
                "penyesuaian kolom (column-spec) untuknya",
                first.text,
            )
        if t.error is not None:
            raise t.error
    return reading.values
