"""Layout family ``baris_triwulan``: one hierarchical table with quarterly targets in rows or inline.

The table holds the hierarchy side by side in column groups (e.g. sasaran | program | kegiatan/sub kegiatan),
one header row repeated after every page break, and quarterly targets written either one quarter per row (a
label cell "TW. 1" followed by a value cell) or inline in one cell ("TW 1 : 0 Orang TW 2 : 20 Orang ...").
Rows cut by a page break continue on the first row after the repeated header.

Everything document-specific (header, column titles and roles, markers, quarter notations, end of table) comes
from the spec; see specs/luwu_timur_rencana_aksi.yml for the keys and the rules they switch on. The adapter is
pure: it never reads files and never converts a number; every landed text is a verbatim cell or a verbatim
substring of one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rekap.landing.values import LandedValue
from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.textfile import cells as split_cells

VERSION = "1"


@dataclass
class _Record:
    no: int
    kind: str
    parent: _Record | None
    first_line: int
    level: str | None = None
    quarters: set[int] = field(default_factory=set)
    marker: str | None = None  # first numbering marker seen in its name fragments
    marker_pos: tuple[int, int] | None = None  # (line, column) of that marker
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
    row_quarters: list[tuple[int, str]]  # (number, label) of the quarter labels on the same row


@dataclass
class _Quarter:
    n: int
    label: str
    value: str
    column: int


class _Spec:
    """The spec's keys, compiled once; a missing or malformed key is a spec error (ValueError)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        try:
            self.table_id = str(spec["table_id"])
            self.title_rx = re.compile(spec["title_regex"]) if spec.get("title_regex") else None
            self.header_rx = re.compile(spec["header_regex"])
            self.end_rx = re.compile(spec["end_regex"])
            self.hierarchy: list[str] = list(spec["hierarchy"])
            self.columns = [
                (re.compile(c["title"]), str(c["kind"]), str(c["role"])) for c in spec["columns"]
            ]
            self.trailing = [(re.compile(t["title"]), str(t["role"])) for t in spec["trailing"]]
            self.value_rx = re.compile(spec["value_regex"])
            self.name_markers = {k: re.compile(v) for k, v in (spec.get("name_markers") or {}).items()}
            il = spec["item_levels"]
            self.item_marker_levels = [(re.compile(m["regex"]), str(m["level"])) for m in il["markers"]]
            self.unmarked_rule = str(il["unmarked"])
            q = spec["quarters"]
            self.q_label_rx = re.compile(q["label_regex"])
            self.q_inline_rx = re.compile(q["inline_regex"])
            self.q_numbers: list[int] = [int(n) for n in q["numbers"]]
            st = spec.get("split_targets") or {}
            self.split_kinds: set[str] = set(st.get("kinds") or [])
            self.split_min_rows = int(st.get("min_quarter_rows", 2))
            self.continuation = str(spec.get("continuation") or "")
        except (KeyError, TypeError) as exc:
            raise ValueError(f"baris_triwulan spec is missing or has a malformed key: {exc}") from exc
        except re.error as exc:
            raise ValueError(f"baris_triwulan spec has an invalid regex: {exc}") from exc
        if self.unmarked_rule != "first_under_parent_else_last":
            raise ValueError(f"unknown item_levels.unmarked rule {self.unmarked_rule!r}")
        if self.continuation not in ("", "first_row_after_page_header_if_item_incomplete"):
            raise ValueError(f"unknown continuation rule {self.continuation!r}")
        kinds = {k for _, k, _ in self.columns}
        if not kinds <= set(self.hierarchy):
            raise ValueError(f"column kinds {sorted(kinds - set(self.hierarchy))} are not in hierarchy")
        self.item_kind = self.hierarchy[-1]
        self.header_text = " | ".join(rx.pattern.strip("^$") for rx, _, _ in self.columns)


def _label(raw: str) -> str:
    """Verbatim quarter label with surrounding whitespace and a trailing colon stripped."""
    return raw.strip().rstrip(":").strip()


def _is_table_row(line: str) -> bool:
    return "\t" in line


def extract(lines: list[str], spec: dict[str, Any]) -> list[LandedValue]:
    s = _Spec(spec)
    n_pos = len(s.columns)
    max_q = len(s.q_numbers)

    # ---- locate the table: title, first header, end line --------------------------------------------------
    header_idx: int | None = None
    title_seen = s.title_rx is None
    for i, line in enumerate(lines):
        if s.header_rx.search(line):
            header_idx = i
            break
        if _is_table_row(line) and line.strip():
            raise LayoutMismatch(i + 1, f"the table header ({s.header_text}) before the first table row", line)
        if s.title_rx is not None and s.title_rx.search(line):
            title_seen = True
    if header_idx is None:
        raise LayoutMismatch(None, f"a table header matching {s.header_rx.pattern!r}")
    if not title_seen:
        raise LayoutMismatch(header_idx + 1, f"the table title ({s.title_rx.pattern!r}) above the header")

    records: list[_Record] = []
    pending: list[_Pending] = []
    candidates: list[_TargetCandidate] = []
    current: dict[str, _Record | None] = {k: None for k in s.hierarchy}

    def new_record(kind: str, line_no: int) -> _Record:
        depth = s.hierarchy.index(kind)
        parent = current[s.hierarchy[depth - 1]] if depth > 0 else None
        if depth > 0 and parent is None:
            raise LayoutMismatch(line_no, f"a {s.hierarchy[depth - 1]} row before the first {kind}")
        rec = _Record(len(records) + 1, kind, parent, line_no)
        records.append(rec)
        current[kind] = rec
        for lower in s.hierarchy[depth + 1:]:
            current[lower] = None
        return rec

    def check_header(line_no: int, row: list[str]) -> None:
        for c, (rx, _, _) in enumerate(s.columns):
            if c >= len(row) or not rx.search(row[c]):
                raise LayoutMismatch(line_no, f"header column {c} titled {rx.pattern!r}", row[c] if c < len(row) else None)
        rest = [t for t in row[n_pos:] if t]
        for rx, _ in s.trailing:
            if not any(rx.search(t) for t in rest):
                raise LayoutMismatch(line_no, f"a header title {rx.pattern!r} right of the fixed columns", " | ".join(rest))

    def marker_in(kind: str, text: str) -> re.Match[str] | None:
        rx = s.name_markers.get(kind)
        return rx.search(text) if rx is not None else None

    def parse_quarters(line_no: int, row: list[str]) -> tuple[list[_Quarter], set[int], dict[int, str]]:
        """Quarter cells of a row: (quarters, consumed columns, {column: text before first inline label})."""
        quarters: list[_Quarter] = []
        consumed: set[int] = set()
        prefixes: dict[int, str] = {}

        def next_value(after: int, label: str) -> tuple[int, str]:
            for j in range(after + 1, len(row)):
                if j in consumed or not row[j]:
                    continue
                if s.q_label_rx.fullmatch(row[j]) or not s.value_rx.search(row[j]):
                    break
                return j, row[j]
            raise LayoutMismatch(line_no, f"a quarter value after the label {label!r}", row[after])

        def check_n(n: int, label: str) -> int:
            if n not in s.q_numbers:
                raise LayoutMismatch(line_no, f"a quarter label numbered {s.q_numbers}", label)
            return n

        for c, text in enumerate(row):
            if c in consumed or not text:
                continue
            m = s.q_label_rx.fullmatch(text)
            if m:
                label = _label(text)
                n = check_n(int(m.group("n")), label)
                consumed.add(c)
                j, value = next_value(c, label)
                consumed.add(j)
                quarters.append(_Quarter(n, label, value, j))
                continue
            hits = list(s.q_inline_rx.finditer(text))
            if not hits:
                continue
            consumed.add(c)
            prefix = text[: hits[0].start()].strip()
            if prefix:
                prefixes[c] = prefix
            for k, h in enumerate(hits):
                label = _label(h.group(0))
                n = check_n(int(h.group("n")), label)
                end = hits[k + 1].start() if k + 1 < len(hits) else len(text)
                value = text[h.end():end].strip()
                col = c
                if not value:
                    if k + 1 < len(hits):
                        raise LayoutMismatch(line_no, f"a value after the inline quarter label {label!r}", text)
                    col, value = next_value(c, label)
                    consumed.add(col)
                elif not s.value_rx.search(value):
                    raise LayoutMismatch(line_no, f"a figure after the inline quarter label {label!r}", value)
                quarters.append(_Quarter(n, label, value, col))
        return quarters, consumed, prefixes

    # ---- walk the table ---------------------------------------------------------------------------------
    check_header(header_idx + 1, split_cells(lines[header_idx]))
    after_page_header = False
    end_idx: int | None = None
    for i in range(header_idx + 1, len(lines)):
        line_no = i + 1
        line = lines[i]
        if s.end_rx.search(line):
            end_idx = i
            break
        if not line.strip():
            continue
        if s.header_rx.search(line):
            check_header(line_no, split_cells(line))
            after_page_header = True
            continue
        if not _is_table_row(line):
            raise LayoutMismatch(line_no, "a table row (tab-separated cells), a page header or the end-of-table line", line)

        row = split_cells(line)
        quarters, consumed, prefixes = parse_quarters(line_no, row)

        # positional cells: {column: (kind, role, text)}
        positional: dict[int, tuple[str, str, str]] = {}
        for c, (_, kind, role) in enumerate(s.columns):
            if c >= len(row):
                break
            text = prefixes.get(c) if c in consumed else row[c]
            if text:
                positional[c] = (kind, role, text)
        trailing_cells = [(c, row[c]) for c in range(n_pos, len(row)) if row[c] and c not in consumed]
        for c in prefixes:
            if c >= n_pos:
                raise LayoutMismatch(line_no, "inline quarter labels at the start of a cell right of the fixed columns", row[c])

        # does this row continue the rows cut by the page break?
        item = current[s.item_kind]
        continuing = False
        if after_page_header and s.continuation and item is not None and len(item.quarters) < max_q:
            row_marker = None
            for c, (kind, role, text) in positional.items():
                if kind == s.item_kind and role == "name":
                    m = marker_in(kind, text)
                    row_marker = m.group(0) if m else None
            continuing = not (row_marker and item.marker and row_marker != item.marker)
        after_page_header = False

        # open new records (top down) unless continuing
        if not continuing:
            for kind in s.hierarchy:
                if any(k == kind and r in ("name", "row_no") for k, r, _ in positional.values()):
                    new_record(kind, line_no)

        for c, (kind, role, text) in sorted(positional.items()):
            rec = current[kind]
            if rec is None:
                raise LayoutMismatch(line_no, f"a {kind} name before its {role} cell in column {c}", text)
            if role.startswith("target"):
                if not s.value_rx.search(text):
                    raise LayoutMismatch(line_no, f"a figure in the {kind} target column {c}", text)
                if kind in s.split_kinds:
                    candidates.append(_TargetCandidate(rec, text, line_no, c, [(q.n, q.label) for q in quarters]))
                    continue
            pending.append(_Pending(rec, role, text, line_no, c))
            if role == "name":
                m = marker_in(kind, text)
                if m and rec.marker is None:
                    rec.marker, rec.marker_pos = m.group(0), (line_no, c)
                    pending.append(_Pending(rec, "row_no", m.group(0), line_no, c))

        if quarters or trailing_cells:
            rec = current[s.item_kind]
            if rec is None:
                raise LayoutMismatch(line_no, f"a {s.item_kind} name before its quarter or {s.trailing[0][1]} cells", line)
            for q in quarters:
                if q.n in rec.quarters:
                    raise LayoutMismatch(line_no, f"each quarter once per {s.item_kind} (quarter {q.n} repeats)", q.label)
                rec.quarters.add(q.n)
                pending.append(_Pending(rec, "target_quarter", q.value, line_no, q.column, q.label))
            if len(trailing_cells) > len(s.trailing):
                raise LayoutMismatch(line_no, f"at most {len(s.trailing)} cells right of the quarter cells",
                                     " | ".join(t for _, t in trailing_cells))
            for (c, text), (_, role) in zip(trailing_cells, s.trailing):
                if s.value_rx.search(text):
                    raise LayoutMismatch(line_no, f"a quarter label before the figure in column {c}", text)
                pending.append(_Pending(rec, role, text, line_no, c))

    if end_idx is None:
        raise LayoutMismatch(len(lines), f"the end-of-table line matching {s.end_rx.pattern!r}")

    # ---- targets of higher levels split by quarter ----------------------------------------------------------
    by_record: dict[int, list[_TargetCandidate]] = {}
    for cand in candidates:
        by_record.setdefault(cand.record.no, []).append(cand)
    for group in by_record.values():
        single = [c for c in group if len(c.row_quarters) == 1]
        split = len(single) >= s.split_min_rows
        seen: set[int] = set()
        for cand in group:
            if split and len(cand.row_quarters) == 1:
                n, label = cand.row_quarters[0]
                if n in seen:
                    raise LayoutMismatch(cand.line, f"each quarter once per {cand.record.kind} target", label)
                seen.add(n)
                pending.append(_Pending(cand.record, "target_quarter", cand.text, cand.line, cand.column, label))
            else:
                pending.append(_Pending(cand.record, "target_annual", cand.text, cand.line, cand.column))

    # ---- levels and parents ---------------------------------------------------------------------------------
    last_kegiatan: dict[int, _Record] = {}  # program record no -> its latest first-level item
    item_levels_ordered = [lvl for _, lvl in s.item_marker_levels]
    for rec in records:
        if rec.kind != s.item_kind:
            rec.level = rec.kind
            rec.resolved_parent = rec.parent
            continue
        assert rec.parent is not None
        level = None
        if rec.marker is not None:
            for rx, lvl in s.item_marker_levels:
                if rx.search(rec.marker):
                    level = lvl
                    break
            if level is None:
                raise LayoutMismatch(rec.marker_pos[0] if rec.marker_pos else rec.first_line,
                                     "an item marker matching item_levels.markers", rec.marker)
        else:  # first_under_parent_else_last
            level = item_levels_ordered[0] if rec.parent.no not in last_kegiatan else item_levels_ordered[-1]
        rec.level = level
        if level == item_levels_ordered[0]:
            rec.resolved_parent = rec.parent
            last_kegiatan[rec.parent.no] = rec
        else:
            if rec.parent.no not in last_kegiatan:
                raise LayoutMismatch(rec.first_line, f"a {item_levels_ordered[0]} before this {level}")
            rec.resolved_parent = last_kegiatan[rec.parent.no]

    pending.sort(key=lambda p: (p.line, p.column, p.record.no))
    return [
        LandedValue(
            table_id=s.table_id,
            record_no=p.record.no,
            level=p.record.level,
            role=p.role,
            text=p.text,
            line=p.line,
            column=p.column,
            parent_record_no=p.record.resolved_parent.no if p.record.resolved_parent else None,
            quarter_label=p.quarter_label,
        )
        for p in pending
    ]
