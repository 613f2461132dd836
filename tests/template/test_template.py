"""The submission template: generate -> fill (as an agency would) -> read back with layout family templat_xlsx.

The fast tests call the adapter directly; the slow one drops the filled file into raw/, runs the refresh and checks
the figures in the published views (issue #6 'Done when').
"""

from __future__ import annotations

import csv
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest

from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.spec import load_spec, resolve_spec_path
from rekap.layouts.templat_xlsx import extract, number_text
from rekap.template import TemplateError, template_items, write_template
from tests.conftest import REPO
from tests.template import helpers as H


@pytest.fixture(scope="module")
def spec() -> dict:
    return load_spec(resolve_spec_path("templat_rekap"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Path]:
    return write_template(H.REGION, H.YEAR, tmp_path_factory.mktemp("tpl"))


@pytest.fixture(scope="module")
def filled(generated, tmp_path_factory) -> Path:
    return H.fill(generated[0], tmp_path_factory.mktemp("filled") / "rencana_aksi_2025.xlsx")


def by(values, **kw):
    return [v for v in values if all(getattr(v, k) == w for k, w in kw.items())]


# --- writing ---------------------------------------------------------------------------------------------------


def test_template_files_sheets_and_metadata(generated) -> None:
    xlsx, csv_path = generated
    assert xlsx.name == "templat_rekap_35.09_2025.xlsx" and csv_path.name == "templat_rekap_35.09_2025.csv"
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames == ["Petunjuk", "Rencana Aksi", "Satuan"]
    text = " ".join(str(c.value) for c in wb["Petunjuk"]["A"] if c.value)
    assert "PETUNJUK PENGISIAN" in text and "Kabupaten Jember" in text and "bukan nol" in text
    ws = wb["Rencana Aksi"]
    assert (ws["A2"].value, ws["B2"].value) == ("Kode Wilayah", "35.09")
    assert (ws["A4"].value, ws["B4"].value) == ("Tahun Anggaran", 2025)
    assert ws["B3"].value == "Kabupaten Jember"
    units = [c.value for c in wb["Satuan"]["A"]][1:]
    assert "Persen" in units and "Orang" in units and "Dokumen" in units


def test_template_prefills_kabkota_nomenclature_with_validation(generated) -> None:
    ws = openpyxl.load_workbook(generated[0])["Rencana Aksi"]
    hrow, cols = H.header_map(ws)
    rows = [
        (ws.cell(r, cols["Kode"]).value, ws.cell(r, cols["Tingkat"]).value) for r in range(hrow + 1, ws.max_row + 1)
    ]
    codes = [c for c, _ in rows]
    assert rows[0] == ("X.XX.01", "Program")
    assert ws.cell(hrow + 1, cols["Nama Program / Kegiatan / Sub Kegiatan"]).value.endswith("KABUPATEN/KOTA")
    assert "8.01.02.2.01.01" in codes and not any(c.split(".")[3:4] == ["1"] for c in codes)
    assert codes.index("8.01.02") < codes.index("8.01.02.2.01") < codes.index("8.01.02.2.01.01")
    kinds = {(dv.type, dv.errorStyle) for dv in ws.data_validations.dataValidation}
    assert ("list", "warning") in kinds  # Satuan from the Satuan sheet
    assert ("decimal", "stop") in kinds  # money >= 0
    assert ("decimal", "warning") in kinds  # targets (a grade may be typed over the warning)
    unit_dv = next(dv for dv in ws.data_validations.dataValidation if dv.type == "list" and "Satuan!" in dv.formula1)
    assert unit_dv.formula1.startswith("=Satuan!$A$2")


def test_template_for_a_province_uses_provincial_codes(tmp_path) -> None:
    items = template_items("18")
    codes = {it.code for it in items}
    assert "8.01.02.1.01.01" in codes and "8.01.02.2.01.01" not in codes
    assert next(it for it in items if it.code == "X.XX.01").name.endswith("PROVINSI")


def test_province_codes_missing_from_additions_are_derived(tmp_path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "dbt_project" / "seeds", seeds)
    rows = (seeds / "nomenclature_additions.csv").read_text(encoding="utf-8").splitlines()
    (seeds / "nomenclature_additions.csv").write_text(
        "\n".join(r for r in rows if not r.startswith("sub_kegiatan,8.01.06.1.01.06")) + "\n", encoding="utf-8"
    )
    items = {it.code: it for it in template_items("18", seeds)}
    assert items["8.01.06.1.01.06"].derived and items["8.01.06.1.01.06"].parent_code == "8.01.06.1.01"
    assert not items["8.01.06.1.01.05"].derived
    out = write_template("18", 2025, tmp_path / "out", seeds_dir=seeds)
    ws = openpyxl.load_workbook(out[0])["Petunjuk"]
    assert any("diturunkan" in str(c.value) for c in ws["A"])


@pytest.mark.parametrize("code", ["99.99", "3509", "", "35.9"])
def test_unknown_region_is_refused(code, tmp_path) -> None:
    with pytest.raises(TemplateError, match=r"bukan kode wilayah Kemendagri \(diharapkan mis. 35.08\)"):
        write_template(code, 2025, tmp_path)


def test_template_error_in_english_on_request(tmp_path) -> None:
    from rekap.i18n import set_language

    set_language("en")
    try:
        with pytest.raises(
            TemplateError, match=r"^region code 99.99 is not a Kemendagri region code \(expected e.g. 35.08\)$"
        ):
            write_template("99.99", 2025, tmp_path)
    finally:
        set_language(None)


def test_bad_year_is_refused(tmp_path) -> None:
    with pytest.raises(TemplateError, match="tahun anggaran 1999 di luar 2000-2099"):
        write_template("35.09", 1999, tmp_path)


def test_csv_equivalent_has_bom_same_columns_and_neutralised_cells(tmp_path, spec) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(REPO / "dbt_project" / "seeds", seeds)
    with (seeds / "nomenclature.csv").open("a", encoding="utf-8") as fh:
        fh.write('sub_kegiatan,8.01.02.2.01.98,=HYPERLINK("http://x";"klik"),8.01.02.2.01,test\n')
        fh.write("sub_kegiatan,8.01.02.2.01.99,-Sub kegiatan dengan tanda minus,8.01.02.2.01,test\n")
        fh.write("sub_kegiatan,8.01.02.2.01.97,@SUM(1),8.01.02.2.01,test\n")
    xlsx, csv_path = write_template("35.09", 2025, tmp_path / "out", seeds_dir=seeds)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == [c["header"] for c in spec["columns"]]
    assert all(len(r) == len(rows[0]) for r in rows)
    names = {r[0]: r[2] for r in rows[1:]}
    assert names["8.01.02.2.01.98"] == '\'=HYPERLINK("http://x";"klik")'
    assert names["8.01.02.2.01.99"] == "'-Sub kegiatan dengan tanda minus"
    assert names["8.01.02.2.01.97"] == "'@SUM(1)"
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    # in the XLSX the same names are strings, never formulas
    ws = openpyxl.load_workbook(xlsx)["Rencana Aksi"]
    cells = [
        c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value.startswith(("=", "-", "@"))
    ]
    assert cells and all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells)


# --- reading the filled template -------------------------------------------------------------------------------


def test_filled_template_round_trips_through_the_adapter(filled, spec) -> None:
    values = extract(filled.read_bytes(), spec)
    assert {v.table_id for v in values} == {"Rencana Aksi"}
    ws = openpyxl.load_workbook(filled)["Rencana Aksi"]
    hrow, cols = H.header_map(ws)
    # every landed value sits where it says (sheet row, 0-based column) and is what the agency typed
    for v in values:
        cell = ws.cell(v.line, v.column + 1).value
        assert cell is not None
        if isinstance(cell, str):
            assert v.text == cell
        else:
            assert Decimal(v.text.rstrip("%")) == (
                Decimal(format(cell * 100, ".15g")) if v.text.endswith("%") else Decimal(format(cell, ".15g"))
            )
    program = by(values, level="program")
    rec = program[0].record_no
    assert {v.role: v.text for v in program if v.role in ("row_no", "budget", "target_annual")} == {
        "row_no": "8.01.02",
        "budget": "24994979377.15",
        "target_annual": "80",
    }
    assert [(v.quarter_label, v.text) for v in by(program, role="target_quarter")] == [
        ("I", "20"),
        ("II", "40"),
        ("III", "60"),
        ("IV", "80"),
    ]
    assert [(v.quarter_label, v.text) for v in by(program, role="realisation")] == [("I", "17.5")]
    assert [(v.quarter_label, v.text) for v in by(program, role="budget_realisation")] == [("I", "3125000000")]
    kegiatan = by(values, level="kegiatan")
    assert {v.parent_record_no for v in kegiatan} == {rec}
    assert by(kegiatan, role="budget")[0].text == "1250000000"
    sub = by(values, level="sub_kegiatan", role="row_no")
    assert [v.text for v in sub] == [H.SUB, H.SUB2]
    assert {v.parent_record_no for v in sub} == {kegiatan[0].record_no}
    sub_rec = sub[0].record_no
    assert [v.text for v in by(values, record_no=sub_rec, role="budget_realisation")] == ["0.3", "-"]
    assert by(values, record_no=sub_rec, role="budget")[0].text == "125000000.5"
    # the inserted row is a second indicator of the sub kegiatan above it
    extra = by(values, role="indicator", text=H.EXTRA["Indikator Kinerja"])[0]
    assert extra.parent_record_no == sub_rec and extra.level == "sub_kegiatan" and extra.line == sub[0].line + 1
    assert {v.role: v.text for v in by(values, record_no=extra.record_no) if v.role != "target_quarter"} == {
        "indicator": "Persentase kegiatan terlaksana",
        "unit": "Persen",
        "target_annual": "100%",
    }
    assert by(values, record_no=extra.record_no, role="target_quarter")[0].text == "25.5%"
    sub2 = sub[1].record_no
    assert by(values, record_no=sub2, role="budget")[0].text == "2.1250"
    assert by(values, record_no=sub2, role="target_quarter", quarter_label="I")[0].text == "N/A"
    # untouched pre-filled rows land nothing: only the three filled items, their ancestors and the extra row
    assert len({v.record_no for v in values}) == 5
    assert not by(
        values, role="name", level="program", text="PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
    )


def test_numbers_are_landed_as_shown_not_as_float_artefacts() -> None:
    from rekap.interpret.numbers import parse_number

    assert number_text(0.1 + 0.2) == "0.3"
    assert number_text(24994979377.15) == "24994979377.15"
    assert number_text(1.5e7) == "15000000"
    assert number_text(0.875, "0.0%") == "87.5%"
    for v in (2.125, 123.456, 999.001):
        text = number_text(v)
        for hint in (None, "money", "percent"):
            assert parse_number(text, hint).value == Decimal(str(v)), (text, hint)


def _edit(src: Path, dst: Path, fn, whole_book: bool = False) -> bytes:
    wb = openpyxl.load_workbook(src)
    fn(wb if whole_book else wb["Rencana Aksi"])
    wb.save(dst)
    return dst.read_bytes()


def test_renamed_header_is_a_layout_mismatch(filled, spec, tmp_path) -> None:
    data = _edit(filled, tmp_path / "x.xlsx", lambda ws: ws.cell(7, 15, "Anggaran"))
    with pytest.raises(LayoutMismatch) as e:
        extract(data, spec)
    assert e.value.line == 7 and "'Pagu (Rp)'" in e.value.expected and "'Rencana Aksi'" in e.value.expected


def test_missing_header_row_is_a_layout_mismatch(filled, spec, tmp_path) -> None:
    data = _edit(filled, tmp_path / "x.xlsx", lambda ws: ws.delete_rows(7))
    with pytest.raises(LayoutMismatch, match="baris kepala sheet 'Rencana Aksi'"):
        extract(data, spec)


def test_region_and_year_metadata_are_checked(filled, spec, tmp_path) -> None:
    data = filled.read_bytes()
    assert extract(data, {**spec, "expect": {"region_code": "35.09", "fiscal_year": 2025}})
    with pytest.raises(LayoutMismatch) as e:
        extract(data, {**spec, "expect": {"region_code": "35.08", "fiscal_year": 2025}})
    assert e.value.line == 2 and "35.08" in e.value.expected and e.value.found == "35.09"
    with pytest.raises(LayoutMismatch) as e:
        extract(data, {**spec, "expect": {"region_code": "35.09", "fiscal_year": 2024}})
    assert e.value.line == 4 and e.value.found == "2025"
    bad = _edit(filled, tmp_path / "y.xlsx", lambda ws: ws.cell(4, 2, "tahun ini"))
    with pytest.raises(LayoutMismatch, match="tahun anggaran seperti 2025 di sel B4"):
        extract(bad, spec)


def test_text_in_a_numeric_column_is_a_layout_mismatch(filled, spec, tmp_path) -> None:
    ws = openpyxl.load_workbook(filled)["Rencana Aksi"]
    hrow, cols = H.header_map(ws)
    row = next(r for r in range(hrow + 1, ws.max_row + 1) if ws.cell(r, 1).value == H.KEGIATAN)
    data = _edit(filled, tmp_path / "x.xlsx", lambda ws: ws.cell(row, cols["Pagu (Rp)"], "satu miliar rupiah"))
    with pytest.raises(LayoutMismatch) as e:
        extract(data, spec)
    assert e.value.line == row and "Pagu (Rp)" in e.value.expected and e.value.found == "satu miliar rupiah"
    # numbers typed as text (Indonesian style), grades and placeholders are fine
    ok = _edit(
        filled,
        tmp_path / "y.xlsx",
        lambda ws: (
            ws.cell(row, cols["Pagu (Rp)"], "1.250.000.000,00"),
            ws.cell(row, cols["Target Tahunan"], "B (67,34)"),
        ),
    )
    texts = {v.text for v in extract(ok, spec) if v.line == row}
    assert {"1.250.000.000,00", "B (67,34)"} <= texts


def test_unknown_level_and_orphan_indicator_rows(filled, spec, tmp_path) -> None:
    ws = openpyxl.load_workbook(filled)["Rencana Aksi"]
    hrow, cols = H.header_map(ws)
    data = _edit(filled, tmp_path / "x.xlsx", lambda ws: ws.cell(hrow + 1, cols["Tingkat"], "Urusan"))
    with pytest.raises(LayoutMismatch, match="tingkat \\(") as e:
        extract(data, spec)
    assert e.value.line == hrow + 1

    def orphan(ws):
        ws.insert_rows(hrow + 1)
        ws.cell(hrow + 1, cols["Indikator Kinerja"], "indikator tanpa item")

    with pytest.raises(LayoutMismatch, match="di atas baris indikator ini") as e:
        extract(_edit(filled, tmp_path / "y.xlsx", orphan), spec)
    assert e.value.line == hrow + 1


def test_formula_without_saved_value_is_a_layout_mismatch(filled, spec, tmp_path) -> None:
    ws = openpyxl.load_workbook(filled)["Rencana Aksi"]
    hrow, cols = H.header_map(ws)
    row = next(r for r in range(hrow + 1, ws.max_row + 1) if ws.cell(r, 1).value == H.KEGIATAN)
    data = _edit(
        filled, tmp_path / "x.xlsx", lambda ws: ws.cell(row, cols["Realisasi Anggaran s.d. TW I (Rp)"], "=1+1")
    )
    with pytest.raises(LayoutMismatch, match="nilai tersimpan untuk rumus") as e:
        extract(data, spec)
    assert e.value.line == row


def test_not_a_workbook_or_wrong_sheet(spec, filled, tmp_path) -> None:
    with pytest.raises(LayoutMismatch, match="buku kerja XLSX"):
        extract(b"Kode\tTingkat\n", spec)

    def rename(wb):
        wb["Rencana Aksi"].title = "Sheet1"

    with pytest.raises(LayoutMismatch, match="sheet bernama 'Rencana Aksi'"):
        extract(_edit(filled, tmp_path / "x.xlsx", rename, whole_book=True), spec)


def test_extract_document_quarantines_with_sheet_row_message(filled, tmp_path, monkeypatch) -> None:
    """Through the same entry point as the flow (rekap.extract), registry line added or not."""
    from rekap.extract import extract_document
    from rekap.manifest import load_manifest

    folder = tmp_path / "raw" / "35.09-fiktif" / "2025"
    folder.mkdir(parents=True)
    shutil.copy(filled, folder / "rencana_aksi_2025.xlsx")
    H.write_manifest(folder)
    entry = load_manifest(folder / "manifest.yml")[0]
    ex = extract_document(entry, tmp_path / "raw")
    assert ex.ok and len(ex.values) > 30
    _edit(filled, folder / "rencana_aksi_2025.xlsx", lambda ws: ws.cell(7, 15, "Anggaran"))
    ex = extract_document(load_manifest(folder / "manifest.yml")[0], tmp_path / "raw")
    assert not ex.ok and ex.failure_line == 7 and "Pagu (Rp)" in ex.message and "templat_rekap" in ex.message


def test_workbook_for_another_region_than_its_manifest_is_quarantined(filled, tmp_path) -> None:
    """The manifest says 35.09 / 2025; a workbook generated for another region must not load under it."""
    from rekap.extract import extract_document
    from rekap.manifest import load_manifest

    folder = tmp_path / "raw" / "35.09-fiktif" / "2025"
    folder.mkdir(parents=True)
    shutil.copy(filled, folder / "rencana_aksi_2025.xlsx")
    H.write_manifest(folder)
    manifest = folder / "manifest.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(f'"{H.REGION}"', '"35.10"'), encoding="utf-8")
    ex = extract_document(load_manifest(manifest)[0], tmp_path / "raw")
    assert not ex.ok
    assert "35.10" in ex.message and ex.failure_line is not None


# --- the whole refresh ---------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_filled_template_round_trips_through_refresh(planner_warehouse) -> None:
    """generate -> fill -> raw/ -> refresh -> the figures in marts.v_budget / v_target, exactly."""
    root, summary = planner_warehouse
    assert summary["status"] == "published", summary["error"]
    assert not [q for q in summary["quarantine"] if "fiktif" in q[0]], summary["quarantine"]
    assert (H.AGENCY, H.REGION) in {(a, r) for a, r, _ in summary["agencies"]}
    con = duckdb.connect(str(root / "warehouse" / "rekap.duckdb"), read_only=True)
    try:
        budget = con.execute(
            "select level, nomenclature_code, measure, quarter, amount_idr, source_line from marts.v_budget "
            "where agency_name = ? order by source_line, measure, quarter nulls first",
            [H.AGENCY],
        ).fetchall()
        target = con.execute(
            "select level, indicator_name, quarter, target_value, target_text from marts.v_target "
            "where agency_name = ? and region_code = ? and fiscal_year = ?",
            [H.AGENCY, H.REGION, H.YEAR],
        ).fetchall()
    finally:
        con.close()
    pagu = {(lvl, code): amt for lvl, code, m, q, amt, _ in budget if m == "pagu"}
    assert pagu[("program", H.PROGRAM)] == Decimal("24994979377.15")
    assert pagu[("kegiatan", H.KEGIATAN)] == Decimal("1250000000.00")
    assert pagu[("sub_kegiatan", H.SUB)] == Decimal("125000000.50")
    assert pagu[("sub_kegiatan", H.SUB2)] == Decimal("2.13") or pagu[("sub_kegiatan", H.SUB2)] == Decimal("2.12")
    real = {(lvl, code, q): amt for lvl, code, m, q, amt, _ in budget if m == "realisasi"}
    assert real[("program", H.PROGRAM, 1)] == Decimal("3125000000.00")
    assert real[("sub_kegiatan", H.SUB, 1)] == Decimal("0.30")
    assert ("sub_kegiatan", H.SUB, 2) not in real
    t = {(lvl, ind, q): (val, txt) for lvl, ind, q, val, txt in target}
    prog_ind = H.FIGURES[H.PROGRAM]["Indikator Kinerja"]
    assert t[("program", prog_ind, None)][0] == 80
    assert [t[("program", prog_ind, q)][0] for q in (1, 2, 3, 4)] == [20, 40, 60, 80]
    sub_ind = H.FIGURES[H.SUB]["Indikator Kinerja"]
    assert [t[("sub_kegiatan", sub_ind, q)][0] for q in (None, 1, 2, 3, 4)] == [2, 0, 1, 0, 1]
    assert t[("sub_kegiatan", "Persentase kegiatan terlaksana", 1)] == (Decimal("25.5"), "25.5%")
    assert t[("sub_kegiatan", H.FIGURES[H.SUB2]["Indikator Kinerja"], None)][0] == 150
