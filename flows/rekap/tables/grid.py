"""A grid of cells with positions: what every source (text extracted from a PDF, a sheet) is turned into."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from decimal import Decimal

from rekap.layouts.textfile import cells


# Cell and Row are treated as immutable (hashed by value) but not frozen: a frozen dataclass sets every field
# through object.__setattr__, which makes building one several times dearer, and a grid has one per line and cell.
@dataclass(slots=True, unsafe_hash=True)
class Cell:
    line: int  # 1-based line (or sheet row)
    column: int  # 0-based column
    text: str  # stripped, otherwise verbatim


@dataclass(slots=True, unsafe_hash=True)
class Row:
    """One line of the source. `tabbed` is False for a line of running text (a title, a signature, prose)."""

    line: int
    cells: tuple[str, ...]
    raw: str
    tabbed: bool

    @property
    def blank(self) -> bool:
        return not any(self.cells)

    def filled(self) -> list[Cell]:
        return [Cell(self.line, j, t) for j, t in enumerate(self.cells) if t]


def grid_from_lines(lines: list[str]) -> list[Row]:
    """Text lines with tab-separated cells (index 0 = line 1) as rows of the grid."""
    return [Row(i + 1, tuple(cells(line)), line, "\t" in line) for i, line in enumerate(lines)]


def cell_text(value: object, number_format: str | None = None) -> str:
    """A spreadsheet value as the text a reader sees: numbers without float noise (1030000.0 -> "1030000",
    0.8 formatted as a percentage -> "80%"), dates as ISO, text stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if number_format and "%" in number_format:
            return f"{format((d * 100).normalize(), 'f')}%"
        return format(d.normalize(), "f") if d == d.to_integral() or "E" in repr(value) else format(d, "f")
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    return str(value).strip()


def grid_from_workbook(data: bytes) -> dict[str, list[Row]]:
    """Every sheet of an XLSX workbook as rows of the grid (line = sheet row, column = 0-based sheet column).

    A merged cell holds its value in its top-left cell only, as in the sheet: a header title merged over the
    quarter columns is read like a title spanning them in text. A row with one filled cell in its first column
    is running text (a title), like an untabbed line."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    out: dict[str, list[Row]] = {}
    for ws in wb.worksheets:
        rows: list[Row] = []
        for r, row in enumerate(ws.iter_rows(), start=1):
            texts = tuple(cell_text(c.value, getattr(c, "number_format", None)) for c in row)
            filled = [j for j, t in enumerate(texts) if t]
            tabbed = len(filled) > 1 or bool(filled and filled[0] > 0)
            rows.append(Row(r, texts, "\t".join(texts), tabbed))
        out[ws.title] = rows
    wb.close()
    return out
