"""Generic readers for the small grid tables and prose sentences that carry budgets and multi-year targets.

Reusable by any family whose documents carry tables like "Tahun | Uraian | Pagu Awal | Pagu Perubahan",
Renstra target tables (one column per year) or Renja sasaran tables (sasaran | indikator | pagu | share),
and sentences that state amounts ("... sebesar Rp. 24.994.979.377,15,- ...").

Everything particular to a document lives in the spec (regexes, column indices, level rules); nothing here
knows a document's wording. No number is converted: every value is the verbatim (stripped) cell or, for
prose, the verbatim matched substring.

Grid table spec (one entry of ``tables``)::

    id: anggaran_history            # table_id of the landed values
    kind: budget_history            # budget_summary | budget_history | multi_year_targets | renja_sasaran_budget
    start: '<regex>'                # re.search on the raw line that starts the table (caption or header)
    occurrence: 1                   # which match of `start` (1-based), default 1
    labels: {year_label: '2023'}    # optional fixed labels for every value of the table
    header:                         # regexes of the header rows, in order; blank lines between are skipped
      - '<regex>'                   # the first one is searched within `header_within` lines after `start`
    header_within: 0                # 0 = the start line itself is the first header row
    year_header_row: 1              # optional: 0-based index into `header`; cells with a year label columns
    skip: ['<regex>', ...]          # rows inside the table that are not data (column numbers, separators)
    min_cells: 3                    # a non-blank line with fewer tab cells ends the table
    end: ['<regex>', ...]           # lines that end the table (checked before min_cells)
    carry:                          # columns whose value labels the row and is carried down while blank
      - {column: 0, label: year_label, pattern: '^(19|20)\\d{2}$'}
    entities:                       # the logical items of one row, in hierarchy order
      - level: belanja              # fixed level, or `levels` (first matching rule on the name cell)
        levels: [{match: '^Total', level: agency}, {level: belanja}]
        child_pattern: '^\\d+\\.'   # a name matching it is a child of the last record without it
        parent: tujuan              # parent = latest record of that level (entity in the same/earlier row)
        continuation: true          # a row with this entity's name cell blank continues the last named one
        cells:
          - {column: 1, role: name}
          - {column: 2, role: budget, version_label: pagu_awal}
          - {columns: [4, 5, 6, 7], role: target_year, year_from_header: true}
          - {column: 5, role: budget_share_pct, year_from_header: true}

Prose spec::

    id: ringkasan_anggaran
    kind: prose_amounts
    start: '<regex>'                # the line(s) to read: every line matching it (or `lines_within` after)
    labels_regex: '<regex with named groups year_label / quarter_label / version_label>'
    patterns:                       # each match lands one record; groups named after roles are values
      - level: agency
        regex: 'sebesar Rp\\.?\\s*(?P<budget>...)'
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from rekap.landing.values import ROLES, LandedValue
from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.textfile import cells, is_blank

LABEL_NAMES = ("year_label", "quarter_label", "version_label")
YEAR_IN_HEADER = re.compile(r"\b((?:19|20)\d{2})\b")
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


# ----------------------------------------------------------------------------------------------- helpers


def find_start(lines: list[str], table: dict[str, Any]) -> tuple[int, re.Match[str]]:
    """Index of the line matching the table's `start` regex (its `occurrence`-th match)."""
    rx = re.compile(table["start"])
    wanted = int(table.get("occurrence", 1))
    seen = 0
    for i, line in enumerate(lines):
        m = rx.search(line)
        if m:
            seen += 1
            if seen == wanted:
                return i, m
    raise LayoutMismatch(
        None, f"tabel {table['id']!r}: baris yang cocok dengan {table['start']!r} (kemunculan ke-{wanted})"
    )


def start_labels(match: re.Match[str]) -> dict[str, str]:
    return {k: v for k, v in match.groupdict().items() if k in LABEL_NAMES and v is not None}


def next_nonblank(lines: list[str], i: int) -> int:
    while i < len(lines) and is_blank(lines[i]):
        i += 1
    return i


def match_header(lines: list[str], start: int, table: dict[str, Any]) -> tuple[list[int], int]:
    """Locate the header rows declared in the spec. Returns (indices of header lines, index after them)."""
    header = list(table.get("header") or [])
    if not header:
        return [], start + 1
    within = int(table.get("header_within", 0))
    first = re.compile(header[0])
    found = None
    for i in range(start, min(len(lines), start + within + 1)):
        if first.search(lines[i]):
            found = i
            break
    if found is None:
        j = next_nonblank(lines, start + 1) if within else start
        raise LayoutMismatch(
            min(j, len(lines) - 1) + 1 if lines else None,
            f"tabel {table['id']!r}: baris kepala yang cocok dengan {header[0]!r} dalam {within} baris dari baris {start + 1}",
            lines[j] if j < len(lines) else None,
        )
    idx = [found]
    i = found + 1
    for rx in header[1:]:
        i = next_nonblank(lines, i)
        if i >= len(lines) or not re.search(rx, lines[i]):
            raise LayoutMismatch(
                i + 1 if i < len(lines) else None,
                f"tabel {table['id']!r}: baris kepala yang cocok dengan {rx!r}",
                lines[i] if i < len(lines) else None,
            )
        idx.append(i)
        i += 1
    return idx, i


def header_years(lines: list[str], header_idx: list[int], table: dict[str, Any]) -> dict[int, str]:
    """Column -> year written in the header row named by `year_header_row` (verbatim 4 digits)."""
    row = table.get("year_header_row")
    if row is None:
        return {}
    out: dict[int, str] = {}
    for col, cell in enumerate(cells(lines[header_idx[int(row)]])):
        m = YEAR_IN_HEADER.search(cell)
        if m:
            out[col] = m.group(1)
    return out


def table_rows(lines: list[str], begin: int, table: dict[str, Any]) -> Iterable[tuple[int, list[str]]]:
    """Yield (line index, cells) of the table's data rows from `begin` until the table ends."""
    min_cells = int(table.get("min_cells", 2))
    end = [re.compile(p) for p in table.get("end", [])]
    skip = [re.compile(p) for p in table.get("skip", [])]
    i = begin
    while i < len(lines):
        line = lines[i]
        if is_blank(line):
            i += 1
            continue
        if any(p.search(line) for p in end):
            return
        cs = cells(line)
        if len(cs) < min_cells:
            return
        if not any(p.search(line) for p in skip):
            yield i, cs
        i += 1


def cell_at(cs: list[str], col: int) -> str:
    return cs[col] if col < len(cs) else ""


def level_for(entity: dict[str, Any], name: str, table_id: str, line: int) -> str:
    if "level" in entity:
        return entity["level"]
    for rule in entity.get("levels", []):
        if "match" not in rule or re.search(rule["match"], name):
            return rule["level"]
    raise LayoutMismatch(line, f"tabel {table_id!r}: nama yang cocok dengan salah satu aturan tingkat", name)


# --------------------------------------------------------------------------------------------- grid tables


def read_grid_table(lines: list[str], table: dict[str, Any]) -> list[LandedValue]:
    """Read one grid table (budget summary / history, multi-year targets, Renja sasaran budget)."""
    tid = table["id"]
    start, m = find_start(lines, table)
    labels = {**start_labels(m), **{k: str(v) for k, v in (table.get("labels") or {}).items()}}
    header_idx, begin = match_header(lines, start, table)
    years = header_years(lines, header_idx, table)
    carry_specs = table.get("carry", [])
    carried: dict[str, str] = {}
    out: list[LandedValue] = []
    record_no = 0
    latest: dict[str, int] = {}  # level -> latest record_no
    last_named: dict[int, int] = {}  # entity index -> last record whose name cell was filled
    last_top: dict[int, int] = {}  # entity index -> last record not matching child_pattern
    rows = 0
    for i, cs in table_rows(lines, begin, table):
        rows += 1
        row_labels = dict(labels)
        for c in carry_specs:
            v = cell_at(cs, int(c["column"]))
            if v:
                if "pattern" in c and not re.search(c["pattern"], v):
                    raise LayoutMismatch(
                        i + 1, f"tabel {tid!r}: kolom {c['column']} yang cocok dengan {c['pattern']!r}", v
                    )
                carried[c["label"]] = v
            if c["label"] in carried:
                row_labels[c["label"]] = carried[c["label"]]
        for e_idx, entity in enumerate(table["entities"]):
            present = []
            for cell_spec in entity["cells"]:
                cols = cell_spec.get("columns", [cell_spec.get("column")])
                for col in cols:
                    text = cell_at(cs, int(col))
                    if text:
                        present.append((cell_spec, int(col), text))
            if not present:
                continue
            name_spec = next((c for c in entity["cells"] if c["role"] == "name"), None)
            name = cell_at(cs, int(name_spec["column"])) if name_spec else ""
            record_no += 1
            parent = None
            if "parent" in entity:
                parent = latest.get(entity["parent"])
            level = None
            if name or "level" in entity:
                level = level_for(entity, name, tid, i + 1)
            if entity.get("child_pattern") and name and re.search(entity["child_pattern"], name):
                parent = last_top.get(e_idx, parent)
            elif name:
                last_top[e_idx] = record_no
            if entity.get("continuation") and name_spec and not name:
                if e_idx not in last_named:
                    raise LayoutMismatch(i + 1, f"tabel {tid!r}: nama di kolom {name_spec['column']}", "")
                parent = last_named[e_idx]
                level = level or level_for(entity, "", tid, i + 1)
            elif name:
                last_named[e_idx] = record_no
            if level is None:
                if name_spec is None:  # no name cell to pick a level rule with, and no fixed level
                    raise LayoutMismatch(
                        i + 1,
                        f"tabel {tid!r}: tingkat tetap (level:) untuk entitas tanpa sel nama",
                        " | ".join(t for _, _, t in present),
                    )
                raise LayoutMismatch(i + 1, f"tabel {tid!r}: nama di kolom {name_spec['column']}", "")
            latest[level] = record_no
            for cell_spec, col, text in present:
                role = cell_spec["role"]
                if role not in ROLES:
                    raise ValueError(f"tabel spesifikasi {tid!r}: peran {role!r} tidak dikenal")
                vl = dict(row_labels)
                if cell_spec.get("version_label"):
                    vl["version_label"] = cell_spec["version_label"]
                if cell_spec.get("year_from_header"):
                    if col not in years:
                        raise LayoutMismatch(
                            header_idx[int(table["year_header_row"])] + 1,
                            f"tabel {tid!r}: tahun di kepala tabel di atas kolom {col}",
                        )
                    vl["year_label"] = years[col]
                out.append(
                    LandedValue(
                        table_id=tid,
                        record_no=record_no,
                        level=level,
                        role=role,
                        text=text,
                        line=i + 1,
                        column=col,
                        parent_record_no=parent,
                        quarter_label=vl.get("quarter_label"),
                        version_label=vl.get("version_label"),
                        year_label=vl.get("year_label"),
                    )
                )
    if rows == 0:
        raise LayoutMismatch(begin + 1 if begin < len(lines) else None, f"tabel {tid!r}: setidaknya satu baris data")
    return out


# ------------------------------------------------------------------------------------------------- prose


def sentence_around(line: str, pos: int) -> tuple[int, str]:
    """(offset, text) of the sentence of `line` containing character `pos`."""
    start = 0
    for m in SENTENCE_SPLIT.finditer(line):
        if m.start() >= pos:
            return start, line[start : m.start()].strip()
        start = m.end()
    return start, line[start:].strip()


def read_prose_amounts(lines: list[str], table: dict[str, Any]) -> list[LandedValue]:
    """Land the amounts stated in prose sentences: every pattern match is one record."""
    tid = table["id"]
    start, _ = find_start(lines, table)
    within = int(table.get("lines_within", 0))
    patterns = table["patterns"]
    fixed = {k: str(v) for k, v in (table.get("labels") or {}).items()}
    labels_rx = re.compile(table["labels_regex"]) if table.get("labels_regex") else None
    out: list[LandedValue] = []
    record_no = 0
    latest: dict[str, int] = {}  # level -> latest record_no (for `parent: <level>`)
    for i in range(start, min(len(lines), start + within + 1)):
        line = lines[i]
        for pat in patterns:
            found = list(re.finditer(pat["regex"], line))
            if not found and pat.get("required", True) and i == start:
                raise LayoutMismatch(i + 1, f"tabel {tid!r}: kalimat yang cocok dengan {pat['regex']!r}", line)
            for m in found:
                record_no += 1
                parent = latest.get(pat["parent"]) if pat.get("parent") else None
                latest[pat["level"]] = record_no
                _, sentence = sentence_around(line, m.start())
                labels = dict(fixed)
                if labels_rx:
                    lm = labels_rx.search(sentence)
                    if lm:
                        labels.update({k: v for k, v in lm.groupdict().items() if k in LABEL_NAMES and v})
                labels.update({k: v for k, v in m.groupdict().items() if k in LABEL_NAMES and v})
                for role, value in m.groupdict().items():
                    if role in LABEL_NAMES or value is None:
                        continue
                    if role not in ROLES:
                        raise ValueError(f"tabel spesifikasi {tid!r}: grup {role!r} bukan peran maupun label")
                    out.append(
                        LandedValue(
                            table_id=tid,
                            record_no=record_no,
                            level=pat["level"],
                            role=role,
                            text=value,
                            line=i + 1,
                            column=m.start(role),
                            parent_record_no=parent,
                            quarter_label=labels.get("quarter_label"),
                            version_label=labels.get("version_label"),
                            year_label=labels.get("year_label"),
                            context=sentence,
                        )
                    )
    return out
