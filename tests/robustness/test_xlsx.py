"""Bangka's table saved as an XLSX workbook lands the same figures as the text version (read by the same reader)."""

from __future__ import annotations

import pytest

from rekap.interpret.numbers import parse_number
from rekap.layouts import adapter_for
from rekap.layouts.spec import load_spec, resolve_spec_path
from tests.robustness.variants import DEMOS, land, original_lines
from tests.robustness.xlsx_variants import indonesian, workbook_from_text

DEMO = DEMOS["bangka"]


def figures(values) -> list[tuple]:
    """Value by value, each figure as the number it states (text that is no number stays text)."""

    def value(text: str):
        parsed = parse_number(text)
        return str(parsed.value.normalize()) if parsed.ok and parsed.kind == "number" else text

    return sorted(
        (v.record_no, v.parent_record_no, v.level, v.role, value(v.text), v.quarter_label, v.line) for v in values
    )


def test_indonesian_format() -> None:
    from decimal import Decimal

    assert indonesian(Decimal("1030000.00")) == "1.030.000,00"
    assert indonesian(Decimal("6.25")) == "6,25"


@pytest.mark.parametrize("numbers", ["number", "text_id"])
def test_bangka_workbook_lands_the_text_figures(numbers: str) -> None:
    lines = original_lines(DEMO)
    data = workbook_from_text(lines, header_at=2, header_rows=2, sheet="Rencana Aksi", numbers=numbers)
    spec = load_spec(resolve_spec_path("tabel_xlsx"))
    got = adapter_for(spec["family"])(data, spec)
    expected = land(lines, DEMO.spec)
    assert {v.table_id for v in got} == {"Rencana Aksi"}
    assert len(got) == len(expected) == 575
    assert figures(got) == figures(expected)
    if numbers == "text_id":
        assert any(v.text == "1.030.000,00" for v in got)


def test_bangka_workbook_onboarded_and_loaded_by_the_pipeline(tmp_path) -> None:
    from rekap.extract import extract_document
    from rekap.manifest import load_manifest
    from rekap.onboard import onboard

    lines = original_lines(DEMO)
    folder = tmp_path / "raw" / "19.01-bangka-kesbangpol" / "2024"
    folder.mkdir(parents=True)
    book = folder / "rencana_aksi_2024.xlsx"
    book.write_bytes(workbook_from_text(lines, header_at=2, header_rows=2, sheet="Rencana Aksi", numbers="number"))
    done = onboard(book, "19.01", 2024, "rencana_aksi")
    assert done.layout == "tabel_xlsx" and done.overrides_path is None
    (entry,) = load_manifest(folder / "manifest.yml")
    assert entry.agency_name == "Badan Kesatuan Bangsa dan Politik Kabupaten Bangka"
    landed = extract_document(entry, tmp_path / "raw")
    assert landed.ok, landed.message
    assert figures(landed.values) == figures(land(lines, DEMO.spec))
