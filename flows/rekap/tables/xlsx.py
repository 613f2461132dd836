"""The one table reader on an XLSX workbook (``family: tabel_xlsx``): same reading, the grid comes from sheets.

A separate family name only because the pipeline hands a workbook's bytes, not text lines, to its adapter.
"""

from __future__ import annotations

import zipfile
from typing import Any

from rekap.layouts.errors import LayoutMismatch
from rekap.tables.cells import LandedValue
from rekap.tables.reader import VERSION, _landed, read_workbook

INPUT = "bytes"
__all__ = ["INPUT", "VERSION", "extract"]


def extract(data: bytes, spec: dict[str, Any]) -> list[LandedValue]:
    try:
        reading = read_workbook(data, spec)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise LayoutMismatch(None, f"buku kerja XLSX ({type(exc).__name__}: {exc})") from exc
    return _landed(reading)
