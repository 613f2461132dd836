"""Layout family ``kolom_triwulan``: one wide table with the quarters (TW I-IV) as columns.

A row of such a table carries up to three logical items, each landed as its own record:

* the *owner* (a sasaran): its row number and name. A row that fills neither continues the previous owner;
* an *indicator* of the current owner, with unit, annual target and one target per quarter column
  (``quarter_label`` = the verbatim quarter header) and notes found in columns the row's block does not use;
* a *named* item (program / kegiatan / sub kegiatan: whichever name column the row fills) with its budget.
  A row with a budget but no name lands the budget at its block's level in a record of its own.

Indicator and named records point at the current owner (``parent_record_no``); the layout says nothing about
which program holds which kegiatan, so no such link is made. The table is read in *blocks* (a block starts
where the numbering restarts); a block's level is the name column its first row fills, and a block whose first
row fills none holds no names: text in its name columns is a note.

Everything about a particular document - header text, column order, roles, block rule, end lines, how far
cells may be shifted right, what a figure looks like - comes from the spec (see specs/*.yml). Cells are landed
verbatim; numbers are only *recognised* (spec ``cell_patterns``), never converted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rekap.landing.values import LandedValue
from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.textfile import cells, is_blank

VERSION = "1"

FAMILY = "kolom_triwulan"
ITEMS = ("owner", "indicator", "named")


@dataclass(frozen=True)
class _Column:
    index: int
    role: str
    item: str
    level: str | None
    header: str | None


@dataclass(frozen=True)
class _Config:
    table_id: str
    start_rx: re.Pattern[str]
    header_rows: int
    quarter_label_row: int
    tabbed_preamble: bool
    end_rxs: tuple[re.Pattern[str], ...]
    skip_rxs: tuple[re.Pattern[str], ...]
    columns: dict[int, _Column]
    block_column: int
    block_rx: re.Pattern[str]
    unnamed_block_name_cells: str
    unnamed_budget: str
    shift_tolerance: int
    cell_rxs: dict[str, re.Pattern[str]]

    @staticmethod
    def from_spec(spec: dict[str, Any]) -> _Config:
        if spec.get("family") != FAMILY:
            raise ValueError(f"spec is for family {spec.get('family')!r}, not {FAMILY!r}")
        header = spec["header"]
        blocks = spec["blocks"]
        columns: dict[int, _Column] = {}
        for c in spec["columns"]:
            col = _Column(int(c["index"]), c["role"], c["item"], c.get("level"), c.get("header"))
            if col.item not in ITEMS:
                raise ValueError(f"spec column {col.index}: item must be one of {ITEMS}, got {col.item!r}")
            if col.index in columns:
                raise ValueError(f"spec column {col.index} declared twice")
            if col.role == "name" and col.level is None:
                raise ValueError(f"spec column {col.index}: a name column needs a level")
            columns[col.index] = col
        cfg = _Config(
            table_id=spec["table_id"],
            start_rx=re.compile(header["start_pattern"]),
            header_rows=int(header.get("rows", 1)),
            quarter_label_row=int(header.get("quarter_label_row", 1)),
            tabbed_preamble=bool(header.get("tabbed_preamble", False)),
            end_rxs=tuple(re.compile(p) for p in spec.get("end_patterns") or ()),
            skip_rxs=tuple(re.compile(p) for p in spec.get("skip_patterns") or ()),
            columns=columns,
            block_column=int(blocks["start_column"]),
            block_rx=re.compile(blocks["start_pattern"]),
            unnamed_block_name_cells=blocks.get("unnamed_block_name_cells", "note"),
            unnamed_budget=blocks.get("unnamed_budget", "block_level"),
            shift_tolerance=int(spec.get("shift_tolerance", 0)),
            cell_rxs={role: re.compile(p) for role, p in (spec.get("cell_patterns") or {}).items()},
        )
        if not 1 <= cfg.quarter_label_row <= cfg.header_rows:
            raise ValueError("header.quarter_label_row must be one of the header rows")
        if cfg.unnamed_block_name_cells not in ("note", "error"):
            raise ValueError("blocks.unnamed_block_name_cells must be 'note' or 'error'")
        if cfg.unnamed_budget not in ("block_level", "error"):
            raise ValueError("blocks.unnamed_budget must be 'block_level' or 'error'")
        return cfg


@dataclass
class _Record:
    record_no: int
    level: str | None
    parent: int | None
    values: list[LandedValue] = field(default_factory=list)


@dataclass
class _State:
    next_no: int = 1
    owner: _Record | None = None
    block_level: str | None = None
    records: list[_Record] = field(default_factory=list)

    def new_record(self, level: str | None, parent: int | None) -> _Record:
        rec = _Record(self.next_no, level, parent)
        self.next_no += 1
        self.records.append(rec)
        return rec


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _find_header(lines: list[str], cfg: _Config) -> int:
    for i, line in enumerate(lines):
        if cfg.start_rx.search(line):
            return i
        if "\t" in line and not cfg.tabbed_preamble and not is_blank(line):
            raise LayoutMismatch(i + 1, f"the table header (a line matching {cfg.start_rx.pattern!r})", line)
    raise LayoutMismatch(None, f"the table header (a line matching {cfg.start_rx.pattern!r})")


def _read_header(lines: list[str], start: int, cfg: _Config) -> tuple[int, dict[int, str]]:
    """Check the header rows; return the table width and the quarter labels by column index."""
    if start + cfg.header_rows > len(lines):
        raise LayoutMismatch(len(lines), f"{cfg.header_rows} header rows", None)
    head = cells(lines[start])
    width = len(head)
    for col in cfg.columns.values():
        if col.index >= width:
            raise LayoutMismatch(start + 1, f"a header with a column {col.index} ({col.role})", lines[start])
        if col.header is not None and _norm(head[col.index]) != _norm(col.header):
            raise LayoutMismatch(start + 1, f"header cell {col.index} {col.header!r}", head[col.index])
    label_line = start + cfg.quarter_label_row - 1
    label_cells = cells(lines[label_line])
    labels: dict[int, str] = {}
    for col in cfg.columns.values():
        if col.role != "target_quarter":
            continue
        label = label_cells[col.index] if col.index < len(label_cells) else ""
        if not label:
            raise LayoutMismatch(label_line + 1, f"a quarter label in header column {col.index}", lines[label_line])
        labels[col.index] = label
    return width, labels


def _place(cs: list[str], width: int, lineno: int, line: str, cfg: _Config) -> dict[int, tuple[str, int]]:
    """Map declared column -> (verbatim text, column where it actually sits), undoing right shifts."""
    if len(cs) < width or len(cs) > width + cfg.shift_tolerance:
        expected = f"a table row of {width} cells" + (
            f" (up to {width + cfg.shift_tolerance} with shifted cells)" if cfg.shift_tolerance else ""
        )
        raise LayoutMismatch(lineno, expected, f"{len(cs)} cells: {line}")
    placed: dict[int, tuple[str, int]] = {}
    for j, text in enumerate(cs):
        if not text:
            continue
        if j < width:
            if j not in cfg.columns:
                raise LayoutMismatch(lineno, f"column {j} to be empty (the spec declares no role for it)", text)
            placed[j] = (text, j)
            continue
        for k in range(1, cfg.shift_tolerance + 1):
            t = j - k
            if t in cfg.columns and t not in placed and not cs[t]:
                placed[t] = (text, j)
                break
        else:
            raise LayoutMismatch(
                lineno, f"cell {j} to be empty or shifted from an empty declared column on its left", text
            )
    return placed


def _check(role: str, text: str, lineno: int, column: int, cfg: _Config) -> None:
    rx = cfg.cell_rxs.get(role)
    if rx is not None and not rx.fullmatch(text):
        raise LayoutMismatch(lineno, f"a {role} value in column {column} matching {rx.pattern!r}", text)


def _row(
    placed: dict[int, tuple[str, int]], lineno: int, labels: dict[int, str], st: _State, cfg: _Config
) -> None:
    by_item: dict[str, list[tuple[_Column, str, int]]] = {k: [] for k in ITEMS}
    for idx in sorted(placed):
        text, actual = placed[idx]
        col = cfg.columns[idx]
        _check(col.role, text, lineno, actual, cfg)
        by_item[col.item].append((col, text, actual))

    # A restart of the numbering opens a new block; its level is set by this row's name column (or none).
    block_cell = placed.get(cfg.block_column)
    new_block = block_cell is not None and cfg.block_rx.fullmatch(block_cell[0]) is not None
    names = [(c, t, a) for c, t, a in by_item["named"] if c.role == "name"]
    others = [(c, t, a) for c, t, a in by_item["named"] if c.role != "name"]
    if len(names) > 1:
        raise LayoutMismatch(lineno, "at most one filled name column", " | ".join(t for _, t, _ in names))
    if new_block or not st.records:
        st.block_level = names[0][0].level if names else None

    owner_cells = by_item["owner"]
    owner_new = bool(owner_cells)
    if owner_new:
        level = owner_cells[0][0].level
        st.owner = st.new_record(level, None)
        for col, text, actual in owner_cells:
            st.owner.values.append(_value(cfg, st.owner, col.role, col.level, text, lineno, actual))
    if st.owner is None:
        raise LayoutMismatch(lineno, "a first data row that opens an item (row number or name)", None)
    parent = st.owner.record_no

    notes: list[tuple[str, int]] = []
    if names and st.block_level is None:
        if cfg.unnamed_block_name_cells == "error":
            raise LayoutMismatch(lineno, "no names in a block whose first row names nothing", names[0][1])
        notes = [(t, a) for _, t, a in names]
        names = []
    elif names and names[0][0].level != st.block_level:
        raise LayoutMismatch(
            lineno, f"a name in the {st.block_level} column (the level of this block)", names[0][1]
        )

    ind_rec: _Record | None = None
    if by_item["indicator"] or notes:
        ind_cells = by_item["indicator"]
        level = ind_cells[0][0].level if ind_cells else None
        ind_rec = st.new_record(level, parent)
        for col, text, actual in ind_cells:
            quarter = labels[col.index] if col.role == "target_quarter" else None
            ind_rec.values.append(_value(cfg, ind_rec, col.role, col.level, text, lineno, actual, quarter))
        for text, actual in notes:
            ind_rec.values.append(_value(cfg, ind_rec, "note", ind_rec.level, text, lineno, actual))

    if names or others:
        if names:
            level = names[0][0].level
        elif st.block_level is not None and cfg.unnamed_budget == "block_level":
            level = st.block_level
        else:
            raise LayoutMismatch(lineno, "a name column filled beside the budget", others[0][1])
        rec = st.new_record(level, parent)
        for col, text, actual in names + others:
            rec.values.append(_value(cfg, rec, col.role, level, text, lineno, actual))


def _value(
    cfg: _Config,
    rec: _Record,
    role: str,
    level: str | None,
    text: str,
    lineno: int,
    column: int,
    quarter: str | None = None,
) -> LandedValue:
    return LandedValue(
        table_id=cfg.table_id,
        record_no=rec.record_no,
        level=level,
        role=role,
        text=text,
        line=lineno,
        column=column,
        parent_record_no=rec.parent,
        quarter_label=quarter,
    )


def extract(lines: list[str], spec: dict[str, Any]) -> list[LandedValue]:
    """Land every label and figure of the document's kolom_triwulan table (see the module docstring)."""
    try:
        cfg = _Config.from_spec(spec)
    except (KeyError, TypeError, ValueError, re.error) as exc:  # a broken spec quarantines, never crashes a run
        raise LayoutMismatch(None, f"a valid {FAMILY} layout spec ({type(exc).__name__}: {exc})") from exc
    start = _find_header(lines, cfg)
    width, labels = _read_header(lines, start, cfg)
    st = _State()
    i = start + cfg.header_rows
    while i < len(lines):
        line = lines[i]
        lineno = i + 1
        i += 1
        if is_blank(line) or any(rx.search(line) for rx in cfg.skip_rxs):
            continue
        if any(rx.search(line) for rx in cfg.end_rxs):
            break
        if cfg.start_rx.search(line):  # the header repeated on a new page
            _read_header(lines, i - 1, cfg)
            i += cfg.header_rows - 1
            continue
        if "\t" not in line:
            raise LayoutMismatch(lineno, f"a table row of {width} cells, a blank line or the end of the table", line)
        cs = cells(line)
        if not any(cs):
            continue
        _row(_place(cs, width, lineno, line, cfg), lineno, labels, st, cfg)
    if not st.records:
        raise LayoutMismatch(start + cfg.header_rows + 1, "at least one data row after the header", None)
    return [v for rec in st.records for v in rec.values]
