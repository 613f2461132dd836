"""The 'daftar perbaikan' workbook (openpyxl): the findings of one agency (or of all), most severe first, with an
empty 'Tanggapan' column the agency fills in when it sends the corrected document back.

Same findings, same bytes: the only date in the file (its properties, its zip entries, the line under the title) is
the date of the documents it is about, never the time it was written, so a report rebuilt over the same warehouse
leaves an agency's workbook as it was.

A national report writes hundreds of these, alike but for their title and rows: what openpyxl writes for a date and
the fills the findings use (styles, theme, properties, the sheet around its rows) is written once per process and
the title and the rows, as openpyxl would write them (sheetrows.py), are put in; a sheet with a value openpyxl must
write itself is written by openpyxl whole. Both ways give the same bytes."""

from __future__ import annotations

import datetime as dt
import functools
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

from rekap.report import sheetrows
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


def _values(i: int, f: dict) -> list:
    return [
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


def write_corrections(
    path: Path, title: str, findings: list[dict], as_of: dt.date | None, *, openpyxl_cells: bool = False
) -> Path:
    """One sheet 'Daftar perbaikan': a title line, the date of the latest document the findings are about (as_of),
    then one row per finding in the order given (header frozen, auto-filter on). Cells hold the warehouse's values
    as they are (line numbers and years as numbers). openpyxl_cells: every finding row through openpyxl's cells
    (the same bytes, slower: what the rows written by sheetrows are compared with)."""
    rows = [(_values(i, f), _fill_key(f)) for i, f in enumerate(findings, start=1)]
    stamp = dt.datetime.combine(as_of, dt.time()) if as_of else ZIP_EPOCH
    spliced = None
    if rows and not openpyxl_cells and sheetrows.plain(title) and all(sheetrows.plain(v) for r, _ in rows for v in r):
        try:
            spliced = _spliced(title, rows, as_of)
        except RuntimeError:  # openpyxl wrote its parts otherwise than expected: it writes the whole sheet
            spliced = None
    with _StampedZip(path, stamp) as archive:
        if spliced is not None:
            for name, data in spliced:
                archive.writestr(name, data)
        else:
            wb = _workbook(title, rows, len(rows), as_of)
            wb.properties.created = wb.properties.modified = stamp
            ExcelWriter(wb, archive).save()  # not wb.save(), which stamps the wall clock into the properties
    return path


def _spliced(title: str, rows: list[tuple[list, str | None]], as_of: dt.date | None) -> list[tuple[str, bytes]]:
    """The parts openpyxl writes for this date and these fills, with the title and rows put in."""
    keys = tuple(dict.fromkeys(key for _, key in rows))
    out = []
    for name, data in _parts(as_of, keys):
        if name == SHEET_PART:
            data = sheetrows.splice(data, HEADER_ROW, len(HEADERS), keys, rows, title, TITLE_MARK, LAST_MARK)
        elif name == BOOK_PART:
            data = _last_row(data, HEADER_ROW + len(rows))
        out.append((name, data))
    return out


@functools.lru_cache(maxsize=256)
def _parts(as_of: dt.date | None, keys: tuple[str | None, ...]) -> list[tuple[str, bytes]]:
    """What openpyxl writes (entry name, bytes, in order) for a workbook of this date whose findings have these
    fills, in the order they first appear: one row per fill (registering the styles in the order the whole sheet
    does), a marked title, and an auto-filter down to a marked last row. The same for every agency of that date
    and fills, so written once."""
    rows = [([0] * (len(HEADERS) - 1), key) for key in keys]
    wb = _workbook(TITLE_MARK, rows, LAST_MARK - HEADER_ROW, as_of)
    wb.properties.created = wb.properties.modified = dt.datetime.combine(as_of, dt.time()) if as_of else ZIP_EPOCH
    parts = _Parts()
    ExcelWriter(wb, parts).save()
    return parts.written


def _last_row(book: bytes, row: int) -> bytes:
    """workbook.xml of those parts with the auto-filter's range (a defined name) ending at `row`."""
    last = get_column_letter(len(HEADERS))
    marked, whole = f"${last}${LAST_MARK}<".encode(), f"${last}${row}<".encode()
    if book.count(marked) != 1:
        raise RuntimeError(f"unexpected workbook from openpyxl: not one {marked!r}")
    return book.replace(marked, whole)


class _Parts:
    """Where ExcelWriter writes a workbook's entries: kept as bytes, in order."""

    def __init__(self) -> None:
        self.written: list[tuple[str, bytes]] = []

    def writestr(self, name: str, data: str | bytes) -> None:
        self.written.append((name, data.encode("utf-8") if isinstance(data, str) else data))

    def write(self, filename: str, arcname: str) -> None:
        self.writestr(arcname, Path(filename).read_bytes())

    def namelist(self) -> list[str]:
        return [name for name, _ in self.written]

    def close(self) -> None:
        pass


SHEET_PART, BOOK_PART = "xl/worksheets/sheet1.xml", "xl/workbook.xml"
HEADER_ROW = 4
TITLE_MARK = "rekap-daftar-perbaikan-title"  # stands for the title in the parts written once per date and fills
LAST_MARK = 999999  # the auto-filter's last row in those parts: the workbook's own last row is put in its place


def _fill_key(f: dict) -> str | None:
    return f["severity"] if f["severity"] in SEVERITY_FILL else None


def _workbook(title: str, rows: list[tuple[list, str | None]], total: int, as_of: dt.date | None) -> Workbook:
    """The workbook with the given finding rows (values, fill key); `total` findings in the whole list (the
    auto-filter's range)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Daftar perbaikan"
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    ws["A2"] = f"Berdasarkan dokumen yang diterima s.d. {fmt_date(as_of)}. {REQUEST}" if as_of else REQUEST
    header_row = HEADER_ROW
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
    for row, (values, key) in enumerate(rows, start=header_row + 1):
        for col, v in enumerate(values, start=1):
            c = ws.cell(row=row, column=col, value=v)
            if "wrap" in styled:
                c._style = copy(styled["wrap"])
            else:
                c.alignment = wrap
                styled["wrap"] = copy(c._style)
        c = ws.cell(row=row, column=2)
        if key in styled:
            c._style = copy(styled[key])
        else:
            c.fill = PatternFill("solid", fgColor=SEVERITY_FILL.get(key or "", "FFFFFF"))
            styled[key] = copy(c._style)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    ws.auto_filter.ref = f"A{header_row}:{get_column_letter(len(HEADERS))}{header_row + max(total, 1)}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"
    return wb


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


# Workbooks per extra process. A workbook takes a few milliseconds; a spawned process about a second of CPU to start
# (it imports openpyxl) and the findings are pickled to it: a national report (590 workbooks, about 3 s here) is
# written here, where two processes would cost 1.5 s more CPU to save well under a second.
MIN_PER_WORKER = 400


def write_all(folder: Path, workbooks: dict[str, WorkbookJob]) -> None:
    """Write every workbook (file name -> title, findings, as_of) into folder: on every core when there are
    very many (MIN_PER_WORKER per process), each file the same bytes whichever process writes it."""
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
