"""Write the submission template: XLSX (openpyxl) + the CSV equivalent.

What is pre-filled comes from the dbt seeds (the same reference data the warehouse conforms to):

* ``regions.csv``: the region's name and level (provinsi / kabupaten / kota);
* ``nomenclature.csv`` (Permendagri 90/2019, kabupaten/kota codes: kegiatan digit ``2``) and
  ``nomenclature_additions.csv`` (provincial variants: kegiatan digit ``1``, the province's support program name).
  For a province, a kab/kota kegiatan or sub kegiatan without a provincial entry in the additions is *derived* by
  replacing the digit ``2`` with ``1`` (same name); the template's Petunjuk sheet says how many were derived;
* ``units.csv`` / ``unit_aliases.csv``: the unit list of the *Satuan* sheet (a built-in list when absent).

Every text cell rekap writes that starts with ``=``, ``+``, ``-`` or ``@`` is neutralised (formula injection): in the
CSV it gets a leading ``'``; in the XLSX it is stored as a string with Excel's *quote prefix*, never as a formula.
"""

from __future__ import annotations

import contextlib
import csv
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rekap.i18n import t
from rekap.layouts.spec import load_spec, resolve_spec_path
from rekap.paths import dbt_project_dir
from rekap.warehouse.reference import nomenclature

SPEC_NAME = "templat_rekap"
REGION_CODE_RX = re.compile(r"^\d{2}(\.\d{2})?$")
FORMULA_START = ("=", "+", "-", "@")

BUILTIN_UNITS = (
    "Persen",
    "Indeks",
    "Kategori/Nilai",
    "Orang",
    "Dokumen",
    "Laporan",
    "Unit",
    "Paket",
    "Kali",
    "Surat",
    "Rekening",
    "Jenis",
    "Buah",
    "Eksemplar",
    "Bulan",
    "Kegiatan",
    "Forum",
    "Ormas",
    "Parpol",
    "Fasilitasi",
    "Rupiah",
)
LEVEL_LABELS = {"program": "Program", "kegiatan": "Kegiatan", "sub_kegiatan": "Sub Kegiatan"}
# rows kept free for validation below the pre-filled items (agencies insert rows for extra indicators / items)
SPARE_ROWS = 500


class TemplateError(Exception):
    """The template cannot be written (unknown region, bad year, reference data missing)."""


@dataclass(frozen=True)
class TemplateItem:
    level: str  # program / kegiatan / sub_kegiatan
    code: str
    name: str
    parent_code: str | None
    derived: bool = False  # provincial code derived from the kab/kota one (digit 2 -> 1), not in the seeds


def neutralise(text: str) -> str:
    """A text cell that a spreadsheet could read as a formula gets a leading apostrophe (CSV)."""
    return "'" + text if text.startswith(FORMULA_START) else text


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _seeds_dir(seeds_dir: Path | None) -> Path:
    return seeds_dir if seeds_dir is not None else dbt_project_dir() / "seeds"


def region_of(code: str, seeds: Path) -> tuple[str, str]:
    """(region name, region level) for a Kemendagri code, or TemplateError."""
    code = (code or "").strip()
    bad = TemplateError(t("template.bad_region", code=code))
    if not REGION_CODE_RX.match(code):
        raise bad
    path = seeds / "regions.csv"
    if not path.is_file():
        raise TemplateError(t("template.no_regions", path=path))
    for row in _read_csv(path):
        if row["region_code"] == code:
            return row["region_name"], row["region_level"]
    raise bad


def _kegiatan_digit(code: str) -> str | None:
    parts = code.split(".")
    return parts[3] if len(parts) >= 4 else None


def _provincial(code: str) -> str:
    """The provincial code of a kab/kota code: kegiatan digit 2 -> 1."""
    parts = code.split(".")
    parts[3] = "1"
    return ".".join(parts)


def template_items(region_code: str, seeds_dir: Path | None = None) -> list[TemplateItem]:
    """The nomenclature rows pre-filled for the region's level of government, in tree order: the entries of the
    warehouse's own nomenclature (rekap.warehouse.reference, the dbt model int_nomenclature) for that level, with
    the provincial wording where there is one; for a province, a kab/kota code with no provincial counterpart is
    offered under its derived provincial code (kegiatan digit 2 -> 1)."""
    seeds = _seeds_dir(seeds_dir)
    _, region_level = region_of(region_code, seeds)
    provinsi = region_level == "provinsi"
    base_path = seeds / "nomenclature.csv"
    if not base_path.is_file():
        raise TemplateError(t("template.no_nomenclature", path=base_path))
    entries = [r for r in nomenclature(seeds) if r["level"] in LEVEL_LABELS]
    wanted_gov = "provinsi" if provinsi else "kabkota"

    items: dict[str, TemplateItem] = {}
    for r in entries:
        if r["government_level"] in (wanted_gov, "both"):
            name = (r["name_provinsi"] if provinsi else None) or r["name"]
            items[r["code"]] = TemplateItem(r["level"], r["code"], name, r["parent_code"])
    if provinsi:  # kab/kota entries with no provincial counterpart: derive the code
        for r in entries:
            if r["government_level"] != "kabkota" or r["is_addition"]:
                continue
            pcode = _provincial(r["code"])
            if pcode in items:
                continue
            parent = r["parent_code"]
            if parent and _kegiatan_digit(parent) == "2":
                parent = _provincial(parent)
            items[pcode] = TemplateItem(r["level"], pcode, r["name"], parent, derived=True)

    children: dict[str | None, list[TemplateItem]] = {}
    for it in items.values():
        parent = it.parent_code if it.parent_code in items else None
        children.setdefault(parent, []).append(it)

    def key(it: TemplateItem) -> tuple:
        # support program X.XX.01 first, then by code
        return (not it.code.startswith("X."), [int(p) if p.isdigit() else -1 for p in it.code.split(".")])

    ordered: list[TemplateItem] = []

    def walk(parent: str | None) -> None:
        for it in sorted(children.get(parent, []), key=key):
            ordered.append(it)
            walk(it.code)

    walk(None)
    return ordered


def units_list(seeds_dir: Path | None = None) -> list[str]:
    """Units offered in the Satuan list: the canonical units of units.csv (title-cased), else a built-in list."""
    path = _seeds_dir(seeds_dir) / "units.csv"
    if not path.is_file():
        return list(BUILTIN_UNITS)
    out: list[str] = []
    for row in _read_csv(path):
        u = row.get("canonical_unit", "")
        if u:
            label = "Kategori/Nilai" if u == "kategori_nilai" else u.replace("_", " ").title()
            if label not in out:
                out.append(label)
    return out or list(BUILTIN_UNITS)


def spec_columns() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    spec = load_spec(resolve_spec_path(SPEC_NAME))
    return spec, list(spec["columns"])


def _petunjuk(region_code: str, region_name: str, year: int, n_items: int, n_derived: int, spec: dict) -> list[str]:
    meta = spec["metadata"]
    lines = [
        f"PETUNJUK PENGISIAN TEMPLAT RENCANA AKSI DAN REALISASI TAHUN {year}",
        f"Wilayah: {region_name} (kode Kemendagri {region_code})",
        "",
        "1. Isi sheet 'Rencana Aksi'. Jangan mengganti nama sheet, judul kolom (baris judul), "
        f"maupun isi sel '{meta['region_code']}' dan '{meta['fiscal_year']}' di bagian atas.",
        f"2. Tulis nama perangkat daerah Anda pada sel '{meta['agency_name']}'.",
        f"3. Kolom Kode, Tingkat dan Nama sudah terisi sesuai nomenklatur Permendagri 90/2019 ({n_items} baris). "
        "Isi hanya baris program, kegiatan dan sub kegiatan yang dilaksanakan perangkat daerah Anda; "
        "baris yang tidak diisi akan diabaikan. Baris yang tidak dipakai boleh dihapus.",
        "4. Untuk kode urusan, ganti 'X.XX' dengan kode urusan/bidang perangkat daerah Anda bila perlu (mis. 8.01).",
        "5. Satu item memiliki lebih dari satu indikator? Sisipkan baris baru tepat di bawah item tersebut, "
        "kosongkan kolom Kode, Tingkat dan Nama, lalu isi Indikator, Satuan, target dan realisasinya.",
        "6. Item yang tidak ada dalam daftar: sisipkan baris di bawah induknya dan isi Kode, Tingkat "
        "(Program / Kegiatan / Sub Kegiatan) dan Nama.",
        "7. Satuan: pilih dari daftar (sheet 'Satuan'). Satuan lain boleh diketik; Excel akan memberi peringatan.",
        "8. Target dan realisasi: tulis angka saja, tanpa satuan. Persentase ditulis sebagai angka persen "
        "(87,5 untuk 87,5%), bukan 0,875. Nilai berupa predikat boleh ditulis seperti 'B (67,34)'.",
        "9. Target per triwulan adalah target pada triwulan tersebut sebagaimana tertulis di dokumen Rencana Aksi "
        "(kenaikan per triwulan, bagian dari pekerjaan setahun, atau tingkat capaian yang dipertahankan).",
        "10. Pagu dan realisasi anggaran dalam Rupiah, angka saja (tanpa 'Rp' dan tanpa titik ribuan yang diketik "
        "sebagai teks). Realisasi anggaran diisi kumulatif: jumlah yang dibelanjakan sejak awal tahun sampai "
        "dengan akhir triwulan tersebut (s.d. TW).",
        "11. Sel yang tidak ada nilainya dikosongkan (jangan diisi 0). Tanda '-' atau 'N/A' dibaca sebagai "
        "'tidak ada nilai', bukan nol.",
        "12. Jangan menulis rumus yang hasilnya tidak tersimpan; simpan berkas dengan Excel/LibreOffice sebelum dikirim.",
        "13. Kirim berkas .xlsx ini (bukan PDF) kepada pemerintah provinsi bersama surat pengantar. Berkas CSV "
        "disediakan sebagai rujukan kolom yang sama untuk aplikasi lain.",
    ]
    if n_derived:
        lines += [
            "",
            f"Catatan: {n_derived} kode kegiatan/sub kegiatan provinsi diturunkan dari kode kabupaten/kota "
            "(digit '2' diganti '1', nama sama) karena belum ada dalam data referensi.",
        ]
    return lines


def _prefill_key(col: dict[str, Any]) -> str | None:
    """Which pre-filled value a spec column holds: 'code', 'level', 'name' or None (filled by the agency)."""
    if not col.get("prefilled"):
        return None
    if col.get("kind") == "level":
        return "level"
    if col.get("role") == "row_no":
        return "code"
    if col.get("role") == "name":
        return "name"
    return None


def _prefill(it: TemplateItem, what: str) -> str:
    return {"code": it.code, "level": LEVEL_LABELS[it.level], "name": it.name}[what]


def _write_str(cell: Any, text: str) -> None:
    """Write a text cell that can never become a formula."""
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        with contextlib.suppress(AttributeError):  # older openpyxl
            cell.quotePrefix = True


def _rule(type: str, formula1: str, style: str, title: str, error: str, **more: str) -> dict[str, Any]:
    """One Excel data validation: what the cell accepts, and what Excel says (refusing, or warning) otherwise."""
    return dict(type=type, formula1=formula1, errorStyle=style, errorTitle=title, error=error, **more)


def _non_negative(style: str, title: str, error: str) -> dict[str, Any]:
    """A decimal >= 0 (an amount, a target)."""
    return _rule("decimal", "0", style, title, error, operator="greaterThanOrEqual")


def _validation(kind: str | None, n_units: int) -> dict[str, Any] | None:
    """The Excel data validation of a column of this kind: money must be a non-negative amount (refused
    otherwise); a target, a unit off the list or a level only warn (a grade 'B (67,34)' is a valid target)."""
    rules: dict[str, dict[str, Any]] = {
        "money": _non_negative(
            "stop",
            "Angka tidak valid",
            "Isi dengan angka Rupiah >= 0 (tanpa 'Rp' dan tanpa titik ribuan), atau kosongkan.",
        ),
        "target": _non_negative(
            "warning",
            "Periksa nilai",
            "Biasanya angka >= 0 (persen ditulis 87,5, bukan 0,875). Predikat seperti "
            "'B (67,34)' boleh: pilih Ya untuk tetap menyimpan.",
        ),
        "unit": _rule(
            "list",
            f"=Satuan!$A$2:$A${n_units + 1}",
            "warning",
            "Satuan",
            "Satuan tidak ada dalam daftar (sheet 'Satuan'). Pilih Ya untuk tetap memakai.",
        ),
        "level": _rule(
            "list",
            '"' + ",".join(LEVEL_LABELS.values()) + '"',
            "stop",
            "Tingkat",
            "Pilih Program, Kegiatan atau Sub Kegiatan.",
        ),
    }
    return rules.get(kind or "")


def write_template(region_code: str, year: int, out_dir: Path, *, seeds_dir: Path | None = None) -> list[Path]:
    """Write templat_rekap_<region>_<year>.xlsx and .csv into out_dir; return their paths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    seeds = _seeds_dir(seeds_dir)
    region_code = (region_code or "").strip()
    region_name, _ = region_of(region_code, seeds)
    try:
        year = int(year)
    except (TypeError, ValueError) as exc:
        raise TemplateError(t("template.year_not_number", year=year)) from exc
    if not 2000 <= year <= 2099:
        raise TemplateError(t("template.year_range", year=year))
    items = template_items(region_code, seeds)
    if not items:
        raise TemplateError(t("template.no_rows", path=seeds))
    units = units_list(seeds)
    spec, columns = spec_columns()
    meta = spec["metadata"]
    headers = [c["header"] for c in columns]
    n_derived = sum(it.derived for it in items)

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"templat_rekap_{region_code}_{year}"
    xlsx_path, csv_path = out_dir / f"{stem}.xlsx", out_dir / f"{stem}.csv"

    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="E7E6E6")
    yellow = PatternFill("solid", fgColor="FFF2CC")
    head_fill = PatternFill("solid", fgColor="BDD7EE")
    wrap = Alignment(wrap_text=True, vertical="top")

    wb = Workbook()
    pt = wb.active
    pt.title = "Petunjuk"
    for i, line in enumerate(_petunjuk(region_code, region_name, year, len(items), n_derived, spec), start=1):
        c = pt.cell(row=i, column=1)
        _write_str(c, line)
        c.alignment = Alignment(wrap_text=True, vertical="top")
        if i == 1:
            c.font = Font(bold=True, size=13)
    pt.column_dimensions["A"].width = 120

    ws = wb.create_sheet("Rencana Aksi")
    _write_str(ws.cell(row=1, column=1), f"RENCANA AKSI DAN REALISASI KINERJA TAHUN {year}")
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    meta_rows = [
        (meta["region_code"], region_code, grey),
        (meta["region_name"], region_name, grey),
        (meta["fiscal_year"], year, grey),
        (meta["agency_name"], None, yellow),
    ]
    for r, (label, value, fill) in enumerate(meta_rows, start=2):
        _write_str(ws.cell(row=r, column=1), label)
        ws.cell(row=r, column=1).font = bold
        v = ws.cell(row=r, column=2)
        if isinstance(value, str):
            _write_str(v, value)
            v.number_format = "@"
        elif value is not None:
            v.value = value
        v.fill = fill
    header_row = len(meta_rows) + 3  # title, metadata, one blank row
    first = header_row + 1
    for j, h in enumerate(headers, start=1):
        c = ws.cell(row=header_row, column=j)
        _write_str(c, h)
        c.font, c.fill, c.alignment = bold, head_fill, Alignment(wrap_text=True, vertical="center")
    ws.row_dimensions[header_row].height = 45
    for i, it in enumerate(items):
        r = first + i
        for j, col in enumerate(columns, start=1):
            what = _prefill_key(col)
            if what is None:
                continue
            c = ws.cell(row=r, column=j)
            _write_str(c, _prefill(it, what))
            c.fill = grey
            if what == "name":
                c.alignment = wrap
                if it.level == "program":
                    c.font = bold
    last = first + len(items) + SPARE_ROWS - 1

    widths = {"code": 18, "level": 13, "name": 60}
    for j, c in enumerate(columns, start=1):
        kind = c.get("kind")
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = widths.get(
            _prefill_key(c) or "", 40 if c.get("role") == "indicator" else 16
        )
        rng = f"{letter}{first}:{letter}{last}"
        rule = _validation(kind, len(units))
        if rule is not None:
            dv = DataValidation(allow_blank=True, showErrorMessage=True, **rule)
            dv.add(rng)
            ws.add_data_validation(dv)
        if kind == "money":
            for r in range(first, first + len(items)):
                ws.cell(row=r, column=j).number_format = "#,##0.00"
    ws.freeze_panes = ws.cell(row=first, column=4)

    su = wb.create_sheet("Satuan")
    _write_str(su.cell(row=1, column=1), "Satuan")
    su.cell(row=1, column=1).font = bold
    for i, u in enumerate(units, start=2):
        _write_str(su.cell(row=i, column=1), u)
    su.column_dimensions["A"].width = 24

    wb.active = 1  # open on the sheet to fill; Petunjuk is the first tab
    wb.save(xlsx_path)

    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([neutralise(h) for h in headers])
        for it in items:
            w.writerow([neutralise(_prefill(it, key) if (key := _prefill_key(c)) else "") for c in columns])
    return [xlsx_path, csv_path]
