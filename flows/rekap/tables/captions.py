"""Table captions ("Tabel 2.1", "Tabel. 2.2", "Tabel III.4") above a header band: a table is named after its
caption, and the rows of a captioned table the reader does not read (staff counts, a scoring scale) are another
table, not stray rows of a planning table."""

from __future__ import annotations

import re

from rekap.tables.grid import Row

CAPTION_RX = re.compile(r"(?i)^\W*tabel\.?\s*((?:\d+|[IVX]+)(?:\.\d+)*)\.?(?:\W|$)")
REACH = 6  # untabbed lines (the caption and the table's title) between a caption and its header or rows


def _caption_up(rows: list[Row], k: int) -> str | None:
    untabbed = 0
    while k >= 0 and untabbed < REACH:
        r = rows[k]
        if r.blank:
            k -= 1
            continue
        if r.tabbed:
            return None
        m = CAPTION_RX.match(r.raw)
        if m:
            return m.group(1)
        untabbed += 1
        k -= 1
    return None


def caption_above(rows: list[Row], first: int) -> str | None:
    """The number of the caption right above the header line at rows[first] ("2.1"), if any."""
    return _caption_up(rows, first - 1)


def table_name(number: str) -> str:
    """ "2.1" -> "tabel_2_1" """
    return "tabel_" + number.lower().replace(".", "_")


def in_captioned_block(rows: list[Row], k: int) -> bool:
    """rows[k] belongs to a run of tabbed rows under a caption of its own."""
    while k >= 0 and (rows[k].tabbed or rows[k].blank):
        k -= 1
    return k >= 0 and _caption_up(rows, k) is not None
