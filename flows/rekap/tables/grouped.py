"""Records of a table in which several levels stand side by side, each with its own columns
(SASARAN | INDIKATOR | TARGET | PROGRAM | INDIKATOR PROGRAM | TARGET | KEGIATAN / SUB KEGIATAN | … | PENANGGUNG
JAWAB | KET), quarterly targets written one quarter per row (a label cell "TW. 2" and the value after it) or
inline in one cell ("TW 1 : 0 Orang TW 2 : 20 Orang").

* A row opens a record of a level when it fills that level's name or number column; other cells of the level
  attach to the open record. Parents follow the levels left to right.
* Quarter values, and the cells right of the level groups (officer, note: in their header order, wherever the
  extraction put them), belong to the row's last-level item.
* A higher level's target cells repeated on rows carrying exactly one quarter label (on at least two rows) are
  that level's quarter targets; otherwise its annual target.
* Numbering markers inside names ("1.", "a.") are landed as row numbers; in a column holding kegiatan and sub
  kegiatan alike, a number marks a kegiatan, a letter a sub kegiatan; unmarked, the first item under its
  parent is a kegiatan and later ones sub kegiatan (under the latest kegiatan).
* The first row after a repeated page header continues the rows the page break cut while the open item has not
  received all four quarters (and the row's marker, if any, is the item's).

Pure: no I/O, no number conversion; texts are verbatim cells or verbatim substrings of one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rekap.layouts.errors import LayoutMismatch
from rekap.tables.cells import LandedValue
from rekap.tables.grid import Row
from rekap.tables.layout import Column
from rekap.tables.vocabulary import Vocabulary

ITEM = "item"  # a column group holding kegiatan and sub kegiatan alike
GROUP_ROLES = frozenset({"row_no", "name", "indicator", "unit", "target_annual", "target_quarter"})
TRAILING_ROLES = frozenset({"officer", "note", "budget"})
QUARTERS = (1, 2, 3, 4)
SPLIT_MIN_ROWS = 2
LETTERS_RX = re.compile(r"[A-Za-z]{3}")  # a name or indicator has a word in it


@dataclass
class _Record:
    no: int
    kind: str
    parent: _Record | None
    first_line: int
    level: str | None = None
    quarters: set[int] = field(default_factory=set)
    marker: str | None = None
    marker_pos: tuple[int, int] | None = None
    resolved_parent: _Record | None = None


@dataclass
class _Pending:
    record: _Record
    role: str
    text: str
    line: int
    column: int
    quarter_label: str | None = None


@dataclass
class _TargetCandidate:
    record: _Record
    text: str
    line: int
    column: int
    row_quarters: list[tuple[int, str]]


@dataclass
class _Quarter:
    n: int
    label: str
    value: str
    column: int
    cell: int  # the column of the cell holding the label (its owner decides whose quarter it is)


@dataclass(frozen=True)
class _CellQuarters:
    """The quarter labels in one cell's text."""

    bad: str | None  # the first label numbered outside 1-4 ("TW 5"), as written
    only: tuple[str, int] | None  # the cell is nothing but a label (its value is in the next cell): (label, quarter)
    prefix: str  # the text before the first inline label, stripped
    inline: tuple[tuple[str, int, str], ...]  # (label, quarter, value stripped) of each label inside the cell


class NotGrouped(Exception):
    """The columns do not form level groups side by side."""


@dataclass(frozen=True)
class GroupedColumns:
    positional: list[tuple[int, str, str]]  # (column, kind, role) for columns 0..n-1
    trailing: list[str]  # roles of the cells right of the level groups, in header order
    hierarchy: list[str]

    @staticmethod
    def of(columns: dict[int, Column]) -> GroupedColumns:
        group_cols = [j for j, c in columns.items() if c.role in GROUP_ROLES and c.level]
        if not group_cols:
            raise NotGrouped("tidak ada kolom bertingkat (SASARAN, PROGRAM, KEGIATAN ...)")
        n = max(group_cols) + 1
        positional: list[tuple[int, str, str]] = []
        hierarchy: list[str] = []
        for j in range(n):
            c = columns.get(j)
            if c is None or c.role is None or c.level is None or c.role not in GROUP_ROLES:
                raise NotGrouped(f"kolom {j} ({c.title if c else ''!r}) di antara kelompok tingkat tidak dikenali")
            if c.level not in hierarchy:
                if hierarchy and hierarchy[-1] != c.level and c.level in hierarchy:
                    raise NotGrouped(f"kolom tingkat {c.level} tidak berurutan")
                hierarchy.append(c.level)
            positional.append((j, c.level, c.role))
        trailing = [c.role for j, c in sorted(columns.items()) if j >= n and c.role in TRAILING_ROLES]
        if len(hierarchy) < 2:
            raise NotGrouped("hanya satu tingkat")
        return GroupedColumns(positional, trailing, hierarchy)


# a row's quarters, the cells they consumed and the text before an inline label, by column
_Parsed = tuple[list[_Quarter], set[int], dict[int, str]]


def _label(raw: str) -> str:
    return raw.strip().rstrip(":=").strip()


class GroupedReader:
    def __init__(self, voc: Vocabulary, table_id: str, cols: GroupedColumns) -> None:
        self.voc, self.table_id, self.cols = voc, table_id, cols
        self.records: list[_Record] = []
        self.pending: list[_Pending] = []
        self.candidates: list[_TargetCandidate] = []
        self.current: dict[str, _Record | None] = {k: None for k in cols.hierarchy}
        self.item_kind = cols.hierarchy[-1]
        self.after_page_header = False
        self.held: list[tuple[int, _Quarter]] = []  # quarter rows printed above their item's name row

    # -------------------------------------------------------------------------------------------- helpers
    def _new_record(self, kind: str, line_no: int) -> _Record:
        h = self.cols.hierarchy
        depth = h.index(kind)
        parent = self.current[h[depth - 1]] if depth > 0 else None
        if depth > 0 and parent is None:
            raise LayoutMismatch(line_no, f"baris {h[depth - 1]} sebelum {kind} pertama")
        rec = _Record(len(self.records) + 1, kind, parent, line_no)
        self.records.append(rec)
        self.current[kind] = rec
        for lower in h[depth + 1 :]:
            self.current[lower] = None
        return rec

    def _marker(self, kind: str, text: str) -> re.Match[str] | None:
        if kind == self.cols.hierarchy[0]:
            return None  # the first level is numbered in its own NO column
        rx = self.voc.item_marker_rx if kind == ITEM else self.voc.level_marker_rx
        return rx.search(text)

    def _quarters_in(self, text: str) -> _CellQuarters:
        """What quarter labels a cell's text holds: asked of every cell of a row, and again of every placement of a
        row being re-anchored, so answered once per text."""
        return self.voc.remember("grouped quarters", text, self._read_quarters)

    def _read_quarters(self, text: str) -> _CellQuarters:
        voc = self.voc
        bad = next(
            (_label(b.group(0)) for b in voc.any_label_rx.finditer(text) if b.group("n") not in voc.numerals), None
        )
        m = voc.cell_label_rx.fullmatch(text)
        only = (_label(text), voc.numerals[m.group("n").upper()]) if m else None
        hits = list(voc.inline_rx.finditer(text))
        inline = tuple(
            (
                _label(h.group(0)),
                voc.numerals[h.group("n").upper()],
                text[h.end() : hits[k + 1].start() if k + 1 < len(hits) else len(text)].strip(),
            )
            for k, h in enumerate(hits)
        )
        return _CellQuarters(bad, only, text[: hits[0].start()].strip() if hits else "", inline)

    def _parse_quarters(self, line_no: int, row: list[str]) -> _Parsed:
        quarters: list[_Quarter] = []
        consumed: set[int] = set()
        prefixes: dict[int, str] = {}

        def next_value(after: int, label: str) -> tuple[int, str]:
            for j in range(after + 1, len(row)):
                if j in consumed or not row[j]:
                    continue
                if self._quarters_in(row[j]).only is not None or not self.voc.figure_start_rx.search(row[j]):
                    break
                return j, row[j]
            raise LayoutMismatch(line_no, f"nilai triwulan setelah label {label!r}", row[after])

        for c, text in enumerate(row):
            if c in consumed or not text:
                continue
            found = self._quarters_in(text)
            if found.bad is not None:
                raise LayoutMismatch(line_no, "label triwulan bernomor 1-4 (I-IV)", found.bad)
            if found.only is not None:
                label, n = found.only
                consumed.add(c)
                j, value = next_value(c, label)
                consumed.add(j)
                quarters.append(_Quarter(n, label, value, j, c))
                continue
            if not found.inline:
                continue
            consumed.add(c)
            if found.prefix:
                prefixes[c] = found.prefix
            for k, (label, n, value) in enumerate(found.inline):
                col = c
                if not value:
                    if k + 1 < len(found.inline):
                        raise LayoutMismatch(line_no, f"nilai setelah label triwulan {label!r} di dalam sel", text)
                    col, value = next_value(c, label)
                    consumed.add(col)
                elif not self.voc.figure_start_rx.search(value):
                    raise LayoutMismatch(line_no, f"angka setelah label triwulan {label!r} di dalam sel", value)
                quarters.append(_Quarter(n, label, value, col, c))
        return quarters, consumed, prefixes

    # ---------------------------------------------------------------------------------------------- rows
    def page_header(self) -> None:
        self.after_page_header = True

    def _fit(self, role: str, text: str) -> bool:
        if role in ("name", "indicator"):
            return LETTERS_RX.search(text) is not None
        if role == "row_no":
            return self.voc.looks_like("row_no", text)
        return self.voc.figure_start_rx.search(text) is not None or self.voc.inline_rx.search(text) is not None

    def _score(self, line_no: int, row: list[str], consumed: set[int] | None = None) -> int:
        if consumed is None:
            _, consumed, _ = self._parse_quarters(line_no, row)
        total = 0
        for c, _, role in self.cols.positional:
            if c < len(row) and row[c] and c not in consumed:
                total += 1 if self._fit(role, row[c]) else -1
        return total

    def _reanchor(self, line_no: int, cells: list[str]) -> tuple[list[str], list[int], _Parsed | None]:
        """The row with cells a merged-cell drift shifted inside the level groups moved back: the placement
        (as is, one empty cell removed, one inserted) where the most cells look like their column's role
        (a name, a number, a figure); the row as it is wins ties. Returns the cells, their real columns and, when
        the row stays as it is, its quarters (read once per row: the reading is the costliest step)."""
        n_pos = len(self.cols.positional)
        actual = list(range(len(cells)))
        parsed = self._parse_quarters(line_no, cells)
        consumed = parsed[1]
        if all(
            not t or c in consumed or self._fit(role, t)
            for (c, _, role), t in zip(self.cols.positional, cells, strict=False)
        ):
            return cells, actual, parsed
        best = (self._score(line_no, cells, consumed), 2, cells, actual)
        for p in range(min(n_pos, len(cells))):
            if not cells[p]:
                cand = cells[:p] + cells[p + 1 :]
                act = actual[:p] + actual[p + 1 :]
                best = max(best, (self._score(line_no, cand), 1, cand, act), key=lambda b: (b[0], b[1]))
            cand = cells[:p] + [""] + cells[p:]
            act = actual[:p] + [-1] + actual[p:]
            best = max(best, (self._score(line_no, cand), 0, cand, act), key=lambda b: (b[0], b[1]))
        return best[2], best[3], parsed if best[2] is cells else None

    def row(self, r: Row) -> None:
        line_no = r.line
        row, actual, parsed = self._reanchor(line_no, list(r.cells))
        start_pending, start_candidates = len(self.pending), len(self.candidates)
        try:
            self._row(r, line_no, row, parsed)
        finally:
            if actual != list(range(len(actual))):  # lineage: the real columns of re-anchored cells
                for pend in self.pending[start_pending:]:
                    if pend.line == line_no:
                        pend.column = actual[pend.column]
                for cand in self.candidates[start_candidates:]:
                    cand.column = actual[cand.column]
                for held_line, q in self.held:  # quarters held for the next item, read on this row
                    if held_line == line_no:
                        q.column = actual[q.column]

    def _row(self, r: Row, line_no: int, row: list[str], parsed: _Parsed | None = None) -> None:
        n_pos = len(self.cols.positional)
        quarters, consumed, prefixes = parsed or self._parse_quarters(line_no, row)
        positional: dict[int, tuple[str, str, str]] = {}
        for c, kind, role in self.cols.positional:
            if c >= len(row):
                break
            text = prefixes.get(c) if c in consumed else row[c]
            if text:
                positional[c] = (kind, role, text)
        trailing_cells = [(c, row[c]) for c in range(n_pos, len(row)) if row[c] and c not in consumed]
        for c in prefixes:
            if c >= n_pos:
                raise LayoutMismatch(line_no, "label triwulan di awal sel, di kanan kolom tingkat", row[c])

        item = self.current[self.item_kind]
        if (
            quarters
            and not positional
            and not trailing_cells
            and not prefixes
            and (item is None or any(q.n in item.quarters for q in quarters))
        ):
            # a quarter row the open item already has: its label was printed above the next item's name
            self.held.extend((line_no, q) for q in quarters)
            return
        continuing = False
        if self.after_page_header and item is not None and len(item.quarters) < len(QUARTERS):
            row_marker = None
            for kind, role, text in positional.values():
                if kind == self.item_kind and role == "name":
                    m = self._marker(kind, text)
                    row_marker = m.group(0) if m else None
            continuing = not (row_marker and item.marker and row_marker != item.marker)
        self.after_page_header = False

        opened: set[str] = set()
        if not continuing:
            for kind in self.cols.hierarchy:
                if any(k == kind and ro in ("name", "row_no") for k, ro, _ in positional.values()):
                    self._new_record(kind, line_no)
                    opened.add(kind)
        if self.held:
            if self.item_kind not in opened:
                held_line, q = self.held[0]
                raise LayoutMismatch(
                    held_line, f"setiap triwulan sekali per {self.item_kind} (triwulan {q.n} berulang)", q.label
                )
            rec = self.current[self.item_kind]
            assert rec is not None
            for held_line, q in self.held:
                rec.quarters.add(q.n)
                self.pending.append(_Pending(rec, "target_quarter", q.value, held_line, q.column, q.label))
            self.held = []

        split_kinds = set(self.cols.hierarchy[:-1])
        for c, (kind, role, text) in sorted(positional.items()):
            rec = self.current[kind]
            if rec is None:
                raise LayoutMismatch(line_no, f"nama {kind} sebelum sel {role} di kolom {c}", text)
            if role.startswith("target"):
                if not self.voc.figure_start_rx.search(text):
                    raise LayoutMismatch(line_no, f"angka di kolom target {kind} {c}", text)
                if kind in split_kinds:
                    self.candidates.append(_TargetCandidate(rec, text, line_no, c, [(q.n, q.label) for q in quarters]))
                    continue
            self.pending.append(_Pending(rec, role, text, line_no, c))
            if role == "name":
                m = self._marker(kind, text)
                if m and rec.marker is None:
                    rec.marker, rec.marker_pos = m.group(0), (line_no, c)
                    self.pending.append(_Pending(rec, "row_no", m.group(0), line_no, c))

        # inline quarters in a level's own column belong to that level's record (a sasaran TARGET cell
        # "80 TW 1 : 20 ..."); labels in cells of their own and right of the level groups, to the row's item
        kinds = {c: kind for c, kind, _ in self.cols.positional}
        owned = [q for q in quarters if kinds.get(q.cell, self.item_kind) != self.item_kind]
        quarters = [q for q in quarters if q not in owned]
        for q in owned:
            rec = self.current[kinds[q.cell]]
            if rec is None or q.n in rec.quarters:
                raise LayoutMismatch(line_no, f"setiap triwulan sekali per {kinds[q.cell]} (triwulan {q.n})", q.label)
            rec.quarters.add(q.n)
            self.pending.append(_Pending(rec, "target_quarter", q.value, line_no, q.column, q.label))
        if quarters or trailing_cells:
            rec = self.current[self.item_kind]
            if rec is None:
                raise LayoutMismatch(line_no, f"nama {self.item_kind} sebelum sel triwulan atau sel sesudahnya", r.raw)
            for q in quarters:
                if q.n in rec.quarters:
                    raise LayoutMismatch(
                        line_no, f"setiap triwulan sekali per {self.item_kind} (triwulan {q.n} berulang)", q.label
                    )
                rec.quarters.add(q.n)
                self.pending.append(_Pending(rec, "target_quarter", q.value, line_no, q.column, q.label))
            if len(trailing_cells) > len(self.cols.trailing):
                raise LayoutMismatch(
                    line_no,
                    f"paling banyak {len(self.cols.trailing)} sel di kanan sel triwulan",
                    " | ".join(t for _, t in trailing_cells),
                )
            for (c, text), role in zip(trailing_cells, self.cols.trailing):
                if self.voc.figure_start_rx.search(text) and role != "budget":
                    raise LayoutMismatch(line_no, f"label triwulan sebelum angka di kolom {c}", text)
                self.pending.append(_Pending(rec, role, text, line_no, c))

    # ------------------------------------------------------------------------------------------- finish
    def values(self) -> list[LandedValue]:
        if self.held:
            held_line, q = self.held[0]
            raise LayoutMismatch(
                held_line, f"setiap triwulan sekali per {self.item_kind} (triwulan {q.n} berulang)", q.label
            )
        by_record: dict[int, list[_TargetCandidate]] = {}
        for cand in self.candidates:
            by_record.setdefault(cand.record.no, []).append(cand)
        for group in by_record.values():
            single = [c for c in group if len(c.row_quarters) == 1]
            split = len(single) >= SPLIT_MIN_ROWS
            seen: set[int] = set()
            for cand in group:
                if split and len(cand.row_quarters) == 1:
                    n, label = cand.row_quarters[0]
                    if n in seen:
                        raise LayoutMismatch(cand.line, f"setiap triwulan sekali per target {cand.record.kind}", label)
                    seen.add(n)
                    self.pending.append(
                        _Pending(cand.record, "target_quarter", cand.text, cand.line, cand.column, label)
                    )
                else:
                    self.pending.append(_Pending(cand.record, "target_annual", cand.text, cand.line, cand.column))

        last_first: dict[int, _Record] = {}  # parent record no -> its latest kegiatan
        for rec in self.records:
            if rec.kind != ITEM:
                rec.level = rec.kind
                rec.resolved_parent = rec.parent
                continue
            assert rec.parent is not None
            if rec.marker is not None:
                level = "sub_kegiatan" if rec.marker[0].isalpha() else "kegiatan"
            else:
                level = "kegiatan" if rec.parent.no not in last_first else "sub_kegiatan"
            rec.level = level
            if level == "kegiatan":
                rec.resolved_parent = rec.parent
                last_first[rec.parent.no] = rec
            else:
                if rec.parent.no not in last_first:
                    raise LayoutMismatch(rec.first_line, f"kegiatan sebelum {level} ini")
                rec.resolved_parent = last_first[rec.parent.no]

        self.pending.sort(key=lambda p: (p.line, p.column, p.record.no))
        return [
            LandedValue(
                table_id=self.table_id,
                record_no=p.record.no,
                level=p.record.level,
                role=p.role,
                text=p.text,
                line=p.line,
                column=p.column,
                parent_record_no=p.record.resolved_parent.no if p.record.resolved_parent else None,
                quarter_label=p.quarter_label,
            )
            for p in self.pending
        ]
