"""A PDF as received, read into the tab-separated lines the layout adapters consume, with each line's page.

Each page's ruled tables become grids of cells (pdfplumber's table finder); a table row is one line, its cells
joined by tabs. Text outside the tables stays available to the prose readers as lines in reading order, a
wrapped paragraph joined into one line. Lines of a page follow its layout from top to bottom, so the lines of
a document read like the text version someone would have typed out of it.

What printing does to tables is undone here, so the adapters see one table however many pages it covers:

* a cell wrapped over several lines is one cell (its lines joined by a space; a number cut inside, such as
  ``27,144,383,200`` / ``.00``, joined without one);
* a merged cell keeps its text in its first row and column; the cells it covers are empty;
* a table that continues on the next page (the next page starts with a table of as many columns) loses the
  header rows repeated at its top, and a row cut by the page break is joined back into one row when its
  continuation holds only more text of the cells the row had already started (never a figure, never a cell
  of its own);
* page furniture is left out: page numbers and running headers or footers (text in the top or bottom band of
  the page that is a page number or repeats on several pages), so a table reads on across the page break;
* pages are read as displayed: a page turned by ``/Rotate`` reads like a landscape page, and a page whose text
  runs sideways (a landscape table printed on portrait paper without ``/Rotate``) is turned upright first.

A PDF without any text layer (a scan) cannot be read: ``NoTextLayer`` says so; OCR is not attempted.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TypeGuard

from rekap.tables.cells import LandedValue

VERSION = "1"  # part of a PDF submission's fingerprint: bumping it re-parses every PDF

# Table finding on ruling lines: agencies' PDFs come from office software that draws every cell border.
_TABLE_SETTINGS = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
# A page band at the top or bottom (fraction of the page height) where running headers and page numbers
# sit: text there does not separate a table from its continuation on the next page.
_MARGIN_BAND = 0.08
# A row is cut by the page break only if its table reaches this far down its page (fraction of the height).
_LOW_ON_PAGE = 0.75
_PAGE_NUMBER = re.compile(r"(?i)\W*(?:hal(?:aman)?\.?\s*)?\d{1,4}(?:\s*(?:dari|/|of)\s*\d{1,4})?\W*")
_NUMBER_PIECE = re.compile(r"[\d.,]+")
_FIGURE = re.compile(r"[-+]?(?:Rp\.?\s*)?\d[\d.,]*\s*%?")


class NoTextLayer(ValueError):
    """The PDF has pages but no text on any of them: a scanned document that needs OCR first."""


@dataclass(frozen=True, slots=True)
class LineOrigin:
    """Where a produced line sits in the PDF: its page (1-based) and, for a table row, the table on that
    page and the row within it (1-based, as the grid shows it, repeated header rows included); for text
    outside tables, the line's position among the page's text lines (1-based), a wrapped paragraph counting
    once."""

    page: int
    table: int | None = None
    row: int | None = None
    text_line: int | None = None
    continued_on: int | None = None  # the next page, for a table row the page break cut in two


@dataclass(frozen=True)
class PdfText:
    lines: list[str]
    origins: list[LineOrigin]  # origins[i] is where lines[i] came from

    def page_of(self, line: int) -> int | None:
        """The page of a 1-based line number of `lines`."""
        return self.origins[line - 1].page if 1 <= line <= len(self.origins) else None


def is_pdf(raw: bytes) -> bool:
    """PDF by its magic bytes (some producers put a few bytes of junk before the header)."""
    return b"%PDF-" in raw[:1024]


@dataclass
class _Table:
    page: int
    index: int  # 1-based on its page
    top: float
    bottom: float
    rows: list[list[str]]
    # per column of the last row: (how far down its text reaches, its lines, its font size), None if empty
    tail: list[tuple[float, int, float] | None]
    first: _Table | None = None  # the table's part on an earlier page, when this part continues it


def _tail_geometry(page, table) -> list[tuple[float, int, float] | None]:
    """Where the text of each cell of the table's last row ends, how many lines it takes, its font size."""
    out: list[tuple[float, int, float] | None] = []
    for bbox in table.rows[-1].cells:
        if bbox is None:
            out.append(None)
            continue
        x0, top, x1, bottom = bbox
        chars = [
            c
            for c in page.chars
            if x0 <= (c["x0"] + c["x1"]) / 2 <= x1
            and top <= (c["top"] + c["bottom"]) / 2 <= bottom
            and c["text"].strip()
        ]
        if not chars:
            out.append(None)
            continue
        tops = sorted(c["top"] for c in chars)
        size = max(c["bottom"] - c["top"] for c in chars)
        lines = 1 + sum(1 for a, b in pairwise(tops) if b - a > size / 2)
        out.append((max(c["bottom"] for c in chars), lines, size))
    return out


@dataclass
class _Text:
    page: int
    index: int
    top: float
    text: str


def _join_pieces(pieces: list[str]) -> str:
    """A wrapped cell's lines as one cell: joined by a space, except a number the wrap cut in two."""
    out = ""
    for piece in pieces:
        if out and _NUMBER_PIECE.fullmatch(out.rsplit(" ", 1)[-1]) and _NUMBER_PIECE.fullmatch(piece.split(" ", 1)[0]):
            out += piece
        else:
            out = f"{out} {piece}" if out else piece
    return out


def _cell(text: str | None) -> str:
    if not text:
        return ""
    pieces = [p.strip() for p in text.replace("\t", " ").splitlines() if p.strip()]
    return _join_pieces(pieces)


def _first_word_width(line: dict) -> float:
    """Width of a text line's first word (with the space before it): what did not fit on the line above."""
    chars = line["chars"]
    end = next((i for i, c in enumerate(chars) if not c["text"].strip()), len(chars))
    word = chars[:end] or chars[:1]
    return word[-1]["x1"] - word[0]["x0"] + (word[-1]["x1"] - word[-1]["x0"])


def _paragraphs(lines: list[dict], right_edge: float, page: int) -> list[_Text]:
    """Text lines outside tables, a paragraph wrapped over several lines joined into one.

    A line continues the paragraph above when it follows at line spacing (up to double spacing) and the line
    above was full: its first word would not have fitted before the right edge of the page's text. A heading,
    a short last line of a paragraph or a signature line is not full, so the next line starts anew.
    """
    out: list[_Text] = []
    prev: dict | None = None
    for ln in lines:
        text = " ".join(ln["text"].split())
        if not text:
            continue
        size = ln["bottom"] - ln["top"]
        follows = (
            prev is not None and 0 <= ln["top"] - prev["bottom"] < 0.8 * size and abs(ln["x0"] - prev["x0"]) < 3 * size
        )
        if follows and prev is not None and prev["x1"] + _first_word_width(ln) > right_edge - 1:
            out[-1].text += " " + text
        else:
            out.append(_Text(page, len(out) + 1, ln["top"], text))
        prev = ln
    return out


def _read_page(page, page_no: int) -> tuple[list[_Table | _Text], float]:
    found = page.find_tables(_TABLE_SETTINGS)
    tables: list[_Table] = []
    for t in sorted(found, key=lambda t: (round(t.bbox[1], 1), t.bbox[0])):
        rows = [[_cell(c) for c in row] for row in t.extract()]
        if len(rows) < 1 or max(len(r) for r in rows) < 2:
            continue
        tables.append(_Table(page_no, len(tables) + 1, t.bbox[1], t.bbox[3], rows, _tail_geometry(page, t)))
    boxes = [t.bbox for t in found]

    def outside(obj: dict) -> bool:
        cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)

    text_lines = sorted(
        page.filter(outside).extract_text_lines(strip=True, return_chars=True), key=lambda ln: (ln["top"], ln["x0"])
    )
    right_edge = max([ln["x1"] for ln in text_lines] + [t.bbox[2] for t in found], default=0.0)
    texts = _paragraphs(text_lines, right_edge, page_no)
    items: list[_Table | _Text] = sorted([*tables, *texts], key=lambda it: it.top)
    # pdfplumber (0.11) gives a page turned by /Rotate its objects in displayed coordinates but its size
    # unturned: the displayed height of a quarter-turned page is its width
    height = page.width if page.rotation % 180 == 90 else page.height
    return items, float(height)


def _headed_width(header: list[str]) -> int:
    """Columns up to the last one with a header: trailing unheaded columns are rulings without a column."""
    return max((i + 1 for i, c in enumerate(header) if c), default=len(header))


def _trimmed(row: list[str], width: int) -> list[str]:
    """The row without its empty cells beyond the headed columns (a filled one there is kept: it is data)."""
    end = max([width] + [i + 1 for i, c in enumerate(row) if c])
    return row[:end]


def _same_row(a: list[str], b: list[str]) -> bool:
    return len(a) == len(b) and all(x == y for x, y in zip(a, b))


def _repeated_header(first: list[list[str]], cont: list[list[str]]) -> int:
    """How many leading rows of a continuation repeat the leading rows of the table's first part."""
    k = 0
    while k < len(first) and k < len(cont) - 1 and _same_row(first[k], cont[k]):
        k += 1
    return k


def _is_cut_continuation(prev: list[str], tail: list[tuple[float, int, float] | None], row: list[str]) -> bool:
    """Whether `row`, atop a page, continues the previous page's last row `prev` that the page break cut.

    Printed, the two look alike only if: the row has no numbering of its own (first cell empty) and only adds
    text, never a figure, to cells the previous row had started; each of those cells ran down to the last
    line of the previous row (text cut by the page edge), and at least one of them had wrapped (a cut falls
    between the lines of a wrapped cell). Two short single-line rows that a page break separates fail the
    last test; a new item whose cells are shorter than its predecessor's tallest cell fails the one before.
    """
    if len(prev) > len(row) or row[0] or not any(row):
        return False
    prev = prev + [""] * (len(row) - len(prev))
    tail = tail + [None] * (len(row) - len(tail))
    continued = []
    for before, more, geo in zip(prev, row, tail):
        if not more:
            continue
        if not before or geo is None or _FIGURE.fullmatch(more):
            return False
        continued.append(geo)
    row_end = max(g[0] for g in tail if g is not None)
    return all(row_end - bottom < size / 2 for bottom, _, size in continued) and any(n >= 2 for _, n, _ in continued)


def _in_band(it: _Table | _Text, height: float) -> TypeGuard[_Text]:
    return isinstance(it, _Text) and not height * _MARGIN_BAND <= it.top <= height * (1 - _MARGIN_BAND)


def _significant(items: list[_Table | _Text], height: float) -> list[_Table | _Text]:
    """The page's items without running headers and page numbers (text in the top or bottom band)."""
    return [it for it in items if not _in_band(it, height)]


def _furniture(pages: list[tuple[list[_Table | _Text], float]]) -> set[int]:
    """ids of the text items that are page furniture, not content: in the top or bottom band of the page, a
    page number ('3', '- 3 -', 'Halaman 3 dari 9') or a line repeated in the bands of several pages (up to
    the page's own number: 'Rencana Aksi 2023 | 3')."""

    def key(it: _Text) -> str:
        return re.sub(rf"(?<!\d){it.page}(?!\d)", "#", it.text)

    band = [it for items, height in pages for it in items if _in_band(it, height)]
    pages_of: dict[str, set[int]] = {}
    for it in band:
        pages_of.setdefault(key(it), set()).add(it.page)
    return {id(it) for it in band if _PAGE_NUMBER.fullmatch(it.text) or len(pages_of[key(it)]) > 1}


def _turn_upright(chars: list[dict]) -> int:
    """Degrees (clockwise) to turn a page whose text runs sideways, 0 for a page read upright (most of its
    characters upright: a rotated stamp or a vertical column title does not turn a page)."""
    sideways = [c for c in chars if not c["upright"] and c["text"].strip()]
    if len(sideways) * 2 <= len([c for c in chars if c["text"].strip()]):
        return 0
    up = sum(1 for c in sideways if c["matrix"][1] > 0)  # text running bottom to top
    return 90 if up * 2 >= len(sideways) else 270


def _turned(raw: bytes, turns: dict[int, int]) -> bytes:
    """The PDF with the given pages turned (their /Rotate changed), as a viewer would show them upright."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(raw)
    try:
        for number, degrees in turns.items():
            if degrees:
                page = doc[number - 1]
                page.set_rotation((page.get_rotation() + degrees) % 360)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()
    finally:
        doc.close()


def read_pdf(raw: bytes) -> PdfText:
    """The PDF's lines in reading order with their origins. Raises NoTextLayer for a scan, and whatever the
    PDF parser raises for a file that is not a readable PDF."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(raw)) as doc:
        if not any(page.chars for page in doc.pages):
            raise NoTextLayer(f"{len(doc.pages)} page(s) without any text")
        turns = {page.page_number: _turn_upright(page.chars) for page in doc.pages}
        if not any(turns.values()):
            pages = [_read_page(page, page.page_number) for page in doc.pages]
    if any(turns.values()):
        with pdfplumber.open(io.BytesIO(_turned(raw, turns))) as doc:
            pages = [_read_page(page, page.page_number) for page in doc.pages]
    return _stitched(pages)


def _stitched(pages: list[tuple[list[_Table | _Text], float]]) -> PdfText:
    """The pages' items as one sequence of lines: a table continued on the next page is one table again."""
    lines: list[str] = []
    origins: list[LineOrigin] = []
    furniture = _furniture(pages)
    carry: _Table | None = None  # the table the previous page ended with
    last_row_at: int | None = None  # index in `lines` of that table's last row
    reaches_bottom = False  # whether that table ends low enough on its page to have had a row cut
    for items, height in pages:
        significant = _significant(items, height)
        for it in items:
            if isinstance(it, _Text):
                if id(it) in furniture:
                    continue
                lines.append(it.text)
                origins.append(LineOrigin(it.page, text_line=it.index))
                continue
            skip = 0
            if carry is not None and it is significant[0] and len(it.rows[0]) == len(carry.rows[0]):
                it.first = carry.first or carry
                skip = _repeated_header(it.first.rows, it.rows)
                if last_row_at is not None and skip < len(it.rows) and reaches_bottom:
                    prev, cont = lines[last_row_at].split("\t"), it.rows[skip]
                    if _is_cut_continuation(prev, carry.tail, cont):
                        prev += [""] * (len(cont) - len(prev))
                        joined = [" ".join(x for x in (a, b) if x) for a, b in zip(prev, cont)]
                        lines[last_row_at] = "\t".join(_trimmed(joined, _headed_width(it.first.rows[0])))
                        origins[last_row_at] = replace(origins[last_row_at], continued_on=it.page)
                        skip += 1
            width = _headed_width((it.first or it).rows[0])
            for r, row in enumerate(it.rows[skip:], start=skip + 1):
                lines.append("\t".join(_trimmed(row, width)))
                origins.append(LineOrigin(it.page, table=it.index, row=r))
                last_row_at = len(lines) - 1
            carry = None
        tail = significant[-1] if significant else None
        carry = tail if isinstance(tail, _Table) else None
        reaches_bottom = carry is not None and carry.bottom >= height * _LOW_ON_PAGE
    return PdfText(lines, origins)


# What a planner reads when a scan arrives (Bahasa Indonesia, like every message a planner reads).
NEEDS_OCR = (
    "PDF dengan lapisan teks; berkas ini hasil pindaian (scan) tanpa teks sehingga angkanya tidak dapat dibaca: "
    "perlu OCR (pengenalan teks) terlebih dahulu, atau kirimkan PDF asli hasil ekspor dari Word/Excel"
)


def with_pages(values: list[LandedValue], text: PdfText) -> list[LandedValue]:
    """The adapter's values with the PDF page each one was printed on."""
    return [replace(v, page=text.page_of(v.line)) for v in values]
