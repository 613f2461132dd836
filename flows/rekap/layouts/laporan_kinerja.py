"""Layout family `laporan_kinerja`: a performance report (LKj) with Renstra target tables and figures in prose.

Driven entirely by the spec (see specs/lumajang_laporan_kinerja.yml):

* ``tables``: each table is found by its ``start`` line, followed (after up to ``max_preamble`` caption lines) by
  its ``header`` lines; data rows are tab-separated lines until the first non-blank line without a tab that is not
  one of the repeated ``page_header`` lines. Each row is matched against ``rows`` rules (first fit wins); a rule
  yields one or more records, each with a level (fixed, or ``level_by_name``) and a column -> role map, optionally
  ``reanchor``-ed where merged PDF cells shifted the row left. Rows that continue the previous page's last row
  (``continuation``) land as fragments of that record. Parents follow the table's ``hierarchy``: a record's parent
  is the latest record of the nearest higher level still open (a new record closes all deeper levels).
* ``prose``: sections handed to :mod:`rekap.layouts.prose`.

Pure: no I/O, no number conversion. Raises :class:`LayoutMismatch` where the document stops fitting the spec.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rekap.landing.values import LandedValue
from rekap.layouts import prose
from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.textfile import cells, first_match, is_blank

VERSION = "4"


@dataclass(frozen=True, slots=True)
class _Col:
    role: str
    year_label: str | None = None
    quarter_label: str | None = None
    version_label: str | None = None


YEAR_RX = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")


@dataclass(frozen=True)
class _Years:
    """Where a column's year_label comes from: the document itself, never the spec (a spec pins no year)."""

    document: str | None  # the year the document states for itself (spec `document_year`)
    header: tuple[list[str], ...]  # the table's header lines, as cells, top to bottom

    def resolve(self, source: Any) -> str | None:
        if source is None:
            return None
        if source == "document":
            if self.document is None:
                raise ValueError(
                    "year_label: document, tetapi document_year pada spesifikasi tidak cocok dengan baris mana pun"
                )
            return self.document
        if isinstance(source, dict) and "header_column" in source:
            c = int(source["header_column"])
            for row in reversed(self.header):
                m = YEAR_RX.search(_cell(row, c))
                if m:
                    return m.group(1)
            raise ValueError(f"year_label: tahun di kolom kepala {c}, tidak ditemukan")
        raise ValueError(f"year_label harus 'document' atau {{header_column: N}}, tertulis {source!r}")


def _col(v: Any, years: _Years | None = None) -> _Col:
    if isinstance(v, str):
        return _Col(role=v)
    return _Col(
        role=v["role"],
        year_label=years.resolve(v.get("year_label")) if years is not None else None,
        quarter_label=v.get("quarter_label"),
        version_label=v.get("version_label"),
    )


def _cell(row: list[str], c: int) -> str:
    return row[c] if c < len(row) else ""


def _when(cond: dict[str, Any], row: list[str]) -> bool:
    if any(not _cell(row, int(c)) for c in cond.get("nonempty", [])):
        return False
    if any(_cell(row, int(c)) for c in cond.get("empty", [])):
        return False
    if "nonempty_any" in cond and not any(_cell(row, int(c)) for c in cond["nonempty_any"]):
        return False
    return all(re.search(rx, _cell(row, int(c))) for c, rx in (cond.get("match") or {}).items())


def _columns(
    rec: dict[str, Any], row: list[str], line_no: int, line: str, tid: str, years: _Years
) -> tuple[dict[int, _Col], bool]:
    """The record's column -> role map for this row; True when the row was re-anchored."""
    try:
        cols = {int(c): _col(v, years) for c, v in rec["columns"].items()}
    except ValueError as exc:
        raise LayoutMismatch(line_no, f"{tid}: {exc}", line) from exc
    ra = rec.get("reanchor")
    if not ra:
        return cols, False
    for c in range(int(ra["search_from"]), int(ra["name_column"])):
        if _cell(row, c):
            rest = [d for d in range(c + 1, len(row)) if row[d]]
            then = [_col(v) for v in ra["then"]]
            if len(rest) > len(then):
                raise LayoutMismatch(
                    line_no,
                    f"{tid}: baris bergeser dengan nama di kolom {c} dan paling banyak {len(then)} sel sesudahnya",
                    line,
                )
            return {c: _Col("name"), **dict(zip(rest, then, strict=False))}, True
    return cols, False


def _level(rec: dict[str, Any], name: str) -> str:
    if "level" in rec:
        return rec["level"]
    for rule in rec["level_by_name"]:
        if "match" not in rule or re.search(rule["match"], name):
            return rule["level"]
    raise ValueError(f"level_by_name tidak punya aturan cadangan untuk {name!r}")


@dataclass
class _Record:
    record_no: int
    level: str
    parent: int | None
    columns: dict[int, _Col] = field(default_factory=dict)


def _land(tid: str, rec: _Record, cols: dict[int, _Col], row: list[str], line_no: int, out: list[LandedValue]) -> None:
    for c in sorted(cols):
        text = _cell(row, c)
        if not text:  # an empty cell lands nothing
            continue
        col = cols[c]
        out.append(
            LandedValue(
                table_id=tid,
                record_no=rec.record_no,
                level=rec.level,
                role=col.role,
                text=text,
                line=line_no,
                column=c,
                parent_record_no=rec.parent,
                quarter_label=col.quarter_label,
                version_label=col.version_label,
                year_label=col.year_label,
            )
        )


def _find_header(lines: list[str], t: dict[str, Any], start: int) -> tuple[int, tuple[list[str], ...]]:
    """Index of the first line after the table's header lines, and the header lines' cells."""
    tid = t["id"]
    header: list[list[str]] = []
    i = start + 1
    preamble = 0
    max_preamble = int(t.get("max_preamble", 0))
    for k, hrx in enumerate(t.get("header") or []):
        while True:
            if i >= len(lines):
                raise LayoutMismatch(
                    None, f"{tid}: baris kepala tabel yang cocok dengan {hrx!r} setelah baris {start + 1}"
                )
            line = lines[i]
            if is_blank(line):
                i += 1
                continue
            if re.search(hrx, line):
                header.append(cells(line))
                i += 1
                break
            if k == 0 and "\t" not in line and preamble < max_preamble:
                preamble += 1
                i += 1
                continue
            raise LayoutMismatch(i + 1, f"{tid}: baris kepala tabel yang cocok dengan {hrx!r}", line)
    return i, tuple(header)


def _extract_table(lines: list[str], t: dict[str, Any], document_year: str | None = None) -> list[LandedValue]:
    tid = t["id"]
    s = first_match(lines, t["start"])
    if s is None:
        if t.get("required", True):
            raise LayoutMismatch(None, f"tabel {tid}: baris awal yang cocok dengan {t['start']!r}")
        return []
    i, header = _find_header(lines, t, s)
    years = _Years(document_year, header)
    page_header = [re.compile(p) for p in t.get("page_header") or []]
    hierarchy: list[str] = list(t.get("hierarchy") or [])
    cont = t.get("continuation") or {}
    item_name = re.compile(cont["item_name"]) if cont.get("item_name") else None

    out: list[LandedValue] = []
    open_levels: dict[str, int] = {}
    last: _Record | None = None
    record_no = 0
    after_page_header = False
    data_rows = 0
    start = i
    for i in range(start, len(lines)):
        line = lines[i]
        if is_blank(line) or not any(cells(line)) and "\t" in line:
            continue
        if any(rx.search(line) for rx in page_header):
            after_page_header = True
            continue
        if "\t" not in line:
            break  # the table ended
        row = cells(line)
        line_no = i + 1
        rule = next((r for r in t["rows"] if _when(r.get("when") or {}, row)), None)
        if rule is None:
            raise LayoutMismatch(line_no, f"{tid}: baris yang sesuai dengan salah satu aturan baris spesifikasi", line)
        data_rows += 1
        planned = []
        for rec in rule["records"]:
            cols, _ = _columns(rec, row, line_no, line, tid, years)
            name_cols = [c for c, col in cols.items() if col.role == "name"]
            name = _cell(row, name_cols[0]) if name_cols else ""
            planned.append((rec, cols, name))

        # A row continuing the previous record (wrapped across a page break, or without a name of its own).
        if rule.get("may_continue", False) and len(planned) == 1:
            rec, cols, name = planned[0]
            is_cont = not name or (
                cont.get("after_page_header") and after_page_header and item_name and not item_name.search(name)
            )
            if is_cont:
                if last is None:
                    raise LayoutMismatch(line_no, f"{tid}: baris pertama yang membuka butir", line)
                _check_mapped(row, last.columns, tid, line_no, line)
                _land(tid, last, last.columns, row, line_no, out)
                after_page_header = False
                continue
        after_page_header = False

        for rec, cols, name in planned:
            _check_mapped(row, cols, tid, line_no, line, others=[c for _, cc, _ in planned for c in cc])
            record_no += 1
            level = _level(rec, name)
            parent = None
            if level in hierarchy:
                h = hierarchy.index(level)
                parent = next((open_levels[lv] for lv in reversed(hierarchy[:h]) if lv in open_levels), None)
                for lv in hierarchy[h:]:
                    open_levels.pop(lv, None)
                open_levels[level] = record_no
            last = _Record(record_no=record_no, level=level, parent=parent, columns=cols)
            _land(tid, last, cols, row, line_no, out)
    if data_rows == 0:
        raise LayoutMismatch(s + 1, f"tabel {tid}: setidaknya satu baris data", lines[s])
    return out


def _check_mapped(
    row: list[str], cols: dict[int, _Col], tid: str, line_no: int, line: str, others: list[int] | None = None
) -> None:
    """A non-empty cell no role is declared for means the row does not fit the spec: never drop text silently."""
    mapped = set(cols) | set(others or [])
    for c, text in enumerate(row):
        if text and c not in mapped:
            raise LayoutMismatch(
                line_no, f"{tid}: tidak ada sel berisi di luar kolom yang dinyatakan (kolom {c})", line
            )


def _document_year(lines: list[str], spec: dict[str, Any]) -> str | None:
    """The year the document states for itself: group `year` of spec `document_year`, the year stated most often.

    A report names other years too (a five-year Renstra "TAHUN 2018 - 2023" cited before the title), while its own
    year repeats in the title of every page; the latest year breaks a tie."""
    pattern = spec.get("document_year")
    if not pattern:
        return None
    rx = re.compile(pattern)
    years = Counter(m.group("year") for line in lines for m in rx.finditer(line))
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def extract(lines: list[str], spec: dict[str, Any]) -> list[LandedValue]:
    out: list[LandedValue] = []
    document_year = _document_year(lines, spec)
    for t in spec.get("tables") or []:
        out.extend(_extract_table(lines, t, document_year))
    search_from = 0
    previous_end: int | None = None
    for section in spec.get("prose") or []:
        values, end = prose.extract_section(lines, section, search_from=search_from, previous_end=previous_end)
        out.extend(values)
        if end is not None:
            search_from = previous_end = end
    return out
