"""Onboard an agency's document without code: read it with the one table reader, write manifest.yml (and an
overrides spec only where inference needs one) beside it, and print a preview a planner can check.

Everything the planner reads is in Bahasa Indonesia. The reading is the same the warehouse will do (``family:
tabel``), so what the preview shows is what lands.
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from rekap.layouts import prose
from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.spec import load_spec, resolve_spec_path
from rekap.layouts.textfile import read_lines
from rekap.manifest import DOCUMENT_TYPES, PLAN_VERSIONS, REGION_CODE_RX, DocumentEntry
from rekap.sources import pdf
from rekap.tables.grid import grid_from_workbook
from rekap.tables.reader import Reading, read_document, read_workbook

OVERRIDES_NAME = "layout.yml"
PREVIEW_RECORDS = 8
AGENCY_RX = re.compile(
    r"\b((?:BADAN|DINAS|SEKRETARIAT|INSPEKTORAT|KANTOR|SATUAN|BIRO|RUMAH SAKIT)\b[^\t*]*?"
    r"(?:KABUPATEN|KOTA|PROVINSI|KAB\.)\s+[^\t*]+?)"
    r"(?=\s+(?:TAHUN|RENCANA|LAPORAN|RENSTRA|RENJA|PERJANJIAN|DOKUMEN)\b|\*|\s*$)",  # the title's next words
    re.IGNORECASE,
)

LEVEL_ID = {
    "agency": "perangkat daerah",
    "belanja": "belanja",
    "tujuan": "tujuan",
    "sasaran": "sasaran",
    "program": "program",
    "kegiatan": "kegiatan",
    "sub_kegiatan": "sub kegiatan",
    "aksi": "aksi",
    "item": "kegiatan/sub kegiatan",
    None: "-",
}
ROLE_ID = {
    "row_no": "nomor",
    "name": "nama",
    "indicator": "indikator",
    "unit": "satuan",
    "target_annual": "target tahunan",
    "target_quarter": "target triwulan",
    "target_year": "target per tahun",
    "budget": "pagu/anggaran",
    "budget_share_pct": "porsi pagu (%)",
    "schedule_mark": "jadwal (tanda)",
    "year": "tahun",
    "realisation": "realisasi",
    "realisation_pct": "capaian (%)",
    "budget_realisation": "realisasi anggaran",
    "officer": "penanggung jawab",
    "note": "keterangan",
    None: "TIDAK DIKENALI",
}


class OnboardError(Exception):
    """A problem with the command's input, stated in Bahasa Indonesia for the planner."""


@dataclass
class Onboarding:
    file: Path
    manifest_path: Path
    layout: str
    overrides_path: Path | None
    reading: Reading
    notes: list[str] = field(default_factory=list)


def guess_agency(lines: list[str]) -> str | None:
    """The agency named in the document's title lines ("BADAN ... KABUPATEN BANGKA"), in title case: the first
    lines, else the first title naming one anywhere."""
    head = " ".join(line.strip(" *") for line in lines[:12] if "\t" not in line and line.strip())
    m = AGENCY_RX.search(head)
    if m is None:  # a report opening with tables before its title (the title repeated on every page)
        m = AGENCY_RX.search(" ".join(line.strip(" *") for line in lines if "\t" not in line and line.strip()))
    if m is None:
        return None
    small = {"DAN", "DARI", "DI", "KE", "UNTUK"}
    return " ".join(
        w.lower() if w.upper() in small else w.capitalize() if w.isupper() else w for w in m.group(1).split()
    )


def _overrides(reading: Reading) -> list[dict[str, str]]:
    """Columns inference could not name but that hold text: landed as notes until the planner says otherwise."""
    out = []
    for t in reading.tables:
        used = {c.column for c in t.unplaced}
        for j, col in t.columns.items():
            if col.role is None and j in used and col.title:
                out.append({"header": "^" + re.escape(col.title) + "$", "role": "note"})
    return out


def _prose_notes(lines: list[str]) -> list[str]:
    """Figures the document states in sentences (prose.py) land beside its tables: say how many, per section."""
    try:
        values = prose.extract_report(lines)
    except LayoutMismatch as exc:
        return [f"angka dalam uraian (prosa) tidak dapat dibaca: {exc}"]
    per = Counter(v.table_id for v in values if v.role != "name")
    return [f"{n} angka dari uraian bagian {sid} (prosa) ikut dimuat" for sid, n in sorted(per.items())]


def _manifest_text(agency: str, region: str, year: int, file: str, doc_type: str, version: str, layout: str) -> str:
    return (
        f"agency_name: {yaml.safe_dump(agency, allow_unicode=True).strip().removesuffix('...').strip()}\n"
        f'region_code: "{region}"\n'
        f"fiscal_year: {year}\n"
        "documents:\n"
        f"  - file: {file}\n"
        f"    document_type: {doc_type}\n"
        f"    plan_version: {version}\n"
        f"    layout: {layout}\n"
    )


def onboard(
    file: Path,
    region: str,
    year: int,
    doc_type: str,
    version: str = "murni",
    agency: str | None = None,
    write: bool = True,
) -> Onboarding:
    if not file.is_file():
        raise OnboardError(f"{file}: berkas tidak ditemukan")
    if not REGION_CODE_RX.match(region):
        raise OnboardError(f'--region: diharapkan kode wilayah Kemendagri seperti "18" atau "19.01", bukan {region!r}')
    if not 2000 <= year <= 2099:
        raise OnboardError(f"--year: diharapkan tahun anggaran 2000-2099, bukan {year}")
    if doc_type not in DOCUMENT_TYPES:
        raise OnboardError(f"--type: diharapkan salah satu dari {', '.join(DOCUMENT_TYPES)}, bukan {doc_type!r}")
    if version not in PLAN_VERSIONS:
        raise OnboardError(f"--version: diharapkan murni atau perubahan, bukan {version!r}")
    data = file.read_bytes()
    family = "tabel_xlsx" if data[:2] == b"PK" else "tabel"
    lines: list[str] = []
    if family == "tabel_xlsx":

        def read(spec: dict) -> Reading:
            try:
                return read_workbook(data, spec)
            except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
                raise OnboardError(f"{file}: bukan buku kerja XLSX yang dapat dibaca ({exc})") from exc
    else:
        try:
            lines = document_lines(data)
        except pdf.NoTextLayer as exc:
            raise OnboardError(f"{file}: {pdf.NEEDS_OCR}") from exc
        except UnicodeDecodeError as exc:
            raise OnboardError(f"{file}: bukan berkas teks, XLSX atau PDF yang dapat dibaca") from exc

        def read(spec: dict) -> Reading:
            return read_document(lines, spec)

    spec_path = file.parent / OVERRIDES_NAME
    reading = read({"family": family})
    overrides = _overrides(reading)
    notes: list[str] = []
    layout = family  # specs/tabel.yml, specs/tabel_xlsx.yml: the reader with nothing overridden
    written_overrides: Path | None = None
    if overrides:
        layout = f"./{OVERRIDES_NAME}"
        written_overrides = spec_path
        reading = read({"family": family, "columns": overrides})
        notes.append(f"{len(overrides)} kolom tidak dikenali dicatat sebagai keterangan di {OVERRIDES_NAME}: periksa")
    if family == "tabel_xlsx":  # the title rows of the first sheet
        first = next(iter(grid_from_workbook(data).values()), [])
        lines = [" ".join(c for c in r.cells if c) for r in first[:12] if not r.tabbed]
    if lines:
        notes += _prose_notes(lines)
    agency_name = agency or guess_agency(lines)
    if agency_name is None:
        agency_name = "Perangkat Daerah (isi nama)"
        notes.append("nama perangkat daerah tidak ditemukan di judul dokumen: isi agency_name di manifest.yml")
    manifest = file.parent / "manifest.yml"
    if write:
        if manifest.exists():
            raise OnboardError(f"{manifest}: sudah ada; hapus atau ubah secara manual (onboard tidak menimpa)")
        manifest.write_text(
            _manifest_text(agency_name, region, year, file.name, doc_type, version, layout), encoding="utf-8"
        )
        if written_overrides is not None:
            body = yaml.safe_dump({"family": family, "columns": overrides}, allow_unicode=True, sort_keys=False)
            written_overrides.write_text(
                "# Overrides of what the one table reader infers (docs/spec_reference.md), written by rekap onboard.\n"
                + body,
                encoding="utf-8",
            )
    return Onboarding(file, manifest, layout, written_overrides, reading, notes)


def preview(reading: Reading, title: str) -> str:
    """What will land, for a planner to check: tables, column mapping, first records, counts, unplaced cells."""
    out = [title, ""]
    if not reading.tables:
        out.append(
            "Tidak ada tabel ditemukan: tidak ada baris judul kolom dengan sedikitnya tiga kata judul "
            "(NO, SASARAN, INDIKATOR, SATUAN, TARGET, TRIWULAN, PROGRAM, ANGGARAN ...)."
        )
    for t in reading.tables:
        a, b = t.header_lines
        end = f", data sampai baris {t.last_line}" if t.last_line else ""
        out.append(f"Tabel {t.table_id}: judul kolom baris {a}-{b}{end}")
        if t.problem:
            out.append(f"  TIDAK DAPAT DIBACA: {t.problem}")
        if t.error is not None:
            out.append(f"  PEMBACAAN BERHENTI di baris {t.error.line}: {t.error}")
        out.append("  Kolom -> (tingkat, peran):")
        for j, c in t.columns.items():
            q = f", triwulan {c.quarter_label}" if c.quarter_label else ""
            src = " [override]" if c.source == "override" else ""
            level = LEVEL_ID.get(c.level, c.level) if c.level or c.role is None else "tingkat baris"
            out.append(
                f"    {j:>2} {c.title or '(tanpa judul)':<40} -> ({level}, {ROLE_ID.get(c.role, c.role)}{q}){src}"
            )
        records: dict[int, list] = {}
        for v in t.values:
            records.setdefault(v.record_no, []).append(v)
        if records:
            out.append(f"  {PREVIEW_RECORDS} rekaman pertama (dari {len(records)}):")
        for no in list(records)[:PREVIEW_RECORDS]:
            vs = records[no]
            parent = f" induk #{vs[0].parent_record_no}" if vs[0].parent_record_no else ""
            cells = "; ".join(
                f"{ROLE_ID.get(v.role, v.role)}{'[' + v.quarter_label + ']' if v.quarter_label else ''}="
                f"{v.text if len(v.text) <= 40 else v.text[:37] + '...'}"
                for v in vs
            )
            out.append(f"    #{no} {LEVEL_ID.get(vs[0].level, vs[0].level)}{parent} (baris {vs[0].line}): {cells}")
        if t.values:
            out.append("  Jumlah nilai per tingkat / peran / triwulan:")
            for (lv, role, q), n in sorted(
                Counter((v.level or "", v.role, v.quarter_label or "") for v in t.values).items()
            ):
                out.append(f"    {LEVEL_ID.get(lv or None, lv):<22} {ROLE_ID.get(role, role):<18} {q or '-':<6} {n:>5}")
        if t.unplaced:
            out.append(f"  {len(t.unplaced)} sel tidak dapat ditempatkan:")
            for cell in t.unplaced:
                out.append(f"    baris {cell.line}, kolom {cell.column}: {cell.text!r}")
        out.append("")
    if reading.outside:
        out.append(
            f"{len(reading.outside)} baris bertab di luar tabel (tidak dimuat), mis. baris "
            + ", ".join(str(r.line) for r in reading.outside[:10])
        )
    total = sum(len(t.values) for t in reading.tables)
    unplaced = sum(len(t.unplaced) for t in reading.tables)
    out.append(f"Total: {len(reading.tables)} tabel, {total} nilai akan dimuat, {unplaced} sel tidak ditempatkan.")
    return "\n".join(out)


def document_lines(data: bytes) -> list[str]:
    """A text document's lines, or a PDF's tables and text as the same tab-separated lines the refresh reads."""
    return pdf.read_pdf(data).lines if pdf.is_pdf(data) else read_lines(data)


def preview_entry(entry: DocumentEntry) -> str | None:
    """The onboard preview of a declared document read by the one table reader (None for other families)."""
    spec = load_spec(resolve_spec_path(entry.layout, entry.manifest_path.parent))
    if spec.get("family") not in ("tabel", "tabel_xlsx"):
        return None
    data = entry.file.read_bytes()
    reading = read_workbook(data, spec) if spec["family"] == "tabel_xlsx" else read_document(document_lines(data), spec)
    return preview(reading, f"{entry.file.name} (layout: {entry.layout})")
