"""Layout family ``templat_xlsx``: the submission template rekap writes (``rekap template``), filled by an agency.

The workbook is read with openpyxl (read-only, cached values). One sheet (spec ``sheet``) holds metadata cells
(label in column A, value in column B) above a header row, then one row per program / kegiatan / sub kegiatan:

* a row whose level column names a level (``Program`` / ``Kegiatan`` / ``Sub Kegiatan``) is an *item*: its code
  (landed as ``row_no``), name, indicator, unit, targets, realisations and budget are one record;
* a row with no code, level or name but with figures is *another indicator* of the item above it: a record of its
  own at the item's level whose parent is the item (the warehouse gives it the item's name);
* the parent of an item is the nearest item above it with a higher level (program > kegiatan > sub kegiatan).

Only rows the agency filled are landed, with the names of their ancestors (so the hierarchy is kept); the ~150
pre-filled rows nobody touched land nothing. Empty cells land nothing.

Lineage: ``table_id`` = sheet name, ``line`` = 1-based sheet row, ``column`` = 0-based column index.

Verbatim text: text cells are landed as typed (surrounding whitespace stripped). Spreadsheets carry *numbers*, not
text, in numeric cells: such a cell is landed as the number Excel shows in its General format (15 significant
digits, so binary float artefacts such as 0.30000000000000004 disappear), written plainly with ``.`` as the decimal
mark and no grouping (``24994979377.15``). A value of 1-3 integer digits with exactly three decimals (``2.125``)
gets a trailing zero (``2.1250``), because ``2.125`` is ambiguous in Indonesian documents (thousands dot); the value
is unchanged. A cell formatted as a percentage (value 0.875 shown as 87.5%) is landed as ``87.5%``.

``LayoutMismatch`` (line = sheet row) when: the file is not an XLSX workbook, the sheet is missing, the header row
is missing or a header is renamed, the metadata (region code, fiscal year) is missing or malformed or differs from
what the submission declares (when the caller passes ``spec['expect'] = {'region_code': ..., 'fiscal_year': ...}``),
a row names an unknown level or continues no item, a formula has no saved result, or a numeric column holds text
that is not a number, a percentage, a grade or a placeholder (checked with rekap.interpret.numbers, the same reader
the warehouse uses).

Untrusted workbooks: rows and cells of the sheet are counted while it is read and the read stops past the limits of
rekap.guard (a sheet whose dimension claims a million rows is refused, not materialised); the zip directory has
been checked by the caller before the workbook is opened. ``notes()`` tells what Excel hides from the sender: hidden
sheets (not read, unless it is the spec's sheet) and hidden rows/columns of the sheet read (read like the others).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from rekap.guard import SheetBudget
from rekap.layouts.errors import LayoutMismatch
from rekap.tables.cells import LandedValue

INPUT = "bytes"
VERSION = "1"
FAMILY = "templat_xlsx"

LEVEL_RANK = {"program": 1, "kegiatan": 2, "sub_kegiatan": 3}
REGION_CODE_RX = re.compile(r"^\d{2}(\.\d{2})?$")
_AMBIGUOUS_3DP = re.compile(r"^-?[1-9]\d{0,2}\.\d{3}$")
TARGET_KINDS = frozenset({"number", "percent", "grade", "placeholder"})
MONEY_KINDS = frozenset({"number", "placeholder"})


@dataclass(frozen=True)
class _Col:
    header: str
    index: int  # 0-based, where the header actually sits
    role: str | None
    kind: str
    quarter_label: str | None
    prefilled: bool


def _norm(text: Any) -> str:
    return " ".join(str(text).split()).casefold() if text is not None else ""


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def number_text(value: int | float | Decimal, number_format: str | None = None) -> str:
    """The text of a numeric cell as landed (see the module docstring)."""
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    pct = bool(number_format and "%" in number_format)
    if isinstance(value, float):
        d = Decimal(format(value * 100 if pct else value, ".15g"))
    else:
        d = Decimal(value) * (100 if pct else 1)
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    if _AMBIGUOUS_3DP.match(text):
        text += "0"
    return text + ("%" if pct else "")


def _load(data: bytes, data_only: bool):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data), read_only=True, data_only=data_only)


def _bounded_rows(ws, sheet: str):
    """The sheet's rows, refused (guard.Refused) past the per-sheet row and cell limits: a sheet whose dimension
    claims a million rows is stopped while it is read, not after."""
    budget = SheetBudget(sheet)
    for r in ws.iter_rows():
        budget.take(len(r))
        yield r


def notes(data: bytes, spec: dict[str, Any]) -> list[tuple[int | None, str, str]]:
    """What the sender may not see in Excel: hidden sheets (not read, unless it is the sheet rekap reads) and
    hidden rows or columns of the sheet rekap reads (read like any other). (row, kind, sentence in Bahasa Indonesia)."""
    sheet_name = spec.get("sheet", "Rencana Aksi")
    out: list[tuple[int | None, str, str]] = []
    wb = _load(data, data_only=True)
    try:
        for ws in wb.worksheets:
            state = getattr(ws, "sheet_state", "visible") or "visible"
            if state == "visible":
                continue
            if ws.title == sheet_name:
                said = (
                    f"sheet {ws.title!r} tersembunyi di Excel ({state}); sheet ini tetap dibaca karena rekap "
                    "membaca sheet ini"
                )
            else:
                said = (
                    f"sheet tersembunyi {ws.title!r} ({state}) TIDAK dibaca: rekap hanya membaca sheet "
                    f"{sheet_name!r}; jika ada data di sana, pindahkan ke sheet {sheet_name!r}"
                )
            out.append((None, "hidden_sheet", said))
        path = getattr(wb[sheet_name], "_worksheet_path", None) if sheet_name in wb.sheetnames else None
    finally:
        wb.close()
    if path:
        rows, cols = _hidden_rows_and_columns(data, path.lstrip("/"))
        if rows:
            shown = ", ".join(str(r) for r in rows[:10]) + (", ..." if len(rows) > 10 else "")
            said = (
                f"{len(rows)} baris tersembunyi pada sheet {sheet_name!r} (baris {shown}) TETAP dibaca seperti "
                "baris lain; hapus barisnya jika isinya bukan bagian dari rencana"
            )
            out.append((rows[0], "hidden_rows", said))
        if cols:
            said = f"kolom tersembunyi pada sheet {sheet_name!r} ({', '.join(cols)}) tetap dibaca jika judulnya dikenal"
            out.append((None, "hidden_columns", said))
    return out


def _hidden_rows_and_columns(data: bytes, member: str) -> tuple[list[int], list[str]]:
    """Hidden rows (1-based) and hidden column ranges of one worksheet, streamed from its XML (never loaded
    whole; the workbook's size was checked by rekap.guard before this runs)."""
    from xml.etree.ElementTree import iterparse

    rows: list[int] = []
    cols: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf, zf.open(member) as fh:
        for _, el in iterparse(fh, events=("end",)):
            tag = el.tag.rsplit("}", 1)[-1]
            if tag == "row":
                if el.get("hidden") in ("1", "true") and (el.get("r") or "").isdigit():
                    rows.append(int(el.get("r", "")))
                el.clear()
            elif tag == "col" and el.get("hidden") in ("1", "true"):
                lo, hi = int(el.get("min", "0")), int(el.get("max", "0"))
                cols.append(_letter(lo - 1) if lo == hi else f"{_letter(lo - 1)}-{_letter(min(hi, 16384) - 1)}")
            elif tag == "c":
                el.clear()
    return rows, cols


def _columns(header_cells: list[Any], row_no: int, spec: dict, sheet: str) -> list[_Col]:
    where: dict[str, int] = {}
    j: int | None
    for j, v in enumerate(header_cells):
        if v is not None and _norm(v):
            where.setdefault(_norm(v), j)
    cols = []
    for c in spec["columns"]:
        j = where.get(_norm(c["header"]))
        if j is None:
            found = ", ".join(str(v) for v in header_cells if v is not None)
            raise LayoutMismatch(row_no, f"kolom berjudul {c['header']!r} di baris kepala sheet {sheet!r}", found)
        cols.append(
            _Col(c["header"], j, c.get("role"), c.get("kind", "text"), c.get("quarter_label"), bool(c.get("prefilled")))
        )
    return cols


def _check_metadata(meta: dict[str, tuple[int, Any]], spec: dict, sheet: str, header_row: int) -> None:
    labels = spec.get("metadata") or {}
    expect = spec.get("expect") or {}
    for key in ("region_code", "fiscal_year"):
        label = labels.get(key)
        if not label:
            continue
        if _norm(label) not in meta:
            raise LayoutMismatch(header_row, f"sel berlabel {label!r} (kolom A) di atas kepala tabel sheet {sheet!r}")
        row, value = meta[_norm(label)]
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = "" if value is None else str(value).strip()
        if key == "region_code":
            if not REGION_CODE_RX.match(text):
                raise LayoutMismatch(
                    row, f"kode wilayah Kemendagri seperti 35.08 di sel B{row} ({label}) sheet {sheet!r}", text
                )
        elif not re.fullmatch(r"20\d\d", text):
            raise LayoutMismatch(row, f"tahun anggaran seperti 2025 di sel B{row} ({label}) sheet {sheet!r}", text)
        want = expect.get(key)
        if want is not None and str(want).strip() != text:
            raise LayoutMismatch(row, f"{label} {want} (sesuai manifest kiriman) di sel B{row} sheet {sheet!r}", text)


def _cell_text(value: Any, number_format: str | None, col: _Col, row: int, sheet: str) -> str | None:
    """Verbatim text of a cell, or None when empty; LayoutMismatch for what a column cannot hold."""
    where = f"kolom {col.header!r} (sel {_letter(col.index)}{row}) sheet {sheet!r}"
    if value is None:
        return None
    if isinstance(value, (bool, dt.datetime, dt.date, dt.time)):
        raise LayoutMismatch(row, f"angka atau teks di {where}", str(value))
    if isinstance(value, (int, float, Decimal)):
        if col.kind in ("target", "money"):
            return number_text(value, number_format)
        return number_text(value) if col.kind != "code" else str(value)
    text = str(value).strip()
    if not text:
        return None
    if col.kind in ("target", "money"):
        from rekap.interpret.numbers import parse_number

        parsed = parse_number(text, "money" if col.kind == "money" else None)
        allowed = MONEY_KINDS if col.kind == "money" else TARGET_KINDS
        if parsed.kind not in allowed:
            what = (
                "jumlah Rupiah (angka) atau tanda kosong (-, N/A)"
                if col.kind == "money"
                else "angka, persentase, nilai seperti 'B (67,34)' atau tanda kosong (-, N/A)"
            )
            raise LayoutMismatch(row, f"{what} di {where}", text)
    return text


def extract(data: bytes, spec: dict[str, Any]) -> list[LandedValue]:
    if spec.get("family") != FAMILY:
        raise ValueError(f"spec is for family {spec.get('family')!r}, not {FAMILY!r}")
    sheet_name = spec.get("sheet", "Rencana Aksi")
    table_id = spec.get("table_id", sheet_name)
    try:
        wb = _load(data, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise LayoutMismatch(
            None, "buku kerja XLSX (templat rekap yang sudah diisi, disimpan sebagai .xlsx)", type(exc).__name__
        ) from exc
    try:
        if sheet_name not in wb.sheetnames:
            raise LayoutMismatch(None, f"sheet bernama {sheet_name!r}", ", ".join(wb.sheetnames))
        ws = wb[sheet_name]
        rows = [[(c.value, getattr(c, "number_format", None)) for c in r] for r in _bounded_rows(ws, sheet_name)]
    finally:
        wb.close()

    # header row: the row among the first rows holding the most spec headers (at least half of them)
    wanted = {_norm(c["header"]) for c in spec["columns"]}
    search = int(spec.get("header_search_rows", 30))
    best, best_hits = None, 0
    for i, r in enumerate(rows[:search]):
        hits = len(wanted & {_norm(v) for v, _ in r if v is not None})
        if hits > best_hits:
            best, best_hits = i, hits
    if best is None or best_hits * 2 < len(wanted):
        raise LayoutMismatch(
            None,
            f"baris kepala sheet {sheet_name!r} (Kode, Tingkat, Nama ..., Pagu (Rp)) dalam {search} baris pertamanya",
        )
    header_row = best + 1
    cols = _columns([v for v, _ in rows[best]], header_row, spec, sheet_name)

    meta: dict[str, tuple[int, Any]] = {}
    for i, r in enumerate(rows[:best]):
        if r and r[0][0] is not None and _norm(r[0][0]):
            meta.setdefault(_norm(r[0][0]), (i + 1, r[1][0] if len(r) > 1 else None))
    _check_metadata(meta, spec, sheet_name, header_row)

    levels = {_norm(k): v for k, v in (spec.get("levels") or {}).items()}
    level_col = next((c for c in cols if c.kind == "level"), None)
    prefilled = [c for c in cols if c.prefilled]
    data_cols = [c for c in cols if not c.prefilled]

    formulas = None  # loaded lazily: only when a cell is empty in the cached values

    # pass 1: read every row into (row number, level, prefilled texts, data texts)
    parsed_rows = []
    for i in range(best + 1, len(rows)):
        r = rows[i]
        row_no = i + 1

        def get(c: _Col, r: list = r) -> tuple[Any, str | None]:
            return r[c.index] if c.index < len(r) else (None, None)

        texts: dict[_Col, str] = {}
        for c in cols:
            value, fmt = get(c)
            if value is None and c in data_cols:
                if formulas is None:
                    fwb = _load(data, data_only=False)
                    try:
                        formulas = {
                            (ri + 1, ci): cell.value
                            for ri, rr in enumerate(_bounded_rows(fwb[sheet_name], sheet_name))
                            for ci, cell in enumerate(rr)
                            if isinstance(cell.value, str) and cell.value.startswith("=")
                        }
                    finally:
                        fwb.close()
                f = formulas.get((row_no, c.index))
                if f is not None:
                    raise LayoutMismatch(
                        row_no,
                        f"nilai tersimpan untuk rumus di sel {_letter(c.index)}{row_no} "
                        f"sheet {sheet_name!r} (buka berkas di Excel/LibreOffice lalu simpan)",
                        f,
                    )
            t = _cell_text(value, fmt, c, row_no, sheet_name)
            if t is not None:
                texts[c] = t
        if not texts:
            continue
        level = None
        if level_col is not None and level_col in texts:
            level = levels.get(_norm(texts[level_col]))
            if level is None:
                raise LayoutMismatch(
                    row_no,
                    f"tingkat ({', '.join(spec.get('levels') or {})}) di kolom "
                    f"{level_col.header!r} (sel {_letter(level_col.index)}{row_no}) sheet "
                    f"{sheet_name!r}",
                    texts[level_col],
                )
        has_item = any(c in texts for c in prefilled)
        has_data = any(c in texts for c in data_cols)
        if has_item and level is None:
            raise LayoutMismatch(
                row_no,
                f"tingkat (Program / Kegiatan / Sub Kegiatan) di kolom "
                f"{level_col.header if level_col else 'Tingkat'!r} sheet {sheet_name!r} "
                f"untuk baris yang berisi kode atau nama",
                None,
            )
        parsed_rows.append((row_no, level, texts, has_data))

    # which items to land: those with data, their continuation rows, and their ancestors
    land: set[int] = set()
    stack: list[tuple[int, int]] = []  # (rank, index in parsed_rows) of the current ancestors
    last_item: int | None = None
    for k, (row_no, level, _texts, has_data) in enumerate(parsed_rows):
        if level is not None:
            rank = LEVEL_RANK[level]
            while stack and stack[-1][0] >= rank:
                stack.pop()
            stack.append((rank, k))
            last_item = k
            if has_data:
                land.update(idx for _, idx in stack)
        else:
            if last_item is None:
                raise LayoutMismatch(
                    row_no,
                    f"baris program, kegiatan atau sub kegiatan di atas baris indikator ini "
                    f"sheet {sheet_name!r} (isi Kode, Tingkat dan Nama)",
                    None,
                )
            land.update(idx for _, idx in stack)
            land.add(k)

    values: list[LandedValue] = []
    record_of: dict[int, int] = {}
    open_items: list[tuple[int, int | None]] = []  # (rank, record) of the current ancestors
    item_level: str | None = None
    item_record: int | None = None
    next_no = 1
    for k, (row_no, level, texts, _has_data) in enumerate(parsed_rows):
        if level is not None:
            rank = LEVEL_RANK[level]
            while open_items and open_items[-1][0] >= rank:
                open_items.pop()
            parent = open_items[-1][1] if open_items else None
            if k not in land:
                open_items.append((rank, None))
                item_level, item_record = level, None
                continue
            rec, rec_level = next_no, level
            open_items.append((rank, rec))
            item_level, item_record = level, rec
        else:
            if k not in land:  # pragma: no cover - continuation rows are always landed
                continue
            rec, rec_level, parent = next_no, item_level, item_record
        next_no += 1
        record_of[k] = rec
        for c in cols:
            if c not in texts or c.role is None:
                continue
            values.append(
                LandedValue(
                    table_id=table_id,
                    record_no=rec,
                    level=rec_level,
                    role=c.role,
                    text=texts[c],
                    line=row_no,
                    column=c.index,
                    parent_record_no=parent,
                    quarter_label=c.quarter_label,
                )
            )
    return values
