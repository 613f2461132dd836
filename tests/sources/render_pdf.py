"""Render a demo document's text version (tab-separated tables, untabbed prose) to a PDF, the way office
software prints it: ruled tables with wrapped cells, header rows repeated on every page, rows cut by a page
break, merged cells, landscape or rotated pages. Test-only: it makes the fixtures the PDF reader is tested on,
so every PDF the tests read is generated from the documents' own figures.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class Style:
    """How the document is printed. Each switch is one thing real PDFs do to tables."""

    font_size: float = 7.0
    landscape: bool = True  # a landscape page (width > height)
    rotated: bool = False  # a portrait page turned by /Rotate 90, the landscape content drawn sideways
    sideways: bool = False  # the landscape content drawn sideways on a portrait page without /Rotate
    repeat_header: bool = True  # the table's header rows printed again at the top of every page
    cut_rows: int = 0  # every n-th long body row is cut by a page break: it continues atop the next page
    merge_header: bool = True  # a header cell spans the empty header cells beside and below it
    merge_rows: tuple[int, ...] = ()  # body columns whose cell spans the empty cells below it (rowspan)
    merge_columns: tuple[int, ...] = ()  # body columns whose cell spans the empty cells to its right (colspan)
    max_column_chars: int = 28  # column width cap, in characters: longer cells wrap over several lines
    page_margin: float = 28.0
    prose_spacing: float = 1.25  # line spacing of prose paragraphs (1.5 is common in government documents)
    header_rows: int | None = None  # None: the leading rows without digits (at most 4)
    break_before: tuple[int, ...] = ()  # 1-based text lines that start a new page
    page_furniture: bool = False  # a running header and 'Halaman n dari m'-style page numbers on every page


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
    n = 0  # a header is at most 4 rows: a long run of rows without digits is a table of text
    while n < min(len(rows) - 1, 4) and not any(_DIGIT.search(c) for c in rows[n]):
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


@dataclass
class _Carry:
    """The part of a cut row left for the next page."""

    rest: list[str] | None = None


class _Segment(Flowable):
    """Consecutive rows of a table up to a row the page break cuts, as office software prints it: the rows
    fill the page and the cut row gets as many of its lines as fit above the bottom margin; the rest of it
    (`out.rest`) opens the next segment (`lead`), below the repeated header rows. Built at layout time,
    when the space left on the page is known."""

    def __init__(self, make, lines_of, body, cut_row=None, lead: _Carry | None = None, out: _Carry | None = None):
        super().__init__()
        self.make, self.lines_of, self.body, self.cut_row, self.lead, self.out = (
            make,
            lines_of,
            body,
            cut_row,
            lead,
            out,
        )
        self.table: Table | None = None

    def _base(self) -> list[list[str]]:
        rest = self.lead.rest if self.lead is not None else None
        return ([rest] if rest and any(rest) else []) + self.body

    def wrap(self, availWidth, availHeight):
        base = self._base()
        self.table = self.make(base)
        w, h = self.table.wrap(availWidth, availHeight)
        if self.cut_row is None or h > availHeight:
            return w, h
        first, rest = self.lines_of(self.cut_row, availHeight - h)
        if not any(first):  # no room for two lines of it here: the whole row goes to the next page
            first, rest = self.cut_row, [""] * len(self.cut_row)
        self.table = self.make(base + [first])
        w, h = self.table.wrap(availWidth, availHeight)
        self.out.rest = rest
        return w, h

    def split(self, availWidth, availHeight):
        base = self._base()
        parts = self.make(base).split(availWidth, availHeight) if base else []
        if len(parts) < 2:
            return []
        done = len(parts[0]._cellvalues) - parts[0].repeatRows
        return [parts[0], _Segment(self.make, self.lines_of, base[done:], self.cut_row, None, self.out)]

    def draw(self):
        self.table.drawOn(self.canv, 0, 0)


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

    def table(part: list[list[str]]) -> Table:
        spans = [("SPAN", a, b) for a, b in _spans(part, header, style)]
        data = [[Paragraph(escape(c), cell_style) if c else "" for c in r] for r in part]
        return Table(
            data,
            colWidths=widths,
            repeatRows=header if style.repeat_header else 0,
            style=TableStyle(base + spans),
            hAlign="LEFT",
        )

    def make(body: list[list[str]]) -> Table:
        return table(rows[:header] + body)

    def lines_of(row: list[str], room: float) -> tuple[list[str], list[str]]:
        """The row's part that fits in `room` points (whole lines of each cell) and the part left over."""
        fit = int((room - 6 - 2) // cell_style.leading)
        if fit < 2:  # a row is cut only between lines of a wrapped cell
            return [""] * len(row), list(row)
        first, rest = [], []
        for c, text in enumerate(row):
            lines = simpleSplit(text, "Helvetica", style.font_size, widths[c] - 4) if text else []
            first.append(" ".join(lines[:fit]))
            rest.append(" ".join(lines[fit:]))
        return first, rest

    out: list = []
    part, eligible, lead = [], 0, None
    for r in rows[header:]:
        long_row = bool(r[0]) and any(len(c.split()) >= 8 for c in r)
        eligible += bool(long_row and style.cut_rows)
        if long_row and style.cut_rows and eligible % style.cut_rows == 0:
            carry = _Carry()
            out += [_Segment(make, lines_of, part, r, lead, carry), PageBreak()]
            part, lead = [], carry
        else:
            part.append(r)
    out.append(_Segment(make, lines_of, part, None, lead, None))
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

    page = landscape(A4) if style.landscape or style.rotated or style.sideways else A4
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=page,
        leftMargin=style.page_margin,
        rightMargin=style.page_margin,
        topMargin=style.page_margin,
        bottomMargin=style.page_margin,
        title="rekap test document",
        rotation=90 if style.rotated else 0,  # the template sets each page's /Rotate
    )
    prose_style = ParagraphStyle(
        "prose",
        fontName="Helvetica",
        fontSize=style.font_size + 1,
        leading=(style.font_size + 1) * style.prose_spacing,
        spaceAfter=style.font_size,
    )
    story = []
    for kind, block in _blocks(lines):
        if block[0][0] in style.break_before:
            story.append(PageBreak())
        if kind == "prose":
            story += [Paragraph(escape(line.strip()), prose_style) for _, line in block]
        else:
            story += [*_tables(block, style, doc.width), Spacer(1, style.font_size)]
    build: dict = {"canvasmaker": _RotatedCanvas} if style.rotated or style.sideways else {}
    if style.page_furniture:

        def furniture(canvas, doc) -> None:
            w, h = doc.pagesize
            canvas.saveState()
            canvas.setFont("Helvetica", style.font_size)
            canvas.drawRightString(w - style.page_margin, h - style.page_margin / 2, "Dokumen Perencanaan Kinerja")
            canvas.drawCentredString(w / 2, style.page_margin / 2, f"- {doc.page} -")
            canvas.restoreState()

        build |= {"onFirstPage": furniture, "onLaterPages": furniture}
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
