"""Plain tables: level names on the left (or none at all), figures on the right, one item per row — a budget
summary ("Tahun | Uraian | Pagu Dana"), a budget history ("Tahun | Uraian | Pagu Awal | Pagu Perubahan"), a
Renstra target table ("NO | TUJUAN | SASARAN | INDIKATOR | TARGET 2021 … 2024"), a sasaran/budget table.

* A level's name cell opens a record of that level; its parent is the latest record of a level left of it. A row
  naming no level but holding figures is another line of the record above (a second indicator of the same
  sasaran): its own record, whose parent is that record.
* Without a level column, an item's level is what its name says (vocabulary.yml `name_levels`: "Total …" the
  agency, "Belanja …" a class of spending); a numbered name ("1.Belanja Pegawai") is part of the item above.
* A year column (TAHUN) gives its year to the rows below it until the next year; a column whose title states a
  year gives that year to its values; otherwise the year the table's title states, when it states one.
* A TARGET column titled by a year beside a PAGU column is that year's target of the row's item.
* A budget column whose title names a version (Pagu Awal / Pagu Perubahan) gives it to its values.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace

from rekap.layouts.errors import LayoutMismatch
from rekap.tables.cells import LandedValue
from rekap.tables.grid import Cell, Row
from rekap.tables.header import YEAR_RX
from rekap.tables.layout import Column
from rekap.tables.vocabulary import Vocabulary, normalise, vocabulary_data

ORDER = ("agency", "belanja", "tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "aksi")
# the roles a plain table may hold; a column of any other role (a quarter, an annual target) is another reader's
ROLES = frozenset({"row_no", "name", "indicator", "unit", "budget", "budget_share_pct", "note", "target_year", "year"})
NUMBERED_RX = re.compile(r"^\s*\d{1,2}[.)]\s*")
COUNT_RX = re.compile(r"\d{1,3}\s+([A-Za-z][A-Za-z ]{0,20})")


class NotLedger(Exception):
    """The table holds quarter or annual-target columns, or neither a name nor a figure: not this record model."""


@functools.cache
def _ledger_vocabulary() -> tuple[tuple[tuple[str, tuple[str, ...]], ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    d = vocabulary_data()
    levels = tuple((e["level"], tuple(normalise(w) for w in e["words"])) for e in d["name_levels"])
    versions = tuple((e["version"], tuple(normalise(w) for w in e["words"])) for e in d["budget_versions"])
    return levels, versions


def _starts(text: str, words: tuple[str, ...]) -> bool:
    n = f"{normalise(text)} "
    return any(n.startswith(f"{w} ") for w in words)


def version_of(title: str) -> str | None:
    n = f" {normalise(title)} "
    return next((v for v, words in _ledger_vocabulary()[1] if any(f" {w} " in n for w in words)), None)


def year_targets(columns: dict[int, Column]) -> dict[int, Column]:
    """Target columns titled by different years ("TARGET KINERJA 2021 … 2024", a row of years under one span)
    hold targets for those years: role target_year, each value landed with its column's year."""
    years = {j: set(YEAR_RX.findall(c.title)) for j, c in columns.items() if c.role == "target_annual"}
    dated = {j: next(iter(y)) for j, y in years.items() if len(y) == 1}
    if len(set(dated.values())) < 2:
        return columns
    return {j: replace(c, role="target_year") if j in dated else c for j, c in columns.items()}


@dataclass(frozen=True)
class LedgerColumns:
    columns: dict[int, Column]
    level_cols: tuple[int, ...]  # name columns of a level, left to right
    name_col: int | None  # the name column without a level (levels from the names)
    year_col: int | None

    @staticmethod
    def of(columns: dict[int, Column]) -> LedgerColumns:
        placed = {j: c for j, c in columns.items() if c.role is not None}
        budget = any(c.role == "budget" for c in placed.values())
        # a TARGET column titled by its year beside a PAGU column (a Renja sasaran table): one target per row
        dated = {j for j, c in placed.items() if c.role == "target_annual" and budget and YEAR_RX.search(c.title)}
        other = sorted({str(c.role) for j, c in placed.items() if c.role not in ROLES and j not in dated})
        if other:
            raise NotLedger(f"kolom {', '.join(other)}")
        level_cols = tuple(j for j, c in sorted(placed.items()) if c.role == "name" and c.level)
        plain = [j for j, c in sorted(placed.items()) if c.role == "name" and not c.level]
        figures = [j for j, c in placed.items() if c.role in ("budget", "target_year", "budget_share_pct")]
        figures += sorted(dated)
        years = [j for j, c in placed.items() if c.role == "year"]
        if not figures or not (level_cols or plain):
            raise NotLedger("tidak ada kolom nama dan kolom angka")
        if not (years or [j for j in figures if placed[j].role != "budget"] or not level_cols):
            raise NotLedger("tabel bertingkat tanpa kolom tahun")  # a budget beside levels: the wide reader's
        return LedgerColumns(placed, level_cols, plain[0] if plain else None, years[0] if years else None)


@dataclass
class LedgerReader:
    voc: Vocabulary
    table_id: str
    cols: LedgerColumns
    title_year: str | None
    values: list[LandedValue] = field(default_factory=list)
    unplaced: list[Cell] = field(default_factory=list)
    record_no: int = 0
    open: dict[str, int] = field(default_factory=dict)  # level -> latest record of it
    last: tuple[int, str] | None = None  # the latest record and its level
    head: int | None = None  # the latest unnumbered record of a name-levelled table
    year: str | None = None

    def _new(self, level: str, parent: int | None) -> int:
        self.record_no += 1
        self.open[level] = self.record_no
        for lower in ORDER[ORDER.index(level) + 1 :]:
            self.open.pop(lower, None)
        self.last = (self.record_no, level)
        return self.record_no

    def _land(self, rec: int, parent: int | None, level: str, role: str, cell: Cell, year: str | None, version=None):
        self.values.append(
            LandedValue(
                table_id=self.table_id,
                record_no=rec,
                level=level,
                role=role,
                text=cell.text,
                line=cell.line,
                column=cell.column,
                parent_record_no=parent,
                version_label=version,
                year_label=year,
            )
        )

    def _count(self, text: str, level: str | None) -> bool:
        """A level's cell that counts items of it ("4 Program") names none: a note of the row's item."""
        m = COUNT_RX.fullmatch(text.strip())
        return m is not None and self.voc.level_prefix(m.group(1)) == level

    def _name_level(self, text: str) -> str | None:
        bare = NUMBERED_RX.sub("", text)
        announced = self.voc.level_prefix(bare)
        if announced in ORDER:
            return announced
        return next((lv for lv, words in _ledger_vocabulary()[0] if _starts(bare, words)), None)

    def row(self, row: Row) -> None:
        cells = {c.column: c for c in row.filled()}
        cols = self.cols.columns
        if self.cols.year_col is not None and (y := cells.pop(self.cols.year_col, None)) is not None:
            if not YEAR_RX.fullmatch(y.text):
                self.unplaced.append(y)
            else:
                self.year = y.text
        for j in [j for j in cells if j not in cols]:
            self.unplaced.append(cells.pop(j))
        if not cells:
            return
        year = self.year or self.title_year
        first = len(self.values)
        opened: list[tuple[int, int | None, str]] = []  # (record, parent, level) opened by this row
        counts = {j for j in self.cols.level_cols if j in cells and self._count(cells[j].text, cols[j].level)}
        for j in self.cols.level_cols:
            if j in cells and j not in counts:
                level = cols[j].level
                assert level is not None
                pos = ORDER.index(level)
                parent = next((self.open[up] for up in reversed(ORDER[:pos]) if up in self.open), None)
                opened.append((self._new(level, parent), parent, level))
                self._land(opened[-1][0], parent, level, "name", cells.pop(j), year)
        if self.cols.name_col is not None and self.cols.name_col in cells:
            cell = cells.pop(self.cols.name_col)
            level = self._name_level(cell.text)
            if level is None:
                raise LayoutMismatch(
                    cell.line, "nama butir yang menyatakan tingkatnya (Total ..., Belanja ..., Program ...)", cell.text
                )
            numbered = NUMBERED_RX.match(cell.text) is not None
            parent = self.head if numbered else None
            rec = self._new(level, parent)
            if not numbered:
                self.head = rec
            opened.append((rec, parent, level))
            self._land(rec, parent, level, "name", cell, year)
        if not opened:  # another line of the record above
            if self.last is None:
                lead = min(cells.values(), key=lambda c: c.column)
                raise LayoutMismatch(lead.line, "baris pertama yang menamai butir", lead.text)
            above, level = self.last
            opened.append((self._new(level, above), above, level))
        for j, cell in sorted(cells.items()):
            col = cols[j]
            rec, parent, level = opened[0] if col.role == "row_no" else opened[-1]
            role = "note" if j in counts else col.role
            assert role is not None
            if not self.voc.fits(role, cell.text):
                self.unplaced.append(cell)
                continue
            title_years = set(YEAR_RX.findall(col.title))
            own = next(iter(title_years)) if len(title_years) == 1 else None
            version = version_of(col.title) if role == "budget" else None
            self._land(rec, parent, level, role, cell, own or year, version)
        self.values[first:] = sorted(self.values[first:], key=lambda v: v.column or 0)
