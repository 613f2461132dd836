"""Find a table by its header band: one or more header lines, an optional row of column numbers, and the same
band repeated at the top of every later page.

A header line has at least three cells made of header words (vocabulary.yml) and no figure; the lines right
below it belong to the band while every filled cell is a header word or a quarter label ("I", "TW 2"), or the
line is the column numbers ("1 2 3 … 11"). A title spans the columns to its right whose own cell is empty while
the line below fills them ("TRIWULAN" over "I II III IV").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rekap.tables.grid import Row
from rekap.tables.vocabulary import Vocabulary, normalise

YEAR_RX = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
FIGURE_RX = re.compile(r"[-+]?\d[\d.,]*\s*%?")
# a table's caption ("Tabel III.4 Indikator ...", "Table 2.3"): the next table starts, even when its header is the
# same as the one before (never taken for a page title above a repeated header)
CAPTION_RX = re.compile(r"^\W*(?i:tabel|table)\s+[0-9IVXLC]+(?:[.\-][0-9IVXLC]+)*\b")
MAX_HEADER_WORDS = 8
MAX_FRAGMENT_WORDS = 2  # a header cell is a short phrase; a longer text is a data cell naming a program etc.


@dataclass(frozen=True)
class Header:
    first: int  # index in the grid of the first header line
    end: int  # index of the first line after the band
    width: int  # number of columns (last filled header column + 1)
    titles: dict[int, str]  # column -> its title, span titles included ("TRIWULAN I")
    quarter_labels: dict[int, str]  # column -> the verbatim quarter label of its header ("I", "TW 2")
    quarters: dict[int, int]  # column -> quarter number
    signature: tuple[str, ...]  # normalised cells of the first header line: how a repeated page header is known


def _header_cell(voc: Vocabulary, text: str) -> bool:
    return voc.remember(
        "header cell", text, lambda t: len(normalise(t).split()) <= MAX_HEADER_WORDS and voc.is_header_word(t)
    )


def column_numbers(row: Row | tuple[str, ...]) -> bool:
    """The row of column numbers printed under some headers: 1 2 3 … n (also "(1)"), at least three. Given a row
    or its cells."""
    cells = row.cells if isinstance(row, Row) else row
    filled = [c.strip("()[] .") for c in cells if c]
    if len(filled) < 3 or not all(t.isdigit() for t in filled) or int(filled[0]) > 1:
        return False
    steps = [int(b) - int(a) for a, b in itertools.pairwise(filled)]
    # numbers of merged columns are skipped ("5 7 8 9 10 12"): ascending, mostly by one
    return all(d >= 1 for d in steps) and 2 * sum(d == 1 for d in steps) >= len(steps)


def is_header_line(voc: Vocabulary, row: Row) -> bool:
    """Asked of every line by every loop that reads a table: answered once per line text."""
    if not row.tabbed:
        return False
    found = voc.memo.get(("header line", row.cells))
    if found is None:
        found = voc.remember("header line", row.cells, lambda cells: _header_line(voc, cells))
    return found


def _header_line(voc: Vocabulary, cells: tuple[str, ...]) -> bool:
    filled = [c for c in cells if c]
    if any(FIGURE_RX.fullmatch(c) for c in filled):  # a data row: most lines are, and a figure is told at a glance
        return False
    words = [c for c in filled if _header_cell(voc, c)]
    return len(words) >= 3 and len(words) >= 0.6 * len(filled)


def _fragment(text: str) -> bool:
    """The rest of a header title wrapped onto the next line ("KINERJA", "KEGIATAN", "(Rp)"): a short phrase."""
    return len(text.split()) <= MAX_FRAGMENT_WORDS and not FIGURE_RX.fullmatch(text)


def _band_line(voc: Vocabulary, row: Row) -> bool:
    """Asked of the line below every header, repeated on every page: answered once per line text."""
    if not row.tabbed or row.blank:
        return False
    return voc.remember("band line", row.cells, lambda cells: _band_cells(voc, cells))


def _band_cells(voc: Vocabulary, cells: tuple[str, ...]) -> bool:
    if column_numbers(cells):
        return True
    return all(
        voc.quarter_of(c) is not None
        or YEAR_RX.fullmatch(c) is not None  # a row of years under a TARGET span (one column per year)
        or not _digits(c)
        and (_header_cell(voc, c) or _fragment(c))
        for c in cells
        if c
    )


def _digits(text: str) -> bool:
    """A header title has no digits except a year ("TARGET 2023") or a quarter ("TW 2"); a data cell does."""
    return re.search(r"\d", YEAR_RX.sub("", text)) is not None


def is_caption(row: Row) -> bool:
    return not row.tabbed and CAPTION_RX.search(row.raw) is not None


def signature(row: Row) -> tuple[str, ...]:
    return tuple(normalise(c) for c in row.cells if c)


def band_end(voc: Vocabulary, rows: list[Row], first: int) -> int:
    """The index of the first line after the header band starting at rows[first] (a header line): where the rows
    below a header repeated on a new page resume, without reading its titles again."""
    end = first + 1
    while end < len(rows) and _band_line(voc, rows[end]):
        end += 1
    return end


def read_band(voc: Vocabulary, rows: list[Row], first: int) -> Header:
    """The header band starting at rows[first] (a header line)."""
    end = band_end(voc, rows, first)
    band = [r for r in rows[first:end] if not column_numbers(r)]
    width = max(max((j for j, t in enumerate(r.cells) if t), default=-1) for r in band) + 1
    parts: dict[int, list[str]] = {j: [] for j in range(width)}
    labels: dict[int, str] = {}
    quarters: dict[int, int] = {}
    for k, r in enumerate(band):
        # columns a line below titles (a title wrapped onto a second line, then a row of years or quarters)
        below = [any(j < len(b.cells) and b.cells[j] for b in band[k + 1 :]) for j in range(width)]
        span_col: int | None = None
        for j in range(width):
            text = r.cells[j] if j < len(r.cells) else ""
            if text:
                # a title spans the empty cells to its right when a line below titles its own column too
                span_col = j if below[j] else None
            elif span_col is not None and below[j]:
                text = r.cells[span_col]
            else:
                span_col = None
            if not text:
                continue
            q = voc.quarter_of(text)
            if q is not None and (
                re.search(r"[A-Za-z]{2}", text) or voc.role_of(" ".join(parts[j])) == "target_quarter"
            ):
                labels[j], quarters[j] = text, q
            parts[j].append(text)
    titles = {j: " ".join(p) for j, p in parts.items() if p}
    return Header(first, end, width, titles, labels, quarters, signature(rows[first]))


def find_header(voc: Vocabulary, rows: list[Row], start: int = 0) -> Header | None:
    for i in range(start, len(rows)):
        if is_header_line(voc, rows[i]):
            return read_band(voc, rows, i)
    return None
