"""Tables the vocabulary does not know (staff by education, an inventory of equipment): a block of tabbed rows
headed by a row of short titles, starting at the left edge, in which the vocabulary finds too few header words to read it as a planning
table. Such a block is not a planning table's stray rows: it is not landed and not an error; the preview shows
it among the rows outside every table."""

from __future__ import annotations

import re

from rekap.tables.grid import Row
from rekap.tables.header import MAX_HEADER_WORDS, YEAR_RX

MAX_GAP = 2  # blank lines a block may hold (a page break) and still be one block


def _titles(row: Row) -> bool:
    filled = [c for c in row.cells if c]
    return (
        len(filled) >= 2
        and bool(row.cells[0])
        and all(len(c.split()) <= MAX_HEADER_WORDS and re.search(r"\d", YEAR_RX.sub("", c)) is None for c in filled)
    )


def unknown_table_rows(outside: list[Row]) -> set[int]:
    """Lines of the outside rows that belong to blocks headed by a title row."""
    lines: set[int] = set()
    block: list[Row] = []
    for r in [*outside, None]:
        if r is not None and block and r.line - block[-1].line <= MAX_GAP + 1:
            block.append(r)
            continue
        if len(block) >= 2 and _titles(block[0]):
            lines.update(b.line for b in block)
        block = [r] if r is not None else []
    return lines
