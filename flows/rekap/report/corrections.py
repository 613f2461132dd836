"""The 'daftar perbaikan' workbook (openpyxl): the findings of one agency (or of all), most severe first, with an
empty 'Tanggapan' column the agency fills in when it sends the corrected document back.

Same findings, same bytes: the only date in the file (its properties, its zip entries, the line under the title) is
the date of the documents it is about, never the time it was written, so a report rebuilt over the same warehouse
leaves an agency's workbook as it was."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import zipfile
from concurrent.futures import ProcessPoolExecutor
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from rekap.report.fmt import fmt_date
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
REQUEST = "Mohon perbaiki setiap butir dan kirim ulang dokumen yang telah diperbaiki."
ZIP_EPOCH = dt.datetime(1980, 1, 1)  # the earliest time a zip entry can carry: a workbook about no dated document

WorkbookJob = tuple[str, list[dict], "dt.date | None"]  # title, findings in order, date of the latest document


def write_corrections(path: Path, title: str, findings: list[dict], as_of: dt.date | None) -> Path:
    """One sheet 'Daftar perbaikan': a title line, the date of the latest document the findings are about (as_of),
    then one row per finding in the order given (header frozen, auto-filter on). Cells hold the warehouse's values
    as they are (line numbers and years as numbers)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Daftar perbaikan"
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"Berdasarkan dokumen yang diterima s.d. {fmt_date(as_of)}. {REQUEST}" if as_of else REQUEST
    header_row = 4
    for col, (name, width) in enumerate(zip(HEADERS, WIDTHS), start=1):
        cell = ws.cell(row=header_row, column=col, value=name)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE7F0")
        ws.column_dimensions[get_column_letter(col)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions[get_column_letter(len(HEADERS))].alignment = wrap
    # Each style is set the ordinary way on the first cell that needs it and its indices copied to the others
    # (openpyxl's own way to copy a style): setting it per cell hashes every style object again, which dominated
    # writing a national list of findings. Styles are registered in the same order, so the bytes are the same.
    styled: dict[str | None, StyleArray] = {}
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
        ]  # the response column stays empty: its column style wraps what the agency types
        row = header_row + i
        for col, v in enumerate(values, start=1):
            c = ws.cell(row=row, column=col, value=v)
            if "wrap" in styled:
                c._style = copy(styled["wrap"])
            else:
                c.alignment = wrap
                styled["wrap"] = copy(c._style)
        severity = f["severity"] if f["severity"] in SEVERITY_FILL else None
        c = ws.cell(row=row, column=2)
        if severity in styled:
            c._style = copy(styled[severity])
        else:
            c.fill = PatternFill("solid", fgColor=SEVERITY_FILL.get(f["severity"], "FFFFFF"))
            styled[severity] = copy(c._style)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(HEADERS))}{header_row + max(len(findings), 1)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    stamp = dt.datetime.combine(as_of, dt.time()) if as_of else ZIP_EPOCH
    wb.properties.created = wb.properties.modified = stamp
    with _StampedZip(path, stamp) as archive:
        ExcelWriter(wb, archive).save()  # not wb.save(), which stamps the wall clock into the properties
    return path


class _StampedZip(zipfile.ZipFile):
    """A zip whose every entry carries one given time, not the time it was written (zipfile's default for an entry
    written from a string, and the temporary file's for one written from a file)."""

    def __init__(self, path: Path, stamp: dt.datetime) -> None:
        super().__init__(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
        self._stamp = (max(stamp, ZIP_EPOCH)).timetuple()[:6]

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None) -> None:
        if isinstance(zinfo_or_arcname, zipfile.ZipInfo):
            info = zinfo_or_arcname
        else:
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._stamp)
            info.compress_type = self.compression
            info.external_attr = 0o600 << 16
        super().writestr(info, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None) -> None:
        with open(filename, "rb") as f:
            self.writestr(str(arcname or filename), f.read(), compress_type, compresslevel)


MIN_PER_WORKER = 32  # workbooks per extra process: fewer are written here, where starting a process costs more


def write_all(folder: Path, workbooks: dict[str, WorkbookJob]) -> None:
    """Write every workbook (file name -> title, findings, as_of) into folder: on every core when there are
    many (a national report has one per agency), each file the same bytes whichever process writes it."""
    jobs = [(folder / name, title, findings, as_of) for name, (title, findings, as_of) in workbooks.items()]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    workers = max(1, min(cores, len(jobs) // MIN_PER_WORKER))
    if workers < 2:
        for job in jobs:
            write_corrections(*job)
        return
    # spawn, not fork: the caller may be a multi-threaded Prefect worker, where forking can deadlock
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for _ in pool.map(_write_job, jobs, chunksize=max(1, len(jobs) // (workers * 8))):
            pass


def _write_job(job: tuple[Path, str, list[dict], dt.date | None]) -> Path:
    return write_corrections(*job)
