"""Variants of Luwu Timur's Rencana Aksi Perubahan (levels side by side, quarters in own rows and inline, page
breaks cutting records): each lands the same figures as the original through the one reader, no spec edit."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from rekap.layouts.spec import load_spec, resolve_spec_path
from rekap.tables.reader import extract
from tests.robustness.variants import DEMOS, assert_same_figures, land, original_figures, original_lines, wrapped_header
from tests.robustness.xlsx_variants import workbook_from_text

DEMO = DEMOS["luwu_timur"]
HEADER_RX = re.compile(r"^NO\tSASARAN RENSTRA\t")


def on_headers(f: Callable[[list[str]], list[str]]) -> Callable[[list[str]], list[str]]:
    """Apply f to the cells of every header line (first and repeated)."""

    def run(lines: list[str]) -> list[str]:
        return ["\t".join(f(line.split("\t"))) if HEADER_RX.search(line) else line for line in lines]

    return run


SYNONYMS = {
    "SASARAN RENSTRA": "SASARAN STRATEGIS",
    "INDIKATOR KINERJA": "INDIKATOR SASARAN",
    "INDIKATOR PROGRAM": "IKU PROGRAM",
    "TARGET": "TARGET TAHUNAN",
    "KEGIATAN / SUB KEGIATAN": "KEGIATAN/SUB-KEGIATAN",
    "PENANGGUNG JAWAB": "PENANGGUNGJAWAB",
    "KET": "KETERANGAN",
}


def split_headers(numbers: bool) -> Callable[[list[str]], list[str]]:
    """Every header over two lines (each title wrapped after its first word), optionally the column numbers."""

    def run(lines: list[str]) -> list[str]:
        out = []
        for line in lines:
            if not HEADER_RX.search(line):
                out.append(line)
                continue
            out += wrapped_header(line)
            if numbers:
                out.append("\t".join(str(k + 1) for k in range(len(line.split("\t")))))
        return out

    return run


def quarter_notation(lines: list[str]) -> list[str]:
    """'TW. 2' label cells become 'Triwulan II', inline 'TW 1 : v' becomes 'TW I = v'."""
    roman = {"1": "I", "2": "II", "3": "III", "4": "IV"}
    out = []
    for line in lines:
        if HEADER_RX.search(line):
            out.append(line)
            continue
        cells = [
            re.sub(r"^TW\.?\s*([1-4])\s*:?$", lambda m: f"Triwulan {roman[m.group(1)]}", c.strip()) if c.strip() else c
            for c in line.split("\t")
        ]
        out.append(re.sub(r"TW\s*([1-4])\s*:", lambda m: f"TW {roman[m.group(1)]} =", "\t".join(cells)))
    return out


def extra_page_breaks(lines: list[str]) -> list[str]:
    """A page break (page number, the header again) before every new sasaran row: not inside a record."""
    header = next(line for line in lines if HEADER_RX.search(line))
    out = []
    for k, line in enumerate(lines):
        if k > 6 and re.match(r"^\d+\.?\t", line):
            out += ["", "- 3 -", header]
        out.append(line)
    return out


def shifted_cells(lines: list[str]) -> list[str]:
    """Merged-cell drift: an empty cell inserted inside the level groups of every sasaran row (after the name)
    and of every third item row (before the name), pushing the cells right of it one column on."""
    out = []
    items = 0
    for k, line in enumerate(lines):
        cells = line.split("\t")
        if k > 5 and "\t" in line and not HEADER_RX.search(line) and len(cells) > 9:
            if re.match(r"^\d+\.?$", cells[0]) and cells[2]:
                cells.insert(2, "")
            elif cells[7] and not any(cells[:7]):
                items += 1
                if items % 3 == 0:
                    cells.insert(7, "")
        out.append("\t".join(cells))
    return out


def label_above_item(lines: list[str]) -> list[str]:
    """An item's first quarter ("TW. 1" and its value) printed on the line above the item's name."""
    out = []
    for k, line in enumerate(lines, start=1):
        cells = line.split("\t")
        if k in (10, 18, 28, 32) and len(cells) > 11 and cells[10] == "TW. 1":
            out.append("\t".join([""] * 10 + cells[10:12]))
            cells[10:12] = ["", ""]
            line = "\t".join(cells)
        out.append(line)
    assert len(out) == len(lines) + 4
    return out


VARIANTS: dict[str, Callable[[list[str]], list[str]]] = {
    "quarter_label_above_its_item": label_above_item,
    "shifted_cells": shifted_cells,
    "rename_synonyms": on_headers(lambda cs: [SYNONYMS.get(c.strip(), c) for c in cs]),
    "rename_lower_case": on_headers(lambda cs: [c.lower() for c in cs]),
    "rename_title_case": on_headers(lambda cs: [SYNONYMS.get(c.strip(), c).title() for c in cs]),
    "header_two_lines": split_headers(numbers=False),
    "header_two_lines_numbers": split_headers(numbers=True),
    "quarter_notation": quarter_notation,
    "extra_page_breaks": extra_page_breaks,
}


@pytest.fixture(scope="module")
def expected():
    return original_figures(DEMO)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_lands_the_same_figures(name: str, expected) -> None:
    assert len(expected) == 475
    assert_same_figures(DEMO, VARIANTS[name], expected, inside=True)


@pytest.mark.parametrize("numbers", ["number", "text_id"])
def test_workbook_lands_the_text_figures(numbers: str) -> None:
    from rekap.interpret.numbers import parse_number
    from rekap.layouts import adapter_for

    def value(text: str):
        parsed = parse_number(text)
        return str(parsed.value.normalize()) if parsed.ok and parsed.kind == "number" else text

    lines = original_lines(DEMO)
    data = workbook_from_text(lines, header_at=4, header_rows=1, sheet="Rencana Aksi", numbers=numbers)
    spec = load_spec(resolve_spec_path("tabel_xlsx"))
    got = adapter_for(spec["family"])(data, spec)
    strip = lambda vs: sorted(
        (v.record_no, v.parent_record_no, v.level, v.role, value(v.text), v.quarter_label, v.line) for v in vs
    )
    assert strip(got) == strip(land(lines, DEMO.spec))


def test_inline_quarters_in_two_target_columns_go_to_their_owners() -> None:
    """A sasaran TARGET and a sub kegiatan TARGET both carrying inline quarters: each quarter goes to the owner
    of the column it sits in (what the family adapter could not describe)."""
    lines = original_lines(DEMO)
    k = next(i for i, line in enumerate(lines) if line.startswith("1\tTerciptanya"))
    cells = lines[k].split("\t")
    assert cells[3] == "80.5"
    cells[3] = "80.5 TW 1 : 20 TW 2 : 40 TW 3 : 60 TW 4 : 80.5"
    lines[k] = "\t".join(cells)
    values = extract(lines, {"family": "tabel"})
    sasaran = [v for v in values if v.line == k + 1 and v.level == "sasaran" and v.role.startswith("target")]
    assert sorted((v.role, v.text, v.quarter_label or "", v.column) for v in sasaran) == [
        ("target_annual", "80.5", "", 3),
        ("target_quarter", "20", "TW 1", 3),
        ("target_quarter", "40", "TW 2", 3),
        ("target_quarter", "60", "TW 3", 3),
        ("target_quarter", "80.5", "TW 4", 3),
    ]
    assert len({v.record_no for v in sasaran}) == 1
    item_quarters = [v for v in values if v.line == k + 1 and v.role == "target_quarter" and v.level != "sasaran"]
    assert [v.quarter_label for v in item_quarters] == ["TW. 1"]
