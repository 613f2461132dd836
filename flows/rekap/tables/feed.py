"""Feeding a table's rows to its record model, up to the table's end: the one loop every record model is read by.

A table ends at an end-of-table line (a signature place and date: what follows is not table), at another table's
header or caption, or at an untabbed line that is not a page title above the same header repeated; blank lines,
page numbers and the spec's `skip` lines are passed over, and the header repeated on a new page is read past (the
model is told, some join a record cut by the page break). Each data row goes to the model (`Feed.row`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from rekap.tables.grid import Cell, Row
from rekap.tables.header import Header, band_end, is_caption, is_header_line, signature
from rekap.tables.layout import Column
from rekap.tables.quarters import split_inline
from rekap.tables.sequence import names_quarter
from rekap.tables.vocabulary import Vocabulary
from rekap.tables.wide import QUARTER_VALUE_ROLES, Assembler

PAGE_TITLE_LINES = 5  # untabbed lines (a repeated page title) allowed right above a repeated header


class Feed(Protocol):
    """A record model reading a table row by row."""

    def row(self, r: Row) -> None: ...

    def page_header(self) -> None:
        """The header repeated on a new page was just read past."""

    def finish(self) -> None:
        """The table ended."""


@dataclass(frozen=True)
class Ending:
    """The lines that end a table or are no row of it: the vocabulary's and the spec's, compiled once."""

    ends: tuple[re.Pattern[str], ...]
    skips: tuple[re.Pattern[str], ...]
    # whether a line ends the table / is no row of it (truthy when it does)
    ends_table: Callable[[str], object] = field(init=False, repr=False, compare=False)
    is_skipped: Callable[[str], object] = field(init=False, repr=False, compare=False)

    @staticmethod
    def of(voc: Vocabulary, spec: dict[str, Any]) -> Ending:
        return Ending(
            (*voc.end_rxs, *(re.compile(p) for p in spec.get("end") or ())),
            (*voc.not_row_rxs, *(re.compile(p) for p in spec.get("skip") or ())),
        )

    def __post_init__(self) -> None:
        object.__setattr__(self, "ends_table", _searcher(self.ends))
        object.__setattr__(self, "is_skipped", _searcher(self.skips))


def _searcher(rxs: tuple[re.Pattern[str], ...]) -> Callable[[str], object]:
    """Whether any of the patterns is found in a text (truthy when found), asked of every line of every table:
    a lone pattern's own search, several searched in turn. (Not their alternation: it would search every position
    of a line for patterns anchored at its start.)"""
    if len(rxs) == 1:
        return rxs[0].search

    def search(text: str) -> bool:
        for rx in rxs:  # noqa: SIM110 (a loop: no generator made per line)
            if rx.search(text):
                return True
        return False

    return search


def feed(
    rows: list[Row],
    header: Header,
    model: Feed,
    t: Any,
    voc: Vocabulary,
    ending: Ending,
    quarter_titles: bool = False,
) -> int:
    """Feed the rows below `header` to `model` up to the table's end; returns the index after it. `t` (a
    TableReading) learns whether an end-of-table line closed the table and its last data line. `quarter_titles`:
    a title naming a quarter starts the next quarter's table, even above the same header (sequence.py)."""
    j = header.end
    while j < len(rows):
        r = rows[j]
        if ending.ends_table(r.raw):
            t.closed = True
            break
        if r.blank or ending.is_skipped(r.raw):
            j += 1
            continue
        if is_header_line(voc, r):
            if signature(r) != header.signature:
                break  # another table starts
            j = band_end(voc, rows, j)  # the header repeated on a new page
            model.page_header()
            continue
        if not r.tabbed:
            if is_caption(r):
                break  # the next table's caption
            ahead = [k for k in range(j, min(len(rows), j + PAGE_TITLE_LINES + 1)) if not rows[k].blank]
            nxt = next((k for k in ahead if rows[k].tabbed), None)
            title = quarter_titles and any(names_quarter(rows[k]) for k in ahead if nxt is None or k < nxt)
            if (
                not title
                and nxt is not None
                and is_header_line(voc, rows[nxt])
                and signature(rows[nxt]) == header.signature
            ):
                j = nxt  # a page title above the repeated header
                continue
            break
        model.row(r)
        t.last_line = r.line
        j += 1
    model.finish()
    return j


def skip_pages(voc: Vocabulary, rows: list[Row], header: Header) -> int:
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


class Plain:
    """A record model that reads rows and needs to hear of nothing else (sequence.py, ledger.py, grouped.py)."""

    def __init__(self, reader: Any, page_header: bool = False) -> None:
        self.row = reader.row
        self._reader = reader
        self._page_header = page_header

    def page_header(self) -> None:
        if self._page_header:
            self._reader.page_header()

    def finish(self) -> None:
        pass


@dataclass
class WideFeed:
    """A wide table's rows placed onto its columns (re-anchoring cells a PDF extractor shifted), joined when a page
    break cut a record, and handed to the Assembler (wide.py)."""

    asm: Assembler
    voc: Vocabulary
    width: int
    columns: dict[int, Column]
    tolerance: int
    unplaced: list[Cell] = field(default_factory=list)
    pending: dict[int, Cell] | None = None
    after_page: bool = False

    def page_header(self) -> None:
        self.after_page = True

    def row(self, r: Row) -> None:
        asm = self.asm
        pairs = _quarter_pairs(self.voc, r)
        if pairs:  # quarters in rows of their own, below their indicator
            if self.pending:
                asm.row(self.pending)
            self.pending = None
            asm.quarter_row(pairs)
            self.after_page = False
            return
        placed, unplaced = _place(r, self.width, self.columns, self.voc, self.tolerance)
        self.unplaced.extend(unplaced)
        pending = self.pending
        if self.after_page and pending is not None and _continues(pending, placed):
            pending.update(placed)
        elif self.after_page and pending is not None and placed and set(placed) <= set(pending):
            asm.row(pending)  # the texts of the row before the page break, wrapped onto this page
            self.pending = None
            if not asm.fragment(placed):
                self.pending = placed
        else:
            if pending:
                asm.row(pending)
            self.pending = placed
        self.after_page = False

    def finish(self) -> None:
        if self.pending:
            self.asm.row(self.pending)
            self.pending = None


def _looks(voc: Vocabulary, role: str, text: str, level: str | None = None) -> bool:
    """A cell looks like its role; a cell of inline quarter values ("80 TW 1 : 0 TW 2 : 10") when its parts do;
    a name announcing another level ("Sub Kegiatan ...") does not look like this level's name. Asked for every
    placement a row is tried in: answered once per (role, level, text)."""
    found = voc.memo.get(("looks in column", (role, level, text)))  # a bool once asked
    if found is None:
        found = voc.remember("looks in column", (role, level, text), lambda _: _looks_once(voc, role, text, level))
    return found


def _looks_once(voc: Vocabulary, role: str, text: str, level: str | None) -> bool:
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
    filled = [(j, t) for j, t in enumerate(row.cells) if t]  # most rows are none: no Cell made for them
    if not filled or len(filled) % 2:
        return None
    pairs = []
    for (j, label), (k, value) in zip(filled[::2], filled[1::2], strict=True):
        m = voc.cell_label_rx.fullmatch(label)
        if m is None or not (voc.figure_start_rx.search(value) or voc.looks_like("target_quarter", value)):
            return None
        pairs.append((Cell(row.line, j, label), Cell(row.line, k, value), voc.numerals[m.group("n").upper()]))
    return pairs


def _continues(prev: dict[int, Cell], nxt: dict[int, Cell]) -> bool:
    """A record cut by a page break: the row after the repeated header fills only columns right of the cut."""
    return bool(prev) and bool(nxt) and min(nxt) > max(prev)
