"""The one table reader as a layout adapter (``family: tabel``) and as the reading behind ``rekap onboard``.

Every table of the document is found by its header band; its columns are inferred (layout.py) and the spec's
overrides applied; rows are placed onto the columns (re-anchoring cells a PDF extractor shifted), joined when a
page break cut a record, and assembled into records (wide.py). The spec states only what inference gets wrong.
"""

from __future__ import annotations

import hashlib
import itertools
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from rekap.layouts import prose
from rekap.layouts.errors import LayoutMismatch
from rekap.paths import dbt_project_dir
from rekap.tables.captions import caption_above, table_name
from rekap.tables.cells import LandedValue
from rekap.tables.foreign import unknown_table_rows
from rekap.tables.grid import Cell, Row, grid_from_lines, grid_from_workbook
from rekap.tables.grouped import GroupedColumns, GroupedReader, NotGrouped
from rekap.tables.header import Header, find_header, is_caption, is_header_line, read_band, signature
from rekap.tables.layout import Column, apply_overrides, infer_columns
from rekap.tables.ledger import LedgerColumns, LedgerReader, NotLedger, year_targets
from rekap.tables.levels import SEED_FILES
from rekap.tables.prose_amounts import read_prose
from rekap.tables.quarters import split_inline
from rekap.tables.sequence import NotSequence, SequenceColumns, SequenceReader, names_quarter, title_of
from rekap.tables.stacked import NotStacked, StackedColumns, StackedReader
from rekap.tables.vocabulary import VOCABULARY_FILE, Vocabulary, vocabulary
from rekap.tables.wide import QUARTER_VALUE_ROLES, Assembler, NotWide, WideColumns
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
PAGE_TITLE_LINES = 5  # untabbed lines (a repeated page title) allowed right above a repeated header


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


def _looks(voc: Vocabulary, role: str, text: str, level: str | None = None) -> bool:
    """A cell looks like its role; a cell of inline quarter values ("80 TW 1 : 0 TW 2 : 10") when its parts do;
    a name announcing another level ("Sub Kegiatan ...") does not look like this level's name."""
    if role == "name" and level not in (None, "item"):
        announced = voc.level_prefix(text)
        if announced is not None and announced != level:
            return False
    parts = split_inline(voc, text) if role in QUARTER_VALUE_ROLES else None
    if parts is None:
        return voc.looks_like(role, text)
    return all(voc.looks_like("target_quarter" if p.quarter else role, p.text) for p in parts)


def _place(
    row: Row, width: int, cols: dict[int, Column], voc: Vocabulary, tolerance: int
) -> tuple[dict[int, Cell], list[Cell]]:
    """Column -> cell for one row, re-anchoring cells a PDF extractor shifted (merged-cell drift).

    Candidates: the row as it is; with up to `tolerance` of its empty cells removed (the cells right of them
    move left); with one empty cell inserted (they move right). Each is scored by how many cells look like
    their column's role (a name, a figure, a unit, an amount); a cell left outside every column costs more than
    any fit gains. The row as it is wins ties, then the smallest move (removal nearest the row's end)."""
    cs = list(row.cells)
    n = max((j for j, t in enumerate(cs) if t), default=-1) + 1
    cs = cs[:n]

    def score(order: list[int | None]) -> int:
        total = 0
        for k, j in enumerate(order):
            if j is None or not cs[j]:
                continue
            col = cols.get(k) if k < width else None
            if col is None or col.role is None:
                total -= 3
            elif _looks(voc, col.role, cs[j], col.level):
                total += 1
        return total

    # preference among equal scores: the row as it is; then fewer removals, nearest the row's end; then insertions
    identity: list[int | None] = list(range(n))
    filled = sum(1 for t in cs if t)
    best_possible = score(identity)
    if best_possible == filled:  # every cell already looks like its column: nothing to re-anchor
        candidates: list[tuple[int, tuple[int, ...], list[int | None]]] = []
        best = identity
    else:
        candidates = [(best_possible, (2,), identity)]
    if candidates:
        empties = [j for j in range(n) if not cs[j]]
        for k in range(1, tolerance + 1):
            for drop in itertools.combinations(empties, k):
                order: list[int | None] = [j for j in range(n) if j not in drop]
                candidates.append((score(order), (1, -k, *sorted(drop, reverse=True)), order))
        if n < width + tolerance:
            for p in range(n):
                order = [*range(p), None, *range(p, n)]
                candidates.append((score(order), (0, p), order))
        best = max(candidates, key=lambda c: (c[0], c[1]))[2]
    placed: dict[int, Cell] = {}
    unplaced: list[Cell] = []
    for k, j in enumerate(best):
        if j is None or not cs[j]:
            continue
        cell = Cell(row.line, j, cs[j])
        if k < width and k in cols and cols[k].role is not None:
            placed[k] = cell
        else:
            unplaced.append(cell)
    return placed, unplaced


def _quarter_pairs(voc: Vocabulary, row: Row) -> list[tuple[Cell, Cell, int]] | None:
    """(label, value, quarter) when the row holds nothing but quarter labels each followed by a value."""
    filled = row.filled()
    if not filled or len(filled) % 2:
        return None
    pairs = []
    for label, value in zip(filled[::2], filled[1::2], strict=True):
        m = voc.cell_label_rx.fullmatch(label.text)
        if m is None or not (voc.figure_start_rx.search(value.text) or voc.looks_like("target_quarter", value.text)):
            return None
        pairs.append((label, value, voc.numerals[m.group("n").upper()]))
    return pairs


def _continues(prev: dict[int, Cell], nxt: dict[int, Cell]) -> bool:
    """A record cut by a page break: the row after the repeated header fills only columns right of the cut."""
    return bool(prev) and bool(nxt) and min(nxt) > max(prev)


def _read_table(
    rows: list[Row], header: Header, asm: Assembler, t: TableReading, voc: Vocabulary, spec: dict[str, Any]
) -> int:
    ends = [*voc.end_rxs, *(re.compile(p) for p in spec.get("end") or ())]
    skips = [*voc.not_row_rxs, *(re.compile(p) for p in spec.get("skip") or ())]
    tolerance = int(spec.get("shift_tolerance", 2))
    pending: dict[int, Cell] | None = None
    after_page = False
    j = header.end
    while j < len(rows):
        r = rows[j]
        if r.blank or any(rx.search(r.raw) for rx in skips):
            j += 1
            continue
        if any(rx.search(r.raw) for rx in ends):
            t.closed = True
            break
        if is_header_line(voc, r):
            if signature(r) != header.signature:
                break  # another table starts
            j = read_band(voc, rows, j).end  # the header repeated on a new page
            after_page = True
            continue
        if not r.tabbed:
            if is_caption(r):
                break  # the next table's caption
            ahead = [k for k in range(j, min(len(rows), j + PAGE_TITLE_LINES + 1)) if not rows[k].blank]
            nxt = next((k for k in ahead if rows[k].tabbed), None)
            if nxt is not None and is_header_line(voc, rows[nxt]) and signature(rows[nxt]) == header.signature:
                j = nxt  # a page title above the repeated header
                continue
            break
        pairs = _quarter_pairs(voc, r)
        if pairs:  # quarters in rows of their own, below their indicator
            if pending:
                asm.row(pending)
            pending = None
            asm.quarter_row(pairs)
            after_page = False
            t.last_line = r.line
            j += 1
            continue
        placed, unplaced = _place(r, header.width, t.columns, voc, tolerance)
        t.unplaced.extend(unplaced)
        if after_page and pending is not None and _continues(pending, placed):
            pending.update(placed)
        elif after_page and pending is not None and placed and set(placed) <= set(pending):
            asm.row(pending)  # the texts of the row before the page break, wrapped onto this page
            pending = None
            if not asm.fragment(placed):
                pending = placed
        else:
            if pending:
                asm.row(pending)
            pending = placed
        after_page = False
        t.last_line = r.line
        j += 1
    if pending:
        asm.row(pending)
    return j


def _read_grouped(
    rows: list[Row],
    header: Header,
    gr: GroupedReader | StackedReader | LedgerReader,
    t: TableReading,
    voc: Vocabulary,
    spec: dict[str, Any],
) -> int:
    """Feed a level-grouped or plain table's rows (grouped.py, ledger.py) up to its end; returns the index after
    it."""
    ends = [*voc.end_rxs, *(re.compile(p) for p in spec.get("end") or ())]
    skips = [*voc.not_row_rxs, *(re.compile(p) for p in spec.get("skip") or ())]
    j = header.end
    while j < len(rows):
        r = rows[j]
        if any(rx.search(r.raw) for rx in ends):
            t.closed = True
            break
        if r.blank or any(rx.search(r.raw) for rx in skips):
            j += 1
            continue
        if is_header_line(voc, r):
            if signature(r) != header.signature:
                break
            j = read_band(voc, rows, j).end
            if not isinstance(gr, LedgerReader):
                gr.page_header()
            continue
        if not r.tabbed:
            if is_caption(r):
                break  # the next table's caption
            ahead = [k for k in range(j, min(len(rows), j + PAGE_TITLE_LINES + 1)) if not rows[k].blank]
            nxt = next((k for k in ahead if rows[k].tabbed), None)
            if nxt is not None and is_header_line(voc, rows[nxt]) and signature(rows[nxt]) == header.signature:
                j = nxt
                continue
            break
        gr.row(r)
        t.last_line = r.line
        j += 1
    return j


def _read_sequence(rows: list[Row], header: Header, sr: SequenceReader, t: TableReading, spec: dict[str, Any]) -> int:
    """Feed a per-level-groups table's rows (sequence.py) up to its end: a title naming a quarter starts the next
    quarter's table; other untabbed lines end it unless the same header follows (a page title)."""
    voc = sr.voc
    ends = [*voc.end_rxs, *(re.compile(p) for p in spec.get("end") or ())]
    skips = [*voc.not_row_rxs, *(re.compile(p) for p in spec.get("skip") or ())]
    j = header.end
    while j < len(rows):
        r = rows[j]
        if any(rx.search(r.raw) for rx in ends):
            t.closed = True
            break
        if r.blank or any(rx.search(r.raw) for rx in skips):
            j += 1
            continue
        if is_header_line(voc, r):
            if signature(r) != header.signature:
                break
            j = read_band(voc, rows, j).end
            continue
        if not r.tabbed:
            if is_caption(r):
                break  # the next table's caption
            ahead = [k for k in range(j, min(len(rows), j + PAGE_TITLE_LINES + 1)) if not rows[k].blank]
            nxt = next((k for k in ahead if rows[k].tabbed), None)
            title = any(names_quarter(rows[k]) for k in ahead if nxt is None or k < nxt)
            if (
                not title
                and nxt is not None
                and is_header_line(voc, rows[nxt])
                and signature(rows[nxt]) == header.signature
            ):
                j = nxt
                continue
            break
        sr.row(r)
        t.last_line = r.line
        j += 1
    return j


def _skip_pages(voc: Vocabulary, rows: list[Row], header: Header) -> int:
    """Past a table the reader cannot read: up to the first header line of another table (its own repeated
    page headers are part of it)."""
    j = header.end
    while j < len(rows):
        heading = is_header_line(voc, rows[j])
        if heading and signature(rows[j]) != header.signature:
            return j
        if rows[j].tabbed and not heading or rows[j].blank:
            j += 1
            continue
        if any(rx.search(rows[j].raw) for rx in voc.end_rxs):
            return j
        j += 1
    return j


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
        try:
            seq = SequenceColumns.of(voc, columns)
        except NotSequence:
            seq = None
        if seq is not None:
            sr = SequenceReader(voc, "", seq, *title_of(rows, header))
            try:
                end = _read_sequence(rows, header, sr, t, spec)
            except LayoutMismatch as err:
                t.error, end = err, _skip_pages(voc, rows, header)
            t.values = sr.values
            inside.update(range(header.first, end))
            i = max(end, header.end)
            continue
        try:
            ledger = LedgerColumns.of(columns)
        except NotLedger:
            ledger = None
        if ledger is not None:
            lr = LedgerReader(voc, "", ledger, title_of(rows, header)[1])
            try:
                end = _read_grouped(rows, header, lr, t, voc, spec)
            except LayoutMismatch as err:
                t.error, end = err, _skip_pages(voc, rows, header)
            t.values = lr.values
            t.unplaced.extend(lr.unplaced)
            inside.update(range(header.first, end))
            i = max(end, header.end)
            continue
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
                    i = _skip_pages(voc, rows, header)
                    inside.update(range(header.first, i))
                    continue
                grouped = stacked
            gr: GroupedReader | StackedReader = (
                StackedReader(voc, "", grouped)
                if isinstance(grouped, StackedColumns)
                else GroupedReader(voc, "", grouped)
            )
            try:
                end = _read_grouped(rows, header, gr, t, voc, spec)
                t.values = gr.values()
            except LayoutMismatch as err:
                t.error, end = err, _skip_pages(voc, rows, header)
            inside.update(range(header.first, end))
            i = max(end, header.end)
            continue
        asm = Assembler(voc, "", wide, tolerance=int(spec.get("shift_tolerance", 2)))
        try:
            end = _read_table(rows, header, asm, t, voc, spec)
        except LayoutMismatch as err:
            t.error, end = err, _skip_pages(voc, rows, header)
        inside.update(range(header.end, end))
        t.values = asm.values()
        t.unplaced.extend(asm.unplaced)
        i = max(end, header.end)
    named = by_caption and "table_id" not in spec and all(captions) and len(set(captions)) == len(captions)
    for k, t in enumerate(tables):
        caption = captions[k]
        if named and caption is not None:  # every table captioned ("Tabel 2.1"): named after its caption
            t.table_id = table_name(caption)
        else:
            t.table_id = base if len(tables) == 1 else f"{base}_{k + 1}"
        t.values = [LandedValue(t.table_id, *_AFTER_TABLE_ID(v)) for v in t.values]
    outside = [r for k, r in enumerate(rows) if k not in inside and r.tabbed and not r.blank]
    return Reading(tables, outside)


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


# a value's fields after table_id (its first), in order: how a value is re-issued under its table's name
_AFTER_TABLE_ID = operator.attrgetter(*list(LandedValue.__dataclass_fields__)[1:])
assert next(iter(LandedValue.__dataclass_fields__)) == "table_id"


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
