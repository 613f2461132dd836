"""Budget amounts stated in running text, outside every table: the agency's total ("... mengelola anggaran ...
sebesar Rp. 24.994.979.377,15,-") and its classes of spending in the same sentence ("dengan rincian belanja
Operasi sebesar Rp. ..."). Patterns are reference data (vocabulary.yml `prose_amounts`). Each amount is landed
verbatim at its character offset in the line, with its sentence as context; a class of spending is a child of
the total stated before it in the same line.
"""

from __future__ import annotations

import functools
import re

from rekap.tables.cells import LandedValue
from rekap.tables.grid import Row
from rekap.tables.header import YEAR_RX
from rekap.tables.vocabulary import vocabulary_data

SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(])")


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    d = vocabulary_data()["prose_amounts"]
    return (
        re.compile(d["agency"].replace("{amount}", d["amount"])),
        re.compile(d["belanja"].replace("{amount}", d["amount"])),
    )


def sentence_around(line: str, pos: int) -> str:
    """The sentence of `line` containing character `pos`."""
    start = 0
    for m in SENTENCE_SPLIT.finditer(line):
        if m.start() >= pos:
            return line[start : m.start()].strip()
        start = m.end()
    return line[start:].strip()


def read_prose(rows: list[Row], table_id: str) -> list[LandedValue]:
    """Every stated total (and its classes of spending) in the untabbed lines."""
    agency_rx, belanja_rx = _patterns()
    out: list[LandedValue] = []
    record_no = 0
    for r in rows:
        if r.tabbed or r.blank:
            continue
        total = agency_rx.search(r.raw)
        if total is None:
            continue
        found = [("agency", total)] + [("belanja", m) for m in belanja_rx.finditer(r.raw, total.end())]
        total_no = record_no + 1
        for level, m in found:
            record_no += 1
            sentence = sentence_around(r.raw, m.start())
            years = set(YEAR_RX.findall(sentence))
            for role in ("name", "budget"):
                if role not in m.re.groupindex or m.group(role) is None:
                    continue
                out.append(
                    LandedValue(
                        table_id=table_id,
                        record_no=record_no,
                        level=level,
                        role=role,
                        text=m.group(role),
                        line=r.line,
                        column=m.start(role),
                        parent_record_no=None if level == "agency" else total_no,
                        year_label=next(iter(years)) if len(years) == 1 else None,
                        context=sentence,
                    )
                )
    return out
