"""Layout family `tabel_per_triwulan`: one action-plan table per quarter, plus the budget / target tables.

The spec lists the tables to land (``tables:``), each with a ``kind``:

- ``budget_summary``, ``budget_history``, ``multi_year_targets``, ``renja_sasaran_budget``: grid tables read
  by :func:`rekap.layouts.budget_tables.read_grid_table` (column roles declared in the spec);
- ``prose_amounts``: amounts stated in a sentence, :func:`rekap.layouts.budget_tables.read_prose_amounts`;
- ``quarterly_action_plan``: one quarter's action-plan table, read here.

Quarterly tables come out of PDF extraction with shifted columns (rows starting one or two cells early,
program rows printed in the kegiatan columns, a quarter label printed before its program). Rows are therefore
not read by position: each row's non-empty cells are classified by content with the regexes in the spec
(``tokens``), and the row is parsed as a sequence of

    [row_no] group* [aksi] tick*      where  group = name indicator [quarter-label target]

(a quarter/target pair printed *before* a group's name belongs to that group). The level of a group comes from
the spec: the first group of a numbered row is the ``head_level`` (sasaran); the others by ``name_levels`` rules
on the name (prefixes "Program", "Kegiatan", "Sub Kegiatan", default sub kegiatan). Parents follow ``hierarchy``.
Nothing about a particular document is written here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rekap.landing.values import LandedValue
from rekap.layouts.budget_tables import (
    find_start,
    match_header,
    read_grid_table,
    read_prose_amounts,
    table_rows,
)
from rekap.layouts.errors import LayoutMismatch

VERSION = "1"

GRID_KINDS = {"budget_summary", "budget_history", "multi_year_targets", "renja_sasaran_budget"}


def extract(lines: list[str], spec: dict[str, Any]) -> list[LandedValue]:
    out: list[LandedValue] = []
    for table in spec.get("tables", []):
        kind = table.get("kind")
        if kind in GRID_KINDS:
            out.extend(read_grid_table(lines, table))
        elif kind == "prose_amounts":
            out.extend(read_prose_amounts(lines, table))
        elif kind == "quarterly_action_plan":
            out.extend(read_quarterly_table(lines, table, spec.get("quarterly", {})))
        else:
            raise ValueError(f"spec table {table.get('id')!r}: unknown kind {kind!r}")
    return out


# ------------------------------------------------------------------------------------------ quarterly tables


@dataclass
class Tok:
    kind: str  # N (bare number), T (text), P (quarter label + target), G (target alone), V (tick)
    col: int
    text: str
    col2: int | None = None  # P: column of the target
    text2: str | None = None


@dataclass
class Group:
    name: Tok
    indicator: Tok | None = None
    pair: Tok | None = None


@dataclass
class Row:
    row_no: Tok | None = None
    groups: list[Group] = field(default_factory=list)
    aksi_no: Tok | None = None
    aksi: Tok | None = None
    ticks: list[Tok] = field(default_factory=list)


def _rx(conf: dict[str, Any], key: str) -> re.Pattern[str]:
    return re.compile(conf[key])


def tokenize(cs: list[str], conf: dict[str, Any]) -> list[Tok]:
    tw, target, number, tick = (_rx(conf["tokens"], k) for k in ("quarter", "target", "number", "tick"))
    filled = [(c, t) for c, t in enumerate(cs) if t]
    toks: list[Tok] = []
    k = 0
    while k < len(filled):
        c, t = filled[k]
        nxt = filled[k + 1] if k + 1 < len(filled) else None
        if tick.fullmatch(t):
            toks.append(Tok("V", c, t))
        elif tw.fullmatch(t) and nxt is not None and nxt[0] == c + 1 and target.fullmatch(nxt[1]):
            toks.append(Tok("P", c, t, nxt[0], nxt[1]))
            k += 1
        elif target.fullmatch(t):
            toks.append(Tok("G", c, t))
        elif number.fullmatch(t):
            toks.append(Tok("N", c, t))
        else:
            toks.append(Tok("T", c, t))
        k += 1
    return toks


def parse_row(toks: list[Tok], line_no: int, raw: str, tid: str) -> Row:
    """Parse one row's tokens: [N T T ...] row_no; (T T [P|G])*; [N T | T] aksi; V* ticks."""
    row = Row()
    kinds = "".join(t.kind for t in toks)
    grammar = "[N] (nama indikator [target triwulan])* [nomor-aksi] [aksi] tanda*"

    def fail() -> LayoutMismatch:
        return LayoutMismatch(line_no, f"tabel {tid!r}: baris berbentuk {grammar}", raw)

    i = 0
    # row number of the head item: a number followed by a name and an indicator
    if kinds.startswith("NTT"):
        row.row_no = toks[0]
        i = 1
    pending: Tok | None = None
    while i < len(toks):
        k = toks[i].kind
        rest = kinds[i:]
        if k in "PG":
            if row.groups and row.groups[-1].pair is None and row.groups[-1].indicator is not None and pending is None:
                row.groups[-1].pair = toks[i]
            elif pending is None and (row.aksi is None):
                pending = toks[i]
            else:
                raise fail()
            i += 1
        elif rest.startswith("TT"):
            g = Group(toks[i], toks[i + 1], pending)
            pending = None
            row.groups.append(g)
            i += 2
        elif k == "N" and rest[1:2] == "T" and set(rest[2:]) <= {"V"}:
            row.aksi_no, row.aksi = toks[i], toks[i + 1]
            i += 2
        elif k == "T" and set(rest[1:]) <= {"V"}:
            row.aksi = toks[i]
            i += 1
        elif k == "V":
            if row.aksi is None:
                raise fail()
            row.ticks.append(toks[i])
            i += 1
        else:
            raise fail()
    if pending is not None:
        raise fail()
    return row


def read_quarterly_table(lines: list[str], table: dict[str, Any], shared: dict[str, Any]) -> list[LandedValue]:
    conf = {**shared, **table}
    tid = table["id"]
    start, m = find_start(lines, table)
    numerals = conf["quarter_numerals"]  # e.g. {I: I, II: II, ...}: title numeral -> label
    title_q = m.groupdict().get("quarter")
    if title_q is None or title_q not in numerals:
        raise LayoutMismatch(start + 1, f"tabel {tid!r}: angka triwulan pada judul ({sorted(numerals)})", lines[start])
    table_quarter = str(numerals[title_q])
    year = m.groupdict().get("year_label")
    _, begin = match_header(lines, start, conf)
    hierarchy: list[str] = conf["hierarchy"]
    head_level: str = conf["head_level"]
    aksi_level: str = conf["aksi_level"]
    name_levels = [(re.compile(r["match"]) if "match" in r else None, r["level"]) for r in conf["name_levels"]]
    tick_quarter = conf.get("tick_quarter", "table_title")

    out: list[LandedValue] = []
    record_no = 0
    open_rec: dict[str, int] = {}

    def new_record(level: str) -> tuple[int, int | None]:
        nonlocal record_no
        record_no += 1
        pos = hierarchy.index(level)
        parent = None
        for up in reversed(hierarchy[:pos]):
            if up in open_rec:
                parent = open_rec[up]
                break
        for lower in hierarchy[pos:]:
            open_rec.pop(lower, None)
        open_rec[level] = record_no
        return record_no, parent

    def land(rec: int, parent: int | None, level: str, role: str, tok_text: str, line: int, col: int, q=None):
        out.append(
            LandedValue(
                table_id=tid,
                record_no=rec,
                level=level,
                role=role,
                text=tok_text,
                line=line,
                column=col,
                parent_record_no=parent,
                quarter_label=q,
                year_label=year,
            )
        )

    rows = 0
    for i, cs in table_rows(lines, begin, conf):
        rows += 1
        line = i + 1
        row = parse_row(tokenize(cs, conf), line, lines[i], tid)
        for g_idx, g in enumerate(row.groups):
            if g_idx == 0 and row.row_no is not None:
                level = head_level
            else:
                level = next(lv for rx, lv in name_levels if rx is None or rx.search(g.name.text))
            rec, parent = new_record(level)
            if g_idx == 0 and row.row_no is not None:
                land(rec, parent, level, "row_no", row.row_no.text, line, row.row_no.col)
            land(rec, parent, level, "name", g.name.text, line, g.name.col)
            if g.indicator is not None:
                land(rec, parent, level, "indicator", g.indicator.text, line, g.indicator.col)
            if g.pair is not None:
                if g.pair.kind == "P":
                    land(rec, parent, level, "target_quarter", g.pair.text2 or "", line, g.pair.col2 or 0, g.pair.text)
                else:
                    land(rec, parent, level, "target_quarter", g.pair.text, line, g.pair.col, table_quarter)
        if row.aksi is not None:
            rec, parent = new_record(aksi_level)
            if row.aksi_no is not None:
                land(rec, parent, aksi_level, "row_no", row.aksi_no.text, line, row.aksi_no.col)
            land(rec, parent, aksi_level, "name", row.aksi.text, line, row.aksi.col)
            for t in row.ticks:
                if tick_quarter == "table_title":
                    q = table_quarter
                else:  # "after_aksi": schedule slots I..IV start `tick_offset` cells after the aksi text
                    slot = t.col - row.aksi.col - int(conf.get("tick_offset", 1))
                    labels = conf["schedule_labels"]
                    if not 0 <= slot < len(labels):
                        raise LayoutMismatch(line, f"tabel {tid!r}: tanda centang di salah satu kolom jadwal", lines[i])
                    q = labels[slot]
                land(rec, parent, aksi_level, "schedule_mark", t.text, line, t.col, q)
    if rows == 0:
        raise LayoutMismatch(begin + 1 if begin < len(lines) else None, f"tabel {tid!r}: setidaknya satu baris data")
    return out
