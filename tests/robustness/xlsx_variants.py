"""A demo document's tables saved as an XLSX workbook, as an agency saves them from Excel: one sheet per table,
header titles in merged cells, numbers as numbers or as Indonesian-formatted text."""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook

PLAIN_RX = re.compile(r"\d+(?:\.\d+)?")
US_MONEY_RX = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _number(text: str) -> Decimal | None:
    if PLAIN_RX.fullmatch(text):
        return Decimal(text)
    if US_MONEY_RX.fullmatch(text):
        return Decimal(text.replace(",", ""))
    return None


def indonesian(d: Decimal) -> str:
    """1030000.50 -> '1.030.000,50' (the way Indonesian Excel shows a number stored as text)."""
    sign, digits = ("-" if d < 0 else ""), f"{abs(d):f}"
    whole, _, frac = digits.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return sign + grouped + ("," + frac if frac else "")


def workbook_from_text(lines: list[str], header_at: int, header_rows: int, sheet: str, numbers: str) -> bytes:
    """Rows of the text document in one sheet. Header cells spanning empty cells to their right that the
    header row below fills are merged (e.g. TRIWULAN over I..IV); single-row titles are merged down over the
    header rows. `numbers`: 'number' (stored as numbers) or 'text_id' (Indonesian-formatted text)."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r, line in enumerate(lines, start=1):
        for c, text in enumerate(line.split("\t") if "\t" in line else [line], start=1):
            text = text.strip()
            if not text:
                continue
            in_header = header_at < r <= header_at + header_rows
            # row numbering ("6.1") stays text, as agencies type it
            value = _number(text) if not in_header and c > 1 else None
            if value is None:
                ws.cell(r, c, text)
            elif numbers == "number":
                ws.cell(r, c, int(value) if value == value.to_integral() else float(value))
            else:
                ws.cell(r, c, indonesian(value))
    top, below = header_at + 1, header_at + 2
    width = max(len(lines[header_at].split("\t")), 1)
    c = 1
    while c <= width:
        if ws.cell(top, c).value and header_rows > 1:
            end = c
            while end + 1 <= width and not ws.cell(top, end + 1).value and ws.cell(below, end + 1).value:
                end += 1
            if end > c:
                ws.merge_cells(start_row=top, start_column=c, end_row=top, end_column=end)
            elif not ws.cell(below, c).value:
                ws.merge_cells(start_row=top, start_column=c, end_row=top + header_rows - 1, end_column=c)
            c = end + 1
        else:
            c += 1
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
