"""Records of a table in which one level carries the indicators and targets (the first name column's level) and
the other levels are named beside them (PROGRAM | KEGIATAN | SUB KEGIATAN | ANGGARAN).

A row carries up to three items, each landed as its own record:

* the *owner* (the first level, e.g. the sasaran): its row number and name; a row with neither continues it;
* an *indicator* of the owner, with unit, annual target, quarter targets (quarter columns or inline labels) and
  notes (text in a name column of a block that names nothing);
* a *named* item (whichever other level's name column the row fills) with its budget; a budget in a row naming
  nothing belongs to its block's level.

The table is read in blocks: a block starts where the numbering restarts ("1"); its level is the name column its
first row fills. Indicator and named records point at the current owner. Cells are landed verbatim.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rekap.layouts.errors import LayoutMismatch
from rekap.tables.cells import LandedValue
from rekap.tables.grid import Cell
from rekap.tables.layout import Column
from rekap.tables.quarters import split_inline
from rekap.tables.vocabulary import Vocabulary

ITEMS = ("owner", "indicator", "named")
BLOCK_START = ("1", "1.")
QUARTER_VALUE_ROLES = {
    "target_annual": "target_quarter",
    "target_quarter": "target_quarter",
    "realisation": "realisation",
}


class NotWide(Exception):
    """The table has more than one level carrying indicators or targets: not this record model."""


@dataclass(frozen=True)
class WideColumns:
    columns: dict[int, Column]
    items: dict[int, str]  # column -> owner | indicator | named
    owner_level: str
    named_levels: frozenset[str]

    @staticmethod
    def of(columns: dict[int, Column]) -> WideColumns:
        placed = {j: c for j, c in columns.items() if c.role is not None}
        names = sorted(j for j, c in placed.items() if c.role == "name" and c.level)
        if not names:
            raise NotWide("tidak ada kolom yang menamai tingkat (SASARAN, PROGRAM, KEGIATAN ...)")
        owner = placed[names[0]].level
        assert owner is not None  # names are the columns with a level
        named_levels = {placed[j].level for j in names[1:]}
        if owner in named_levels:
            raise NotWide(f"dua kolom nama tingkat {owner}")
        items: dict[int, str] = {}
        for j, c in placed.items():
            if c.role in ("row_no", "name") and c.level == owner:
                items[j] = "owner"
            elif c.role == "name" or c.role in ("budget", "budget_realisation", "officer", "note") and named_levels:
                items[j] = "named"
            elif c.level in named_levels:
                raise NotWide(f"kolom {j} ({c.title!r}) memberi tingkat {c.level} {c.role} sendiri")
            else:
                items[j] = "indicator"
        return WideColumns(placed, items, owner, frozenset(l for l in named_levels if l))


def _role(col: Column) -> str:
    """The role of one of WideColumns' columns: it holds only the columns that have one."""
    assert col.role is not None
    return col.role


@dataclass
class _Record:
    record_no: int
    level: str | None
    parent: int | None
    values: list[LandedValue] = field(default_factory=list)


@dataclass
class Assembler:
    """Feeds rows (placed cells by column) into records; `unplaced` collects cells it could not give a role."""

    voc: Vocabulary
    table_id: str
    wide: WideColumns
    next_no: int = 1
    owner: _Record | None = None
    block_level: str | None = None
    records: list[_Record] = field(default_factory=list)
    unplaced: list[Cell] = field(default_factory=list)
    tolerance: int = 1
    row_records: dict[int, tuple[_Record, str, str | None]] = field(default_factory=dict)  # last row's cells
    indicator: _Record | None = None  # the latest indicator record: quarter rows below it are its quarters
    indicator_quarters: set[int] = field(default_factory=set)

    def _new(self, level: str | None, parent: int | None) -> _Record:
        rec = _Record(self.next_no, level, parent)
        self.next_no += 1
        self.records.append(rec)
        return rec

    def _land(
        self,
        rec: _Record,
        role: str,
        level: str | None,
        cell: Cell,
        quarter: str | None = None,
        text: str | None = None,
    ) -> None:
        rec.values.append(
            LandedValue(
                table_id=self.table_id,
                record_no=rec.record_no,
                level=level,
                role=role,
                text=cell.text if text is None else text,
                line=cell.line,
                column=cell.column,
                parent_record_no=rec.parent,
                quarter_label=quarter,
            )
        )

    def quarter_row(self, pairs: list[tuple[Cell, Cell, int]]) -> None:
        """A row holding only quarters ("TW I | 25"): the quarters of the indicator above it, each once."""
        for label, value, n in pairs:
            if self.indicator is None or n in self.indicator_quarters:
                self.unplaced.extend([label, value])
                continue
            self.indicator_quarters.add(n)
            level = self.indicator.level
            self._land(self.indicator, "target_quarter", level, value, label.text.rstrip(":= ").strip())

    def fragment(self, placed: dict[int, Cell]) -> bool:
        """Cells continuing the texts of the previous row (a name or indicator wrapped across a page break):
        landed as further fragments of the same records, same roles. False when the row is not such a one."""
        texts = ("name", "indicator", "unit", "note", "officer")
        if not placed or any(j not in self.row_records or self.row_records[j][1] not in texts for j in placed):
            return False
        for j, cell in sorted(placed.items()):
            rec, role, level = self.row_records[j]
            self._land(rec, role, level, cell)
        return True

    def row(self, placed: dict[int, Cell]) -> None:
        self.row_records = {}
        cols, items = self.wide.columns, self.wide.items
        by_item: dict[str, list[tuple[Column, Cell]]] = {k: [] for k in ITEMS}
        for j in sorted(placed):
            col, cell = cols[j], placed[j]
            if split_inline(self.voc, cell.text) is None and not self.voc.fits(_role(col), cell.text):
                self.unplaced.append(cell)
                continue
            by_item[items[j]].append((col, cell))
        if not any(by_item.values()):
            return

        row_no = next((c for col, c in by_item["owner"] if col.role == "row_no"), None)
        new_block = row_no is not None and row_no.text in BLOCK_START
        names = [(c, t) for c, t in by_item["named"] if c.role == "name"]
        others = [(c, t) for c, t in by_item["named"] if c.role != "name"]
        if len(names) > 1:
            self.unplaced.extend(t for _, t in names[1:])
            names = names[:1]
        if new_block or not self.records:
            self.block_level = names[0][0].level if names else None

        if by_item["owner"]:
            self.owner = self._new(self.wide.owner_level, None)
            for col, cell in by_item["owner"]:
                self._land(self.owner, _role(col), col.level, cell)
                self.row_records[col.index] = (self.owner, _role(col), col.level)
        if self.owner is None:
            raise LayoutMismatch(
                min(t.line for v in by_item.values() for _, t in v),
                "baris data pertama yang membuka butir (nomor baris atau nama)",
            )
        parent = self.owner.record_no

        notes: list[Cell] = []
        if names and self.block_level is None:
            notes = [t for _, t in names]
            names = []
        elif names and names[0][0].level != self.block_level:
            names = self._reanchor_name(names, placed)
        if names:
            col, cell = names[0]
            announced = self.voc.level_prefix(cell.text)
            if announced is not None and announced != col.level and announced in self.wide.named_levels:
                raise LayoutMismatch(
                    cell.line,
                    f"nama {col.level} di kolom {cell.column} ({col.title!r}), bukan nama yang menandai {announced}",
                    cell.text,
                )
        if names and self.block_level is not None and names[0][0].level != self.block_level:
            raise LayoutMismatch(
                names[0][1].line, f"nama di kolom {self.block_level} (tingkat blok ini)", names[0][1].text
            )

        if by_item["indicator"] or notes:
            ind = by_item["indicator"]
            level = ind[0][0].level if ind else None
            rec = self._new(level, parent)
            self.indicator = rec if ind else self.indicator
            self.indicator_quarters = {c.quarter for c, _ in ind if c.quarter} if ind else self.indicator_quarters
            for col, cell in ind:
                self._land_cell(rec, col, col.level, cell)
                self.row_records[col.index] = (rec, _role(col), col.level)
            for cell in notes:
                self._land(rec, "note", rec.level, cell)

        if names or others:
            if names:
                level = names[0][0].level
            elif self.block_level is not None:
                level = self.block_level
            else:
                raise LayoutMismatch(others[0][1].line, "kolom nama yang terisi di samping pagu", others[0][1].text)
            rec = self._new(level, parent)
            for col, cell in names + others:
                self._land(rec, _role(col), level, cell)
                self.row_records[col.index] = (rec, _role(col), level)

    def _reanchor_name(self, names: list[tuple[Column, Cell]], placed: dict[int, Cell]) -> list[tuple[Column, Cell]]:
        """A name drifted into the neighbouring name column (a merged cell shifted it): every name of a block sits
        in the block level's column, so it goes back there when that column is next to it and empty in the row."""
        col, cell = names[0]
        for j, c in self.wide.columns.items():
            if (
                c.role == "name"
                and c.level == self.block_level
                and j not in placed
                and abs(j - col.index) <= self.tolerance
            ):
                return [(c, cell)]
        return names

    def _land_cell(self, rec: _Record, col: Column, level: str | None, cell: Cell) -> None:
        parts = split_inline(self.voc, cell.text) if col.role in QUARTER_VALUE_ROLES else None
        if parts is None:
            self._land(rec, _role(col), level, cell, col.quarter_label if col.role == "target_quarter" else None)
            return
        for p in parts:  # inline quarter labels: each value goes to the owner of the column it sits in
            role = _role(col) if p.quarter is None else QUARTER_VALUE_ROLES[_role(col)]
            self._land(rec, role, level, cell, p.quarter_label, p.text)

    def values(self) -> list[LandedValue]:
        return [v for rec in self.records for v in rec.values]
