"""`rekap export` and `rekap sql --format`: every format read back and compared with the warehouse, figure by figure,
exactly (DECIMAL, never through a float). Uses the session's demo warehouse (landed + dbt build)."""

from __future__ import annotations

import csv
import json
import re
import shutil
import zipfile
from collections import Counter
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from rekap.cli import app
from rekap.export import PERCENT_FORMAT, RUPIAH_FORMAT

runner = CliRunner()
NEUTRAL = {"LANG": "C.UTF-8", "LC_ALL": None, "LC_MESSAGES": None, "REKAP_LANG": None}
RELATIONS = ("v_budget", "mart_program_performance")


@pytest.fixture(scope="module")
def workspace(warehouse, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("export_ws")
    (root / "raw").mkdir()
    (root / "warehouse").mkdir()
    shutil.copyfile(warehouse.path, root / "warehouse" / "rekap.duckdb")
    return root


def invoke(root: Path, *args: str):
    return runner.invoke(app, ["--home", str(root), *args], env={**NEUTRAL, "REKAP_HOME": None})


def exported(root: Path, name: str, fmt: str) -> tuple[Path, list[str], list[str], list[tuple]]:
    """`rekap export NAME -f FMT` into the workspace (it must succeed): the file, and the relation as the
    warehouse holds it (columns, types, rows) to compare it with."""
    out = root / f"{name}.{fmt}"
    result = invoke(root, "export", name, "-f", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out, *warehouse_rows(root, name)


def warehouse_rows(root: Path, name: str) -> tuple[list[str], list[str], list[tuple]]:
    con = duckdb.connect(str(root / "warehouse" / "rekap.duckdb"), read_only=True)
    try:
        result = con.execute(f"select * from marts.{name}")
        columns = [d[0] for d in result.description]
        types = [str(d[1]) for d in result.description]
        return columns, types, result.fetchall()
    finally:
        con.close()


def from_text(text: str, duck_type: str, decimal_comma: bool):
    """A CSV cell back to the warehouse's Python value, by the column's type (exact)."""
    if text == "":
        return None
    if duck_type.startswith("DECIMAL"):
        assert "." not in text if decimal_comma else "," not in text, text
        return Decimal(text.replace(",", ".") if decimal_comma else text)
    if duck_type in ("INTEGER", "BIGINT", "HUGEINT", "SMALLINT"):
        return int(text)
    if duck_type == "DOUBLE":
        return float(text.replace(",", ".") if decimal_comma else text)
    if duck_type == "BOOLEAN":
        return {"true": True, "false": False}[text]
    return text


def test_the_demo_has_figures_that_would_show_rounding(workspace: Path) -> None:
    _, _, rows = warehouse_rows(workspace, "mart_program_performance")
    columns = warehouse_rows(workspace, "mart_program_performance")[0]
    pct = [r[columns.index("capaian_kinerja_pct")] for r in rows]
    assert Decimal("0.004") in pct  # Lumajang's stated 0,004 %: a float or 2-decimal format would lose it


@pytest.mark.parametrize("name", RELATIONS)
@pytest.mark.parametrize("fmt", ["csv-id", "csv"])
def test_csv_export_reads_back_to_the_warehouse_figures(workspace: Path, name: str, fmt: str) -> None:
    out = workspace / f"{name}-{fmt}.csv"
    result = invoke(workspace, "export", name, "--format", fmt, "--out", str(out))
    assert result.exit_code == 0, result.output
    columns, types, rows = warehouse_rows(workspace, name)
    assert f"{len(rows)} baris ditulis ke" in " ".join(result.output.split())
    raw = out.read_bytes()
    indonesian = fmt == "csv-id"
    assert raw.startswith(b"\xef\xbb\xbf") == indonesian  # the BOM Excel needs, only in the Excel flavour
    with out.open(encoding="utf-8-sig" if indonesian else "utf-8", newline="") as fh:
        read = list(csv.reader(fh, delimiter=";" if indonesian else ","))
    assert read[0] == columns
    back = [tuple(from_text(v, t, indonesian) for v, t in zip(row, types)) for row in read[1:]]
    assert Counter(back) == Counter(rows)


def test_indonesian_csv_writes_a_rupiah_amount_with_a_decimal_comma(workspace: Path) -> None:
    out = workspace / "budget-id.csv"
    assert invoke(workspace, "export", "v_budget", "--out", str(out)).exit_code == 0  # csv-id is the default
    text = out.read_text(encoding="utf-8-sig")
    # Bangka's program 8.01.03 pagu as printed in its plan: 27,144,383,200.00
    assert ";27144383200,00;" in text and "27144383200.00" not in text


@pytest.mark.parametrize("name", RELATIONS)
def test_xlsx_export_keeps_figures_exact_with_frozen_header_and_number_formats(workspace: Path, name: str) -> None:
    from openpyxl import load_workbook

    out, columns, types, rows = exported(workspace, name, "xlsx")
    ws = load_workbook(out).active
    assert ws.freeze_panes == "A2"
    assert [c.value for c in ws[1]] == columns
    back = []
    for xl_row in ws.iter_rows(min_row=2):
        values = []
        for cell, t in zip(xl_row, types):
            v = cell.value
            values.append(Decimal(str(v)) if t.startswith("DECIMAL") and v is not None else v)
        back.append(tuple(values))
    assert Counter(back) == Counter(rows)  # Decimal('0.004') == Decimal('0.004'), 2.7144383200E10 == ...00.00
    for column, fmt in (
        ("amount_idr", RUPIAH_FORMAT),
        ("capaian_kinerja_pct", PERCENT_FORMAT),
        ("capaian_anggaran_pct", PERCENT_FORMAT),
    ):
        if column in columns:
            j = columns.index(column) + 1
            assert {ws.cell(row=i, column=j).number_format for i in range(2, ws.max_row + 1)} == {fmt}
    for column in ("region_name", "source_line", "fiscal_year"):
        j = columns.index(column) + 1
        assert ws.cell(row=2, column=j).number_format == "General"
    # the sheet's XML holds each DECIMAL as a number equal to it (no float noise such as 0.0040000000000000001)
    sheet_xml = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    written = {Decimal(v) for v in re.findall(r'<c r="[A-Z]+[0-9]+"(?: s="[0-9]+")? t="n"><v>([^<]+)</v>', sheet_xml)}
    decimals = [r[i] for r in rows for i, t in enumerate(types) if t.startswith("DECIMAL") and r[i] is not None]
    assert decimals and all(d in written for d in decimals)


def test_xlsx_writes_a_decimal_excel_cannot_hold_as_its_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from rekap.export import write_xlsx

    huge, small = Decimal("9876543210987654.32"), Decimal("27144383200.00")
    out = tmp_path / "x.xlsx"
    write_xlsx(["pagu_idr"], ["DECIMAL(18,2)"], [(huge,), (small,)], out, "t")
    ws = load_workbook(out).active
    assert ws["A2"].value == "9876543210987654.32"  # 18 digits: kept as written, not 9876543210987654
    assert ws["A3"].value == 27144383200 and ws["A3"].number_format == RUPIAH_FORMAT


@pytest.mark.parametrize("name", RELATIONS)
def test_parquet_export_keeps_types_and_figures(workspace: Path, name: str) -> None:
    out, columns, types, rows = exported(workspace, name, "parquet")
    con = duckdb.connect()
    read = con.execute(f"select * from read_parquet('{out}')")
    assert [d[0] for d in read.description] == columns
    assert [str(d[1]) for d in read.description] == types  # DECIMAL(18,2) stays DECIMAL(18,2)
    assert Counter(read.fetchall()) == Counter(rows)


def test_export_of_an_unknown_name_lists_what_exists(workspace: Path) -> None:
    result = invoke(workspace, "export", "v_anggaran")
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "tidak ada view atau mart bernama 'v_anggaran'" in out and "v_budget" in out and "Traceback" not in out
    assert invoke(workspace, "export", "v_budget", "-f", "pdf").exit_code == 1


def test_sql_json_and_csv_are_exact(workspace: Path) -> None:
    query = "select region_name, nomenclature_code, capaian_kinerja_pct, is_lower_better from marts.mart_program_performance"
    columns, types, _ = warehouse_rows(workspace, "mart_program_performance")
    con = duckdb.connect(str(workspace / "warehouse" / "rekap.duckdb"), read_only=True)
    expected = con.execute(query).fetchall()
    con.close()
    as_json = invoke(workspace, "sql", query, "--format", "json")
    assert as_json.exit_code == 0, as_json.output
    records = json.loads(as_json.output, parse_float=Decimal)
    assert Counter(tuple(r.values()) for r in records) == Counter(expected)
    assert '"capaian_kinerja_pct": 0.004' in as_json.output
    as_csv = invoke(workspace, "sql", query)  # piped (not a terminal): plain CSV
    read = list(csv.reader(as_csv.output.splitlines()))
    assert read[0] == ["region_name", "nomenclature_code", "capaian_kinerja_pct", "is_lower_better"]
    kinds = ["VARCHAR", "VARCHAR", "DECIMAL(10,3)", "BOOLEAN"]
    assert Counter(tuple(from_text(v, k, False) for v, k in zip(r, kinds)) for r in read[1:]) == Counter(expected)
    table = invoke(workspace, "sql", query, "--format", "table")
    assert "┃ region_name" in table.output
    assert invoke(workspace, "sql", query, "--format", "xml").exit_code == 1
