"""A grid of cells with positions: what every source (text extracted from a PDF, a sheet) is turned into."""

from __future__ import annotations

from dataclasses import dataclass

from rekap.layouts.textfile import cells


@dataclass(frozen=True, slots=True)
class Cell:
    line: int  # 1-based line (or sheet row)
    column: int  # 0-based column
    text: str  # stripped, otherwise verbatim


@dataclass(frozen=True, slots=True)
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
