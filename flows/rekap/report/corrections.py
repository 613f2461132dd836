"""The 'daftar perbaikan' workbook (openpyxl): the findings of one agency (or of all), most severe first, with an
empty 'Tanggapan' column the agency fills in when it sends the corrected document back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from rekap.report.labels import CHECK_ID, SEVERITY_ID, label

HEADERS = [
    "No",
    "Tingkat",
    "Perangkat daerah",
    "Wilayah",
    "Tahun",
    "Berkas",
    "Baris",
    "Jenis temuan",
    "Uraian",
    "Tanggapan perangkat daerah",
]
WIDTHS = [5, 12, 34, 22, 7, 38, 7, 34, 80, 40]
SEVERITY_FILL = {"error": "F8D7DA", "warning": "FFF3CD", "info": "E2E3E5"}


def write_corrections(path: Path, title: str, findings: list[dict], generated: dt.datetime) -> Path:
    """One sheet 'Daftar perbaikan': a title line, then one row per finding in the order given (header frozen,
    auto-filter on). Cells hold the warehouse's values as they are (line numbers and years as numbers)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Daftar perbaikan"
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = (
        f"Dibuat {generated:%d-%m-%Y %H:%M}. Mohon perbaiki setiap butir dan kirim ulang dokumen yang telah diperbaiki."
    )
    header_row = 4
    for col, (name, width) in enumerate(zip(HEADERS, WIDTHS), start=1):
        cell = ws.cell(row=header_row, column=col, value=name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, f in enumerate(findings, start=1):
        values = [
            i,
            label(SEVERITY_ID, f["severity"]),
            f["agency_name"],
            f.get("region_name") or f["region_code"],
            f["fiscal_year"],
            f["source_file"],
            f["source_line"],
            label(CHECK_ID, f["check_name"]),
            f["message"],
            None,
        ]
        row = header_row + i
        for col, v in enumerate(values, start=1):
            c = ws.cell(row=row, column=col, value=v)
            c.alignment = wrap
        ws.cell(row=row, column=2).fill = PatternFill("solid", fgColor=SEVERITY_FILL.get(f["severity"], "FFFFFF"))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(HEADERS))}{header_row + max(len(findings), 1)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    wb.properties.created = wb.properties.modified = generated.replace(microsecond=0)
    wb.save(path)
    return path
