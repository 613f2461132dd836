"""Variants of Lampung's Rencana Aksi Kinerja (a budget summary and history, Renstra and Renja tables, amounts in
prose, one action-plan table per quarter with tick schedules): each lands the same figures as the original
through the one reader, with no spec edit; the tables saved as an XLSX workbook land the text's figures."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from rekap.interpret.numbers import parse_number
from rekap.layouts import adapter_for
from rekap.layouts.spec import load_spec, resolve_spec_path
from rekap.tables.grid import grid_from_lines
from rekap.tables.header import column_numbers, read_band
from rekap.tables.vocabulary import vocabulary
from tests.robustness import xlsx_variants
from tests.robustness.variants import (
    DEMOS,
    assert_same_figures,
    comparable,
    compose,
    land,
    original_figures,
    original_lines,
    renamer,
    wrapped_header,
    year_shift,
)

DEMO = DEMOS["lampung"]
# every header line of the document's planning tables (budget, Renstra, Renja, the quarterly band)
HEADER_RX = re.compile(r"^(?:Tahun\tUraian\t|NO\tTUJUAN\t|NO\tSASARAN\t|No\tSASARAN\t|\tSasaran Strategis\t)")
QUARTER_TITLE_RX = re.compile(r"^TRIWULAN (IV|I{1,3}) ")
ROMAN = {"I": "1", "II": "2", "III": "3", "IV": "4"}


def on_headers(f: Callable[[str], str]) -> Callable[[list[str]], list[str]]:
    """Apply f to every cell of every header line."""

    def run(lines: list[str]) -> list[str]:
        return ["\t".join(f(c) for c in line.split("\t")) if HEADER_RX.search(line) else line for line in lines]

    return run


SYNONYMS = {
    "Uraian": "Nomenklatur",
    "Pagu Dana (Rp)": "Anggaran (Rp)",
    "Pagu Awal (Rp)": "Pagu Murni (Rp)",
    "Pagu Perubahan (Rp)": "Pagu Setelah Perubahan (Rp)",
    "INDIKATOR TUJUAN/SASARAN": "INDIKATOR KINERJA",
    "INDIKATOR TUJUAN/ SASARAN": "IKU",
    "TARGET KINERJA TUJUAN/SASARAN": "TARGET KINERJA",
    "TARGET KINERJA TUJUAN/ SASARAN": "TARGET KINERJA SASARAN",
    "PAGU ANGGARAN (Rp)": "ANGGARAN",
    "Sasaran Strategis": "Sasaran Kinerja",
    "Indikator Kinerja": "IKU",
    "TARGET/TW": "TARGET TW",
    "KEGIATAN / SUB KEGIATAN": "KEGIATAN/SUB-KEGIATAN",
    "INDIKATOR KEG": "INDIKATOR KEGIATAN",
    "AKSI KEGIATAN": "RENCANA AKSI",
    "JADWAL PELAKSANAAN": "WAKTU PELAKSANAAN",
}


def split_headers(lines: list[str]) -> list[str]:
    """Every first header line over two lines (each title wrapped after its first word), then the column
    numbers unless the document prints them already."""
    out: list[str] = []
    for k, line in enumerate(lines):
        first = HEADER_RX.search(line) and not line.startswith("\tSasaran Strategis")
        if not first or line.startswith("No\tSASARAN"):  # the quarterly header is two lines and numbered already
            out.append(line)
            continue
        cells = line.split("\t")
        out += wrapped_header(line)
        nxt = grid_from_lines(lines[k + 1 : k + 3])
        if not any(column_numbers(r) for r in nxt):
            out.append("\t".join(str(j + 1) for j in range(len(cells))))
    return out


def quarter_notation(lines: list[str]) -> list[str]:
    """Quarter cells of the action plans "II" -> "TW 2", titles "TRIWULAN II (DUA)" -> "TRIWULAN 2 (DUA)"."""
    out, in_plan = [], False
    for line in lines:
        if QUARTER_TITLE_RX.match(line):
            in_plan = True
            line = QUARTER_TITLE_RX.sub(lambda m: f"TRIWULAN {ROMAN[m.group(1)]} ", line)
        elif in_plan and "\t" in line and not HEADER_RX.search(line) and not re.fullmatch(r"[\d\t]+", line):
            cells = line.split("\t")
            for j in range(len(cells) - 1):
                q = cells[j].strip()
                target = re.fullmatch(r"-|\d[\d.,]*\s?\S*", cells[j + 1].strip())
                if q in (*ROMAN, *ROMAN.values()) and target and j > 0 and cells[j - 1].strip():
                    cells[j] = f"TW {ROMAN.get(q, q)}"
            line = "\t".join(cells)
        out.append(line)
    return out


def page_breaks(lines: list[str]) -> list[str]:
    """A page break (blank line, page number, the header band again) between a sub kegiatan and its further
    actions, and inside the budget history between a year's first row and its next."""
    band: list[str] = []
    out: list[str] = []
    for k, line in enumerate(lines):
        if line.startswith("No\tSASARAN"):
            band = lines[k : k + 3]
        prev = lines[k - 1] if k else ""
        cut_actions = band and re.match(r"^\t{13}\d\t", line) and re.search(r"\tv\t", prev) and "Sub Kegiatan" in prev
        cut_history = line.startswith("\tBelanja Modal\t350.052.000,-")
        if cut_actions:
            out += ["", "- 7 -", *band]
        elif cut_history:
            out += ["", "Halaman 2 dari 9", "Tahun\tUraian\tPagu Awal (Rp)\tPagu Perubahan (Rp)", "1\t2\t3\t4"]
        out.append(line)
    assert len(out) > len(lines) + 6
    return out


def shifted_rows(lines: list[str]) -> list[str]:
    """Merged-cell drift in the action plans: every other sub kegiatan row starts one cell early."""
    out, n = [], 0
    for line in lines:
        if re.match(r"^\t{9}Sub Kegiatan ", line):
            n += 1
            if n % 2:
                line = line[1:]
        out.append(line)
    return out


VARIANTS: dict[str, Callable[[list[str]], list[str]]] = {
    "rename_synonyms": on_headers(lambda c: SYNONYMS.get(c.strip(), c)),
    "rename_lower_case": on_headers(str.lower),
    "rename_upper_case_synonyms": on_headers(lambda c: SYNONYMS.get(c.strip(), c).upper()),
    "header_two_lines_numbers": split_headers,
    "quarter_notation": quarter_notation,
    "page_breaks_inside_records": page_breaks,
    "shifted_rows": shifted_rows,
}


@pytest.fixture(scope="module")
def expected():
    return original_figures(DEMO)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_lands_the_same_figures(name: str, expected) -> None:
    assert len(expected) == 1181
    assert_same_figures(DEMO, VARIANTS[name], expected)


@pytest.mark.parametrize("shift", [-3, 4])
def test_other_years_and_province(shift: int) -> None:
    sub = compose(renamer(DEMO.places), year_shift(shift))
    lines = original_lines(DEMO)
    variant = [sub(line) for line in lines]
    expected = comparable(land(lines, DEMO.spec), sub)
    got = comparable(land(variant, DEMO.spec))
    assert len(got) == len(expected) == 1181
    assert got == expected
    assert {v[10] for v in got if v[10]} == {str(y + shift) for y in range(2019, 2025)}


# ------------------------------------------------------------------------------------------------- workbook

ID_MONEY_RX = re.compile(r"(\d{1,3}(?:\.\d{3})+)(?:,(\d{1,2}))?(?:,-)?|(\d+),(\d{1,2})")


def _number(text: str) -> Decimal | None:
    """A figure of the text as the number a spreadsheet stores: plain ("80", "72.75") or Indonesian
    ("24.644.927.377,15,-", "87,50"); a mixed or ambiguous one ("20.481.768.777.15") stays text."""
    if re.fullmatch(r"\d+(?:\.\d+)?", text) and not re.fullmatch(r"\d{1,3}\.\d{3}", text):
        return Decimal(text)
    m = ID_MONEY_RX.fullmatch(text)
    if m is None:
        return None
    whole, frac = (m.group(1).replace(".", ""), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
    return Decimal(f"{whole}.{frac}" if frac else whole)


def tables_as_sheets(lines: list[str]) -> list[tuple[str, list[str], int, int]]:
    """Each planning table of the text as its own sheet: (sheet name, its lines — the title, a blank row, the
    header band and the rows up to the next table's title —, the number of header rows, the text line of the
    header)."""
    voc = vocabulary()
    grid = grid_from_lines(lines)
    starts = [k for k, line in enumerate(lines) if HEADER_RX.search(line) and not line.startswith("\tSasaran")]
    out = []
    for n, k in enumerate(starts):
        stop = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = lines[k:stop]
        while body and "\t" not in body[-1]:  # the next table's title, prose between the tables
            body.pop()
        title = next(lines[j] for j in range(k - 1, -1, -1) if lines[j].strip())
        band = read_band(voc, grid, k)
        # the titles' rows (merged as Excel merges them); a row of column numbers below them stays plain cells
        rows = sum(1 for r in grid[k : band.end] if not column_numbers(r))
        out.append((f"Tabel {n + 1}", [title.strip("*"), "", *body], rows, k + 1))
    return out


def _value(text: str):
    parsed = parse_number(text)
    return str(parsed.value.normalize()) if parsed.ok and parsed.kind == "number" else text


def workbook_figures(values) -> list[tuple]:
    voc = vocabulary()
    return sorted(
        (
            v.record_no,
            v.parent_record_no,
            v.level,
            v.role,
            _value(v.text),
            voc.quarter_of(v.quarter_label) if v.quarter_label else None,
            v.year_label,
            v.version_label,
        )
        for v in values
    )


@pytest.mark.parametrize("numbers", ["number", "text_id"])
def test_workbook_lands_the_text_figures(numbers: str, monkeypatch) -> None:
    """One sheet per table, merged header cells, numbers as numbers or as Indonesian-formatted text: each sheet
    lands, value by value, the figures of its table in the text version."""
    monkeypatch.setattr(xlsx_variants, "_number", _number)
    lines = original_lines(DEMO)
    text_values = land(lines, DEMO.spec)
    sheets = tables_as_sheets(lines)
    assert len(sheets) == 10
    spec = {**load_spec(resolve_spec_path(DEMO.spec)), "family": "tabel_xlsx"}
    stored_as_numbers = 0
    for name, sheet_lines, header_rows, header_line in sheets:
        data = xlsx_variants.workbook_from_text(
            sheet_lines, header_at=2, header_rows=header_rows, sheet=name, numbers=numbers
        )
        book = load_workbook(io.BytesIO(data))
        if header_rows > 1 and name != "Tabel 2":  # the history's second header row is its column numbers
            assert book.active.merged_cells.ranges, name
        stored_as_numbers += sum(isinstance(c.value, (int, float)) for row in book.active.iter_rows() for c in row)
        got = adapter_for("tabel_xlsx")(data, spec)
        last = header_line + len(sheet_lines) - 3
        wanted = [v for v in text_values if v.context is None and header_line <= v.line <= last]
        assert {v.table_id for v in got} == {name}
        assert len(got) == len(wanted) > 0, name
        assert workbook_figures(got) == workbook_figures(wanted), name
    assert (stored_as_numbers > 100) == (numbers == "number")
