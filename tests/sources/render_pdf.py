"""Render a demo document's text version (tab-separated tables, untabbed prose) to a PDF, the way office
software prints it: ruled tables with wrapped cells, header rows repeated on every page, rows cut by a page
break, merged cells, landscape or rotated pages. Test-only: it makes the fixtures the PDF reader is tested on,
so every PDF the tests read is generated from the documents' own figures.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Style:
    """How the document is printed. Each switch is one thing real PDFs do to tables."""

    font_size: float = 7.0
    landscape: bool = True  # a landscape page (width > height)
    rotated: bool = False  # a portrait page turned by /Rotate 90, the landscape content drawn sideways
    repeat_header: bool = True  # the table's header rows printed again at the top of every page
    cut_rows: int = 0  # every n-th long body row is cut by a page break: it continues atop the next page
    merge_header: bool = True  # a header cell spans the empty header cells beside and below it
    merge_rows: tuple[int, ...] = ()  # body columns whose cell spans the empty cells below it (rowspan)
    merge_columns: tuple[int, ...] = ()  # body columns whose cell spans the empty cells to its right (colspan)
    max_column_chars: int = 28  # column width cap, in characters: longer cells wrap over several lines
    page_margin: float = 28.0
    header_rows: int | None = None  # None: the leading rows without digits
    break_before: tuple[int, ...] = field(default=())  # 1-based text lines that start a new page


def _blocks(lines: list[str]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Consecutive tabbed lines form a table (blank lines inside do not end it); other lines are prose."""
    out: list[tuple[str, list[tuple[int, str]]]] = []
    for no, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        kind = "table" if "\t" in line else "prose"
        if out and out[-1][0] == kind == "table":
            out[-1][1].append((no, line))
        else:
            out.append((kind, [(no, line)]))
    return out


def _header_count(rows: list[list[str]], style: Style) -> int:
    if style.header_rows is not None:
        return min(style.header_rows, len(rows) - 1)
    n = 0
    while n < len(rows) - 1 and not any(_DIGIT.search(c) for c in rows[n]):
        n += 1
    return n


def _spans(rows: list[list[str]], header: int, style: Style) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, stop) cell pairs of merged cells: a spanning cell is non-empty and covers only empty cells."""
    width = len(rows[0])
    taken: set[tuple[int, int]] = set()
    spans = []

    def free(c: int, r: int) -> bool:
        return (c, r) not in taken and not rows[r][c].strip()

    if style.merge_header and header:
        for r in range(header):
            for c in range(width):
                if not rows[r][c].strip() or (c, r) in taken:
                    continue
                c2 = c
                # across: only over cells that have a sub-header below them (TRIWULAN over I, II, III, IV)
                while c2 + 1 < width and free(c2 + 1, r) and r + 1 < header and rows[r + 1][c2 + 1].strip():
                    c2 += 1
                r2 = r
                if c2 == c:  # down: over the empty header cells below
                    while r2 + 1 < header and free(c, r2 + 1):
                        r2 += 1
                if (c2, r2) != (c, r):
                    spans.append(((c, r), (c2, r2)))
                    taken.update((x, y) for x in range(c, c2 + 1) for y in range(r, r2 + 1))
    for c in style.merge_rows:
        r = header
        while r < len(rows):
            r2 = r
            if c < width and rows[r][c].strip():
                while r2 + 1 < len(rows) and r2 - r < 3 and free(c, r2 + 1) and any(x.strip() for x in rows[r2 + 1]):
                    r2 += 1
            if r2 > r:
                spans.append(((c, r), (c, r2)))
                taken.update((c, y) for y in range(r, r2 + 1))
            r = r2 + 1
    for c in style.merge_columns:
        for r in range(header, len(rows)):
            if c >= width or not rows[r][c].strip() or (c, r) in taken:
                continue
            c2 = c
            while c2 + 1 < width and c2 - c < 2 and free(c2 + 1, r):
                c2 += 1
            if c2 > c:
                spans.append(((c, r), (c2, r)))
                taken.update((x, r) for x in range(c, c2 + 1))
    return spans


class _ToPageBottom(Flowable):
    """Table rows whose last row reaches down to the bottom of the page: the first part of a row that the page
    break cuts, as office software prints it. `make(body, pad)` builds the table of these body rows (header
    rows added) with `pad` points of padding under the last row."""

    def __init__(self, make, body: list[list[str]]) -> None:
        super().__init__()
        self.make, self.body = make, body
        self.table: Table | None = None

    def wrap(self, availWidth, availHeight):
        self.table = self.make(self.body, 0)
        w, h = self.table.wrap(availWidth, availHeight)
        if h < availHeight - 2:
            self.table = self.make(self.body, availHeight - h - 2)
            w, h = self.table.wrap(availWidth, availHeight)
        return w, h

    def split(self, availWidth, availHeight):
        parts = self.make(self.body, 0).split(availWidth, availHeight)
        if len(parts) < 2:
            return parts
        rest = len(self.body) - (len(parts[1]._cellvalues) - parts[1].repeatRows)
        return [parts[0], _ToPageBottom(self.make, self.body[rest:])]

    def draw(self):
        self.table.drawOn(self.canv, 0, 0)


def _is_figure(text: str) -> bool:
    return bool(re.match(r"[-\d]", text))


def _cut(row: list[str]) -> tuple[list[str], list[str]] | None:
    """A long row's part before and after a page break: its long text cells split between their words,
    everything else (numbering, figures, short cells) in the first part."""
    first, rest = list(row), [""] * len(row)
    for c, text in enumerate(row):
        words = text.split()
        if len(words) >= 4 and not _is_figure(text):
            k = (len(words) + 1) // 2
            first[c], rest[c] = " ".join(words[:k]), " ".join(words[k:])
    return (first, rest) if any(rest) and row[0] else None


def _tables(block: list[tuple[int, str]], style: Style, frame_width: float) -> list:
    rows = [[c.strip() for c in line.split("\t")] for _, line in block]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    cell_style = ParagraphStyle("cell", fontName="Helvetica", fontSize=style.font_size, leading=style.font_size * 1.2)

    # column widths from the longest text, capped so long names wrap, never narrower than the longest word
    # (office software breaks a word only when it must); scaled down to the frame if need be
    def text_w(s: str) -> float:
        return stringWidth(s, "Helvetica", style.font_size)

    natural, least = [], []
    for c in range(width):
        texts = [r[c] for r in rows if r[c]] or [""]
        least.append(max([text_w(w) for s in texts for w in s.split()] + [text_w("nn")]) + 6)
        capped = min(max(text_w(s) for s in texts), text_w("n" * style.max_column_chars)) + 6
        natural.append(max(least[-1], capped))
    excess, slack = sum(natural) - frame_width, sum(natural) - sum(least)
    keep = 1.0 if excess <= 0 else max(0.0, 1 - excess / slack) if slack else 0.0
    widths = [lo + (n - lo) * keep for lo, n in zip(least, natural)]
    header = _header_count(rows, style)
    base = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
    ]

    def table(part: list[list[str]], pad: float = 0) -> Table:
        spans = [("SPAN", a, b) for a, b in _spans(part, header, style)]
        data = [[Paragraph(escape(c), cell_style) if c else "" for c in r] for r in part]
        last = [("BOTTOMPADDING", (0, -1), (-1, -1), 3 + pad)] if pad else []
        return Table(data, colWidths=widths, repeatRows=header if style.repeat_header else 0,
                     style=TableStyle(base + spans + last), hAlign="LEFT")

    from reportlab.platypus import PageBreak

    out: list = []
    part, eligible = rows[:header], 0
    for r in rows[header:]:
        cut = _cut(r) if style.cut_rows else None
        if cut is not None:
            eligible += 1
        if cut is not None and eligible % style.cut_rows == 0:
            body = part[header:] + [cut[0]]
            out += [_ToPageBottom(lambda b, pad: table(rows[:header] + b, pad), body), PageBreak()]
            part = rows[:header] + [cut[1]]
        else:
            part.append(r)
    out.append(table(part))
    return out


class _RotatedCanvas(Canvas):
    """Draws each landscape page onto portrait media turned by /Rotate 90, as some printers and scanners do."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.setPageSize(self._pagesize)
        self._turn()

    def setPageSize(self, size) -> None:  # the document template sets its (landscape) size on every page
        w, h = size
        self._landscape = (max(w, h), min(w, h))
        super().setPageSize((min(w, h), max(w, h)))

    def _turn(self) -> None:
        # display = media turned clockwise: media (X, Y) = (h - y, x) for landscape point (x, y)
        self.transform(0, 1, -1, 0, self._landscape[1], 0)

    def _startPage(self) -> None:
        super()._startPage()
        self._turn()


def render(lines: list[str], style: Style = Style()) -> bytes:
    """The PDF bytes of a text document printed with `style`."""
    from reportlab.platypus import PageBreak

    page = landscape(A4) if style.landscape or style.rotated else A4
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf, pagesize=page, leftMargin=style.page_margin, rightMargin=style.page_margin,
        topMargin=style.page_margin, bottomMargin=style.page_margin, title="rekap test document",
        rotation=90 if style.rotated else 0,  # the template sets each page's /Rotate
    )
    prose_style = ParagraphStyle("prose", fontName="Helvetica", fontSize=style.font_size + 1,
                                 leading=(style.font_size + 1) * 1.25, spaceAfter=style.font_size)
    story = []
    for kind, block in _blocks(lines):
        if block[0][0] in style.break_before:
            story.append(PageBreak())
        if kind == "prose":
            story += [Paragraph(escape(line.strip()), prose_style) for _, line in block]
        else:
            story += [*_tables(block, style, doc.width), Spacer(1, style.font_size)]
    build = {"canvasmaker": _RotatedCanvas} if style.rotated else {}
    doc.build(story, **build)
    return buf.getvalue()


def render_scan(lines: list[str]) -> bytes:
    """A 'scanned' PDF: the page is an image of text, with no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines[:60]):
        draw.text((40, 40 + i * 26), line.replace("\t", "    "), fill=0)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4)
    c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
    c.showPage()
    c.save()
    return buf.getvalue()
