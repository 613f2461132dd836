"""What a submitted file may be before rekap parses it: resource limits checked without inflating anything.

A file received from an agency is untrusted. Its size is checked from the file system before it is read, and a
workbook's size from its zip directory before a single member is inflated (zipfile never yields more than a
member's declared size, so the directory is a safe bound). Rows and cells per sheet are counted while a sheet is
read (`SheetBudget`). Every refusal is a `Refused` whose text is the sentence the operator reads (Bahasa
Indonesia); the caller turns it into a quarantine record of that file alone.

The limits are generous for planning documents and can be changed per installation with environment variables
(``REKAP_MAX_FILE_MB``, ``REKAP_MAX_XLSX_UNCOMPRESSED_MB``, ``REKAP_MAX_XLSX_RATIO``, ``REKAP_MAX_XLSX_MEMBERS``,
``REKAP_MAX_SHEET_ROWS``, ``REKAP_MAX_SHEET_CELLS``, ``REKAP_MAX_MANIFEST_KB``, ``REKAP_MAX_LINE_CHARS``).
"""

from __future__ import annotations

import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path


class Refused(Exception):
    """A file rekap will not read; the message is the whole explanation, in Bahasa Indonesia."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        self.reason, self.line = reason, line
        super().__init__(reason)


def _env_number(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int
    max_xlsx_uncompressed_bytes: int
    max_xlsx_ratio: float
    max_xlsx_members: int
    max_sheet_rows: int
    max_sheet_cells: int
    max_manifest_bytes: int
    max_line_chars: int

    @classmethod
    def current(cls) -> Limits:
        """Read on every call (cheap), so a test or an operator can change a limit without a restart."""
        mb = 1024 * 1024
        return cls(
            max_file_bytes=int(_env_number("REKAP_MAX_FILE_MB", 64) * mb),
            max_xlsx_uncompressed_bytes=int(_env_number("REKAP_MAX_XLSX_UNCOMPRESSED_MB", 256) * mb),
            max_xlsx_ratio=_env_number("REKAP_MAX_XLSX_RATIO", 200),
            max_xlsx_members=int(_env_number("REKAP_MAX_XLSX_MEMBERS", 10_000)),
            max_sheet_rows=int(_env_number("REKAP_MAX_SHEET_ROWS", 100_000)),
            max_sheet_cells=int(_env_number("REKAP_MAX_SHEET_CELLS", 5_000_000)),
            max_manifest_bytes=int(_env_number("REKAP_MAX_MANIFEST_KB", 256) * 1024),
            max_line_chars=int(_env_number("REKAP_MAX_LINE_CHARS", 20_000)),
        )


def _num(n: float, decimals: int = 0) -> str:
    """A number as Indonesian readers write it: '.' groups thousands, ',' marks decimals."""
    return f"{n:,.{decimals}f}".replace(",", "X").replace(".", ",").replace("X", ".")


def _mb(n: float) -> str:
    return f"{_num(n / (1024 * 1024), 1)} MB" if n >= 1024 * 1024 else f"{_num(n / 1024, 1)} KB"


def check_file_size(path: Path, limits: Limits | None = None) -> int:
    """The file's size in bytes; Refused when it is over the limit (checked before the file is read)."""
    limits = limits or Limits.current()
    size = path.stat().st_size
    if size > limits.max_file_bytes:
        raise Refused(
            f"ukuran berkas {_mb(size)} melebihi batas {_mb(limits.max_file_bytes)}; berkas tidak dibaca "
            "(kirim dokumen tanpa lampiran besar, atau pecah menjadi beberapa berkas)"
        )
    return size


def check_manifest_size(path: Path, limits: Limits | None = None) -> None:
    limits = limits or Limits.current()
    size = path.stat().st_size
    if size > limits.max_manifest_bytes:
        raise Refused(f"manifest berukuran {_num(size)} byte melebihi batas {_num(limits.max_manifest_bytes)} byte")


def check_xlsx_directory(data: bytes, limits: Limits | None = None) -> None:
    """Refuse a workbook whose zip directory announces more than the limits allow — before inflating anything."""
    limits = limits or Limits.current()
    # an upper bound of the members, counted before zipfile builds one object per directory entry
    members = data.count(b"PK\x01\x02")
    if members > limits.max_xlsx_members:
        raise Refused(
            f"arsip XLSX berisi sekitar {_num(members)} bagian, melebihi batas "
            f"{_num(limits.max_xlsx_members)} bagian; berkas tidak dibuka"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise Refused(
            f"bukan berkas XLSX yang utuh (arsip zip rusak atau terpotong: {exc}); simpan ulang "
            "berkasnya dari Excel/LibreOffice sebagai .xlsx"
        ) from exc
    total = sum(i.file_size for i in infos)
    if total > limits.max_xlsx_uncompressed_bytes:
        raise Refused(
            f"isi XLSX setelah dibuka berukuran {_mb(total)}, melebihi batas "
            f"{_mb(limits.max_xlsx_uncompressed_bytes)} (diperiksa dari direktori zip, tidak dibuka)"
        )
    for i in infos:
        if i.file_size > 1024 * 1024 and i.file_size > limits.max_xlsx_ratio * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            raise Refused(
                f"bagian {i.filename!r} di dalam XLSX memampat {_num(ratio)}:1 ({_mb(i.file_size)} dari "
                f"{_num(i.compress_size)} byte), melebihi rasio {_num(limits.max_xlsx_ratio)}:1 yang "
                "diizinkan (bom zip?); berkas tidak dibuka"
            )


class SheetBudget:
    """Counts rows and cells while a sheet is read; Refused as soon as either limit is passed."""

    def __init__(self, sheet: str, limits: Limits | None = None) -> None:
        self.sheet, self.limits = sheet, limits or Limits.current()
        self.rows = self.cells = 0

    def take(self, n_cells: int) -> None:
        self.rows += 1
        self.cells += n_cells
        if self.rows > self.limits.max_sheet_rows:
            raise Refused(
                f"sheet {self.sheet!r} memiliki lebih dari {_num(self.limits.max_sheet_rows)} baris "
                "(batas per sheet); berkas tidak dibaca"
            )
        if self.cells > self.limits.max_sheet_cells:
            raise Refused(
                f"sheet {self.sheet!r} memiliki lebih dari {_num(self.limits.max_sheet_cells)} sel "
                f"(batas per sheet; terlampaui di baris {self.rows}); berkas tidak dibaca",
                line=self.rows,
            )


def check_line_lengths(lines: list[str], limits: Limits | None = None) -> None:
    """A text line longer than any table row is not a planning document (and would make pattern matching slow)."""
    limits = limits or Limits.current()
    for i, line in enumerate(lines, start=1):
        if len(line) > limits.max_line_chars:
            raise Refused(
                f"baris ini panjangnya {_num(len(line))} karakter, melebihi batas "
                f"{_num(limits.max_line_chars)} karakter per baris; berkas tidak dibaca",
                line=i,
            )


XML_ERRORS = frozenset({"SAXParseException", "XMLSyntaxError"})


def describe_failure(exc: BaseException) -> str:
    """One sentence (Bahasa Indonesia) for any exception raised while reading one file."""
    import xml.parsers.expat
    import zlib
    from xml.etree.ElementTree import ParseError

    detail = " ".join(str(exc).split())[:200]
    if isinstance(exc, Refused):
        return exc.reason
    # named, not imported: the XML parser openpyxl reads with depends on what is installed (lxml, expat, SAX)
    if isinstance(exc, (ParseError, xml.parsers.expat.ExpatError)) or type(exc).__name__ in XML_ERRORS:
        return (
            f"XML di dalam berkas XLSX rusak ({detail}); buka dan simpan ulang berkasnya dari "
            "Excel/LibreOffice sebagai .xlsx"
        )
    if isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)):
        return f"arsip XLSX rusak atau terpotong ({detail}); simpan ulang berkasnya sebagai .xlsx"
    if isinstance(exc, MemoryError):
        return "memori tidak cukup untuk membaca berkas ini (terlalu besar atau rusak); berkas tidak dibaca"
    if isinstance(exc, RecursionError):
        return "struktur berkas bersarang terlalu dalam untuk dibaca (berkas rusak atau sengaja dibuat berlapis)"
    if isinstance(exc, UnicodeDecodeError):
        return (
            "bukan berkas teks (berisi byte biner atau NUL); yang dapat dibaca: teks UTF-8 (dengan/tanpa BOM), "
            "UTF-16 dengan BOM, atau Windows-1252/Latin-1"
        )
    if isinstance(exc, OSError):
        return f"berkas tidak dapat dibaca ({exc.strerror or detail})"
    return f"galat tak terduga saat membaca berkas ({type(exc).__name__}: {detail})"
