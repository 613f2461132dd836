"""Map every column of a table to (level, role), from its header title and the vocabulary; a spec overrides.

Inference: a title naming a role ("INDIKATOR", "TARGET", "ANGGARAN", "TRIWULAN I") gives the role; a title naming
only a level ("SASARAN KINERJA", "PROGRAM") is that level's name column. A role column whose title names no level
belongs to the group of the nearest name column on its left (a leading "NO" to the first one on its right),
except budget, officer and note columns: they belong to whichever item the row names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from rekap.tables.header import Header
from rekap.tables.vocabulary import Vocabulary

# Roles whose level is the level of the item the row names, not of the column group they stand in
# (ANGGARAN beside PROGRAM | KEGIATAN | SUB KEGIATAN belongs to whichever of them the row fills).
ROW_LEVEL_ROLES = frozenset({"budget", "budget_realisation", "officer", "note"})
QUARTER_IN_TITLE = re.compile(r"(?i)\b(?:TW|TRIWULAN|TRW)\.?\s*(?:KE\s*)?(IV|I{1,3}|[1-4])\b")


@dataclass(frozen=True)
class Column:
    index: int
    title: str
    level: str | None
    role: str | None  # None: the column could not be placed (its cells are reported, never dropped)
    quarter_label: str | None = None
    quarter: int | None = None
    source: str = "inferred"  # "inferred" | "override"
    year_label: str | None = None  # the year the column's figures are for (years.py)


def infer_columns(voc: Vocabulary, header: Header) -> dict[int, Column]:
    cols: dict[int, Column] = {}
    for j in range(header.width):
        title = header.titles.get(j, "")
        role, level = voc.role_of(title), voc.level_of(title)
        qlabel, q = header.quarter_labels.get(j), header.quarters.get(j)
        if q is None and (m := QUARTER_IN_TITLE.search(title)):
            qlabel, q = m.group(0), voc.numerals[m.group(1).upper()]
        if q is not None and role in (None, "target_annual", "target_quarter"):
            role = "target_quarter"
        if role is None and level is not None:
            role = "name"
        if role == "target_quarter" and q is None:
            role = "target_annual"  # a quarter column whose quarter is not said: inline labels will say it
        cols[j] = Column(j, title, level, role, qlabel if q is not None else None, q)
    name_cols = [c.index for c in cols.values() if c.role == "name" and c.level]
    for j, c in cols.items():
        if c.role is None or c.level is not None or c.role in ROW_LEVEL_ROLES:
            continue
        left = [k for k in name_cols if k < j]
        right = [k for k in name_cols if k > j]
        group = cols[left[-1]].level if left else cols[right[0]].level if right else None
        cols[j] = replace(c, level=group)
    return cols


def apply_overrides(cols: dict[int, Column], overrides: list[dict[str, Any]]) -> dict[int, Column]:
    """A spec's `columns:` entries, by header regex (case-insensitive) or index; role `ignore` unplaces a column."""
    out = dict(cols)
    for o in overrides:
        if o.get("index") is not None:
            targets = [int(o["index"])]
        else:
            rx = re.compile(o["header"], re.IGNORECASE)
            targets = [j for j, c in out.items() if rx.search(c.title)]
        for j in targets:
            c = out.get(j, Column(j, "", None, None))
            role = None if o["role"] == "ignore" else o["role"]
            out[j] = replace(c, role=role, level=o.get("level", c.level), source="override")
    return out
