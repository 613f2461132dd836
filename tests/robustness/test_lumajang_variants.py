"""Variants of Lumajang's Laporan Kinerja (Renstra tables with levels stacked in one PROGRAM/KEGIATAN column,
realisation tables with year columns, realisations stated in prose): each lands the same figures as the original
through the one reader and the prose reader, with no spec edit; its tables saved as an XLSX workbook land the
same table figures; with no spec at all, `rekap onboard` reproduces them."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

import pytest

from rekap.interpret.numbers import parse_number
from rekap.landing.schema import value_row
from rekap.layouts import adapter_for
from rekap.layouts.spec import load_spec, resolve_spec_path
from rekap.tables.cells import LandedValue
from tests.robustness.variants import (
    DEMOS,
    assert_lineage,
    compose,
    figures,
    land,
    land_variant,
    original_lines,
    renamer,
    wrapped_header,
    year_shift,
)
from tests.robustness.xlsx_variants import indonesian

DEMO = DEMOS["lumajang"]
RENSTRA_RX = re.compile(r"^No\tTujuan\tIndikator Tujuan\t")
HEADER_RXS = (
    RENSTRA_RX,
    re.compile(r"^NO\tTUJUAN\t"),
    re.compile(r"^\s*\tURAIAN\tINDIKATOR\t"),
    re.compile(r"^Tujuan\tIndikator\tTarget\t"),
    re.compile(r"^Sasaran\tindikator\t"),
)
ITEM_COLUMN = 6  # URAIAN PROGRAM/KEGIATAN in the Renstra table (Tabel 2.2)


def on_headers(f: Callable[[list[str]], list[str]]) -> Callable[[list[str]], list[str]]:
    """Apply f to the cells of every header line (first and repeated)."""

    def run(lines: list[str]) -> list[str]:
        return ["\t".join(f(line.split("\t"))) if any(rx.search(line) for rx in HEADER_RXS) else line for line in lines]

    return run


SYNONYMS = {
    "Tujuan": "TUJUAN",
    "Indikator Tujuan": "Indikator Kinerja Tujuan",
    "Sasaran Strategis": "SASARAN RENSTRA",
    "Indikator Sasaran Strategis": "IKU Sasaran",
    "Kebijakan": "Arah Kebijakan",
    "Uraian Program/ Kegiatan": "Program / Kegiatan",
    "Sasaran Program / Kegiatan": "Sasaran Kegiatan",
    "Indikator Sasaran Program/ Kegiatan": "Indikator Program/Kegiatan",
    "Target": "Target Kinerja",
    "indikator": "Indikator Kinerja",
    "Tahun 2022": "TH 2022",
    "Tahun 2023": "TH. 2023",
    "Capaian": "Capaian (%)",
    "Capaian Kinerja": "Persentase Capaian",
    "URAIAN": "Uraian",
}


def split_renstra_header(lines: list[str]) -> list[str]:
    """Every Renstra header (first and repeated) over two lines, each title wrapped after its first word; the
    column numbers stay under them."""
    out = []
    for line in lines:
        if not RENSTRA_RX.search(line):
            out.append(line)
            continue
        out += wrapped_header(line)
    return out


PAGE_BREAK = [
    "",
    "",
    "**LAPORAN KINERJA ORGANISASI PERANGKAT DAERAH",
    "BADAN KESATUAN BANGSA DAN POLITIK",
    "KABUPATEN LUMAJANG TAHUN 2023**",
    "",
    "No\tTujuan\tIndikator Tujuan\tSasaran Strategis\tIndikator Sasaran Strategis\tKebijakan\t"
    "Uraian Program/ Kegiatan\tSasaran Program / Kegiatan\tIndikator Sasaran Program/ Kegiatan\tTarget",
    "1\t2\t3\t4\t5\t6\t7\t8\t9\t10",
]


def page_break_inside_records(lines: list[str]) -> list[str]:
    """A page break cutting two records: one after its name and Sasaran cell (indicator and target on the next
    page), one after a program's Kebijakan and name."""
    out = []
    for line in lines:
        cells = line.split("\t")
        if line.startswith("\t" * ITEM_COLUMN + "Penyediaan Gaji dan Tunjangan ASN\t") or (
            len(cells) == 10 and cells[ITEM_COLUMN].startswith("PROGRAM Penguatan IDEOLOGI")
        ):
            cut = 8
            out += ["\t".join(cells[:cut]), *PAGE_BREAK, "\t".join([""] * cut + cells[cut:])]
            continue
        out.append(line)
    return out


def shifted_cells(lines: list[str]) -> list[str]:
    """Merged-cell drift as the PDF extractor produces it in this table: on every third item row the name moves
    into the Kebijakan column; on every fifth the name moves two columns left and the cells after it one."""
    out = []
    items = 0
    for line in lines:
        cells = line.split("\t")
        if len(cells) == 10 and cells[ITEM_COLUMN] and not any(cells[:ITEM_COLUMN]) and not RENSTRA_RX.search(line):
            items += 1
            if items % 5 == 0:
                cells = cells[:4] + [cells[6], ""] + cells[7:] + [""]
            elif items % 3 == 0:
                cells[5], cells[6] = cells[6], ""
        out.append("\t".join(cells).rstrip("\t") if line != line.rstrip("\t") else "\t".join(cells))
    return out


def rows_shifted_left(lines: list[str]) -> list[str]:
    """Every fourth sub kegiatan row of the Renstra table shifted one column left as a whole (name under
    Kebijakan, the Sasaran statement under the name column, ...): the name column holds no item's name."""
    out = []
    items = 0
    for line in lines:
        cells = line.split("\t")
        if len(cells) == 10 and cells[ITEM_COLUMN] and not any(cells[:ITEM_COLUMN]) and not RENSTRA_RX.search(line):
            items += 1
            if items % 4 == 0:
                cells = cells[:5] + cells[6:] + [""]
        out.append("\t".join(cells))
    return out


VARIANTS: dict[str, tuple[Callable[[list[str]], list[str]], Callable[[str], str]]] = {
    "next_fiscal_year": (lambda ls: [year_shift(1)(x) for x in ls], year_shift(1)),
    "year_after_next_other_place": (
        lambda ls: [compose(renamer(DEMO.places), year_shift(2))(x) for x in ls],
        compose(renamer(DEMO.places), year_shift(2)),
    ),
    "place_renamed": (lambda ls: [renamer(DEMO.places)(x) for x in ls], renamer(DEMO.places)),
    "rename_synonyms": (on_headers(lambda cs: [SYNONYMS.get(c.strip(), c) for c in cs]), lambda s: s),
    "rename_lower_case": (on_headers(lambda cs: [c.lower() for c in cs]), lambda s: s),
    "rename_upper_case_synonyms": (
        on_headers(lambda cs: [SYNONYMS.get(c.strip(), c).upper() for c in cs]),
        lambda s: s,
    ),
    "header_split_over_two_lines": (split_renstra_header, lambda s: s),
    "page_break_inside_records": (page_break_inside_records, lambda s: s),
    "shifted_cells": (shifted_cells, lambda s: s),
    "rows_shifted_left": (rows_shifted_left, lambda s: s),
}


@pytest.fixture(scope="module")
def original() -> list[LandedValue]:
    return land(original_lines(DEMO), DEMO.spec)


def test_original_counts(original) -> None:
    assert len(original) == 294
    assert len({(v.table_id, v.record_no) for v in original if v.table_id.startswith("tabel_")}) == 61


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_lands_the_same_figures(name: str, original) -> None:
    make, sub = VARIANTS[name]
    variant, landed = land_variant(DEMO, make)
    assert_lineage(landed, variant)
    assert len(landed) == len(original)
    assert figures(landed, quarter_numbers=False) == figures(original, sub, quarter_numbers=False)


def test_next_year_reads_year_columns_from_the_header(original) -> None:
    """The realisation table's "Tahun 2023 | Tahun 2024" are read as the years they name, and the capaian as the
    document's own year: no spec names a year."""
    lines = [year_shift(1)(x) for x in original_lines(DEMO)]
    got = sorted(
        (v.text, v.year_label)
        for v in land(lines, DEMO.spec)
        if v.table_id == "tabel_3_3" and v.role.startswith("realisation")
    )
    assert got == [("66.92 %", "2023"), ("N/A", "2024"), ("N/A", "2024")]


# --- the tables as an XLSX workbook -----------------------------------------------------------------------------------


def _sheets(lines: list[str], continued: set[int]) -> dict[str, tuple[int, list[list[str]]]]:
    """Each captioned table of the text as an agency keeps it in a sheet: its header band once, its rows, a cell
    the PDF cut at a page break whole again (the rows of `continued` lines joined to the row above)."""
    tables = {"Tabel 2.1": (64, 66), "Tabel 2.2": (76, 209), "Tabel 3.1": (213, 214), "Tabel 3.3": (229, 230)}
    out: dict[str, tuple[int, list[list[str]]]] = {}
    for sheet, (lo, hi) in tables.items():
        band = 2 if sheet != "Tabel 3.1" and sheet != "Tabel 3.3" else 1
        head = [lines[lo].split("\t"), lines[lo + 1].split("\t")][:band]
        rows: list[list[str]] = [list(r) for r in head]
        for k in range(lo + band, hi + 1):
            cells = lines[k].split("\t")
            if "\t" not in lines[k] or cells in head:
                continue
            if k + 1 in continued:
                prev = rows[-1] + [""] * (len(cells) - len(rows[-1]))
                rows[-1] = [f"{p} {c}".strip() for p, c in zip(prev, cells, strict=False)]
                continue
            rows.append(cells)
        out[sheet] = (band, rows)
    return out


def _number(text: str) -> tuple[Decimal, bool] | None:
    """A plain number or percentage of the text version ("83 %", "66.92 %"), and whether it is a percentage."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(%?)", text)
    return (Decimal(m.group(1)), bool(m.group(2))) if m else None


def workbook(lines: list[str], continued: set[int], numbers: str) -> bytes:
    """One sheet per table; header titles spanning columns merged; numbers as numbers or Indonesian text."""
    import io

    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for sheet, (band, rows) in _sheets(lines, continued).items():
        ws = wb.create_sheet(sheet)
        for r, cells in enumerate(rows, start=1):
            for c, text in enumerate(cells, start=1):
                text = text.strip()
                if not text:
                    continue
                found = _number(text) if r > band else None
                if found is None:
                    ws.cell(r, c, text)
                    continue
                value, pct = found
                if numbers == "text_id":
                    ws.cell(r, c, indonesian(value) + (" %" if pct else ""))
                elif pct:  # a percentage as Excel stores it: the fraction, shown with a % format
                    ws.cell(r, c, float(value / 100)).number_format = "0.00%"
                else:
                    ws.cell(r, c, int(value) if value == value.to_integral() else float(value))
        if sheet == "Tabel 2.1":  # TUJUAN over URAIAN | INDIKATOR | TARGET, SASARAN likewise; NO over both rows
            ws.merge_cells("B1:D1")
            ws.merge_cells("E1:G1")
            ws.merge_cells("A1:A2")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table_figures(values: list[LandedValue]) -> list[tuple]:
    """Per table (named as its sheet is), record and role: the texts in reading order, joined (a cell a page
    break cut is one cell in a sheet), each figure as the number it states."""

    def value(text: str):
        parsed = parse_number(text)
        if parsed.ok and parsed.kind in ("number", "percent"):
            return f"{parsed.kind} {parsed.value.normalize()} {parsed.unit_text or ''}".strip()
        return text

    joined: dict[tuple, list[LandedValue]] = {}
    for v in sorted(values, key=lambda v: (v.line, v.column or 0)):
        table = re.sub(r"\W+", "_", v.table_id.lower())
        joined.setdefault((table, v.record_no, v.parent_record_no, v.level, v.role, v.year_label), []).append(v)
    return sorted((*k, value(" ".join(v.text for v in vs))) for k, vs in joined.items())


def continued_lines(values: list[LandedValue]) -> set[int]:
    """Lines whose cells continue a record begun on an earlier line (a page break cut it)."""
    first: dict[tuple[str, int], int] = {}
    for v in sorted(values, key=lambda v: v.line):
        first.setdefault((v.table_id, v.record_no), v.line)
    return {v.line for v in values if v.context is None and first[(v.table_id, v.record_no)] < v.line}


@pytest.mark.parametrize("numbers", ["number", "text_id"])
def test_workbook_lands_the_text_table_figures(numbers: str, original) -> None:
    """Table by table, value by value. The workbook holds the tables only: the realisations stated in prose
    (sections C and D) are not in it and are left out of the comparison."""
    expected = [v for v in original if v.context is None]
    assert continued_lines(expected) == {108, 186}
    data = workbook(original_lines(DEMO), continued_lines(expected), numbers)
    spec = load_spec(resolve_spec_path("tabel_xlsx"))
    got = adapter_for(spec["family"])(data, spec)
    assert {v.table_id for v in got} == {"Tabel 2.1", "Tabel 2.2", "Tabel 3.1", "Tabel 3.3"}
    assert len(got) == len(expected) - 7 == 237  # 7 fragments of two cut records are whole cells in the sheet
    shown = {v.text for v in got if v.table_id == "Tabel 3.3"}
    assert ("66,92 %" if numbers == "text_id" else "66.92%") in shown  # the figure went through the sheet as such
    assert table_figures(got) == table_figures(expected)


# --- onboarding with no spec ------------------------------------------------------------------------------------------


def test_onboard_without_spec_reproduces_the_figures(tmp_path, original) -> None:
    """The spec deleted: `rekap onboard` writes a manifest naming the reader with nothing overridden (no
    overrides file: zero override lines) and the pipeline lands the same figures, prose included."""
    from rekap.extract import extract_document
    from rekap.manifest import load_manifest
    from rekap.onboard import onboard

    folder = tmp_path / "raw" / "35.08-lumajang-kesbangpol" / "2023"
    folder.mkdir(parents=True)
    doc = folder / DEMO.path.name
    doc.write_bytes(DEMO.path.read_bytes())
    done = onboard(doc, "35.08", 2023, "laporan_kinerja")
    assert done.layout == "tabel" and done.overrides_path is None
    assert not (folder / "layout.yml").exists()
    (entry,) = load_manifest(folder / "manifest.yml")
    assert entry.agency_name == "Badan Kesatuan Bangsa dan Politik Kabupaten Lumajang"
    landed = extract_document(entry, tmp_path / "raw")
    assert landed.ok, landed.message
    assert sorted(map(value_row, landed.values)) == sorted(map(value_row, original))
