"""Records of a table in which every row names one item (or one per level it fills), whatever its level: a
Renstra table (TUJUAN | INDIKATOR TUJUAN | SASARAN | INDIKATOR SASARAN | KEBIJAKAN | URAIAN PROGRAM/KEGIATAN |
… | TARGET), a table of realisations (SASARAN | INDIKATOR | TAHUN 2022 | TAHUN 2023 | CAPAIAN).

* A row opens one record per name column it fills; a name column holding several levels (PROGRAM/KEGIATAN)
  gives each name the level it announces or the nomenclature knows it by (levels.py).
* Every other cell belongs to the record its column's level opened in the row, else to the row's last record
  (one TARGET column serves whichever level the row names; KEBIJAKAN and other notes likewise).
* A parent is the latest record of the nearest higher level still open; a record closes every deeper level.
* A row naming nothing continues the previous record (its cells land as further fragments, same roles); so does
  the first row after a repeated page header whose name only completes the name before the page break.
* Merged-cell drift: a row whose first cell sits left of the last name column, in a column whose own item is not
  named in the row (or holding an item's name while the name column holds none), had its cells shifted left: that
  cell is the name, and the cells right of it take, in order, the roles of the columns right of the last name
  column.

Pure: no I/O, no number conversion; every text is a verbatim cell at its real column.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rekap.layouts.errors import LayoutMismatch
from rekap.tables.cells import LandedValue
from rekap.tables.grid import Row
from rekap.tables.layout import Column
from rekap.tables.levels import closeness, continues_name, name_level, nomenclature_level
from rekap.tables.vocabulary import Vocabulary

HIERARCHY = ("tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "aksi")
MIXED = "item"  # a name column holding programs, kegiatan and sub kegiatan alike
MIXED_LEVELS = ("program", "kegiatan", "sub_kegiatan")
NOT_STACKED_ROLES = frozenset({"target_quarter", "budget", "budget_realisation", "officer"})


class NotStacked(Exception):
    """The columns are not those of a table listing one item per row."""


@dataclass(frozen=True)
class StackedColumns:
    columns: dict[int, Column]  # the placed columns (a role each)
    names: list[int]  # the name columns, left to right

    @staticmethod
    def of(columns: dict[int, Column]) -> StackedColumns:
        placed = {j: c for j, c in columns.items() if c.role is not None}
        names = sorted(j for j, c in placed.items() if c.role == "name" and c.level)
        if not names:
            raise NotStacked("tidak ada kolom yang menamai tingkat")
        bad = [c for c in placed.values() if c.role in NOT_STACKED_ROLES]
        if bad:
            raise NotStacked(f"kolom {bad[0].title!r} ({bad[0].role}) bukan kolom tabel satu butir per baris")
        levels = [placed[j].level for j in names]
        if len(set(levels)) != len(levels):
            raise NotStacked("dua kolom nama tingkat yang sama")
        return StackedColumns(placed, names)

    @staticmethod
    def first_choice(columns: dict[int, Column]) -> bool:
        """A table without a numbering column, quarters or budgets lists one item per row: read it so even
        where one level carries the indicators (an indicator is its row's item's, not a record of its own)."""
        return not any(c.role == "row_no" for c in columns.values()) and not any(
            c.role in NOT_STACKED_ROLES for c in columns.values()
        )


@dataclass
class _Record:
    no: int
    level: str
    parent: int | None
    group: str | None  # the level of the name column that opened it ("item" for a mixed column)
    name: str = ""
    values: list[LandedValue] = field(default_factory=list)


@dataclass
class StackedReader:
    voc: Vocabulary
    table_id: str
    cols: StackedColumns
    records: list[_Record] = field(default_factory=list)
    open_levels: dict[str, _Record] = field(default_factory=dict)
    last: _Record | None = None
    after_page_header: bool = False

    def page_header(self) -> None:
        self.after_page_header = True

    # ------------------------------------------------------------------------------------------- placing
    def _placed(self, r: Row) -> list[tuple[int, Column]]:
        """(real column, column whose role applies) for every filled cell of the row."""
        cols, names = self.cols.columns, self.cols.names
        filled = [j for j, t in enumerate(r.cells) if t]
        if not filled:
            return []
        first, last_name = filled[0], names[-1]
        c = cols.get(first)
        own_name = next((k for k in names if c is not None and cols[k].level == c.level), None)
        orphan = c is None or (
            c.role not in ("name", "row_no")
            and (
                own_name is None
                and not _filled(r, _next_name(names, first))
                or own_name is not None
                and not _filled(r, own_name)
            )
        )
        if not orphan and c is not None and c.role != "name" and _filled(r, last_name):
            orphan = _more_a_name(self.voc, r.cells[first], r.cells[last_name])
        if first < last_name and orphan and not any(_filled(r, k) for k in names if k < first):
            then = [cols[k] for k in sorted(cols) if k > last_name]
            rest = filled[1:]
            if len(rest) > len(then):
                raise LayoutMismatch(
                    r.line,
                    f"baris bergeser dengan nama di kolom {first} dan paling banyak {len(then)} sel sesudahnya",
                    r.raw,
                )
            return [(first, cols[last_name]), *zip(rest, then, strict=False)]
        out = []
        for j in filled:
            if j not in cols:
                raise LayoutMismatch(r.line, f"tidak ada sel berisi di luar kolom yang dikenali (kolom {j})", r.raw)
            out.append((j, cols[j]))
        return out

    # ---------------------------------------------------------------------------------------------- rows
    def row(self, r: Row) -> None:
        placed = self._placed(r)
        after_page, self.after_page_header = self.after_page_header, False
        if not placed:
            return
        names = [(j, c) for j, c in placed if c.role == "name" and c.level]
        last = self.last
        if not names or (
            after_page
            and last is not None
            and len(names) == 1
            and names[0][1].level == last.group
            and continues_name(last.name, r.cells[names[0][0]])
        ):
            if last is None:
                raise LayoutMismatch(r.line, "baris pertama yang menamai butir", r.raw)
            for j, c in placed:
                self._land(last, c, r, j)
            return
        opened: dict[str | None, _Record] = {}
        for j, c in names:
            rec = self._open(c, r.cells[j])
            opened[c.level] = rec
        row_last = self.last
        assert row_last is not None
        for j, c in placed:
            rec = opened.get(c.level, row_last) if c.level is not None else row_last
            self._land(rec, c, r, j)

    def _open(self, col: Column, name: str) -> _Record:
        group = col.level
        assert group is not None
        if group in HIERARCHY:
            level = group
        else:
            named = {self.cols.columns[k].level for k in self.cols.names}  # levels with a name column of their own
            allowed = tuple(lv for lv in MIXED_LEVELS if lv not in named)
            level = name_level(self.voc, name, allowed) or self._fallback(allowed)
        h = HIERARCHY.index(level) if level in HIERARCHY else len(HIERARCHY)
        parent = next((self.open_levels[lv].no for lv in reversed(HIERARCHY[:h]) if lv in self.open_levels), None)
        for lv in HIERARCHY[h:]:
            self.open_levels.pop(lv, None)
        rec = _Record(len(self.records) + 1, level, parent, group, name)
        self.records.append(rec)
        self.open_levels[level] = rec
        self.last = rec
        return rec

    def _fallback(self, allowed: tuple[str, ...]) -> str:
        """Unknown to the nomenclature: the first item under a program is a kegiatan, later ones sub kegiatan."""
        if "kegiatan" in allowed and "kegiatan" not in self.open_levels:
            return "kegiatan"
        return "sub_kegiatan" if "sub_kegiatan" in allowed else allowed[0]

    def _land(self, rec: _Record, col: Column, r: Row, j: int) -> None:
        assert col.role is not None
        rec.values.append(
            LandedValue(
                table_id=self.table_id,
                record_no=rec.no,
                level=rec.level,
                role=col.role,
                text=r.cells[j],
                line=r.line,
                column=j,
                parent_record_no=rec.parent,
                quarter_label=col.quarter_label,
                year_label=col.year_label,
            )
        )

    def values(self) -> list[LandedValue]:
        out = [v for rec in self.records for v in rec.values]
        return sorted(out, key=lambda v: (v.line, v.column if v.column is not None else -1, v.record_no))


def _more_a_name(voc: Vocabulary, text: str, other: str) -> bool:
    """`text` is an item's name the nomenclature knows, closer to it than `other` (in the name column), which
    announces no level: the cells were shifted left (a statement "Tersusunnya ..." now sits under the name)."""
    if voc.level_prefix(other) is not None or nomenclature_level(text) is None:
        return False
    return closeness(text) > closeness(other)


def _filled(r: Row, j: int | None) -> bool:
    return j is not None and j < len(r.cells) and bool(r.cells[j])


def _next_name(names: list[int], j: int) -> int | None:
    return next((k for k in names if k > j), None)
