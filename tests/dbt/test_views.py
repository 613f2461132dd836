"""Exact figures from the four demo documents, read THROUGH THE PUBLIC VIEWS, with lineage back to the raw line."""

from __future__ import annotations

import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.slow

# every view: where and when (the item's place in the plan) first, lineage last
WHERE = [
    "region_code",
    "region_name",
    "agency_name",
    "fiscal_year",
    "quarter",
    "plan_version",
    "is_latest_version",
    "level",
    "nomenclature_code",
    "item_name",
]
LINEAGE = ["source_file", "source_line", "source_page"]
V_BUDGET = [*WHERE, "measure", "amount_idr", *LINEAGE]
V_TARGET = [*WHERE, "indicator_name", "unit", "target_value", "target_text", *LINEAGE]
V_REALISATION = [
    *WHERE,
    *("indicator_name", "unit", "realisation_value", "realisation_text", "capaian_pct", "capaian_source"),
    *LINEAGE,
]


def _raw_line(wh, source_file: str, line: int) -> str:
    return (wh.raw_root / source_file).read_text(encoding="utf-8").splitlines()[line - 1]


def _budget(wh, region, level, measure, amount, **kw):
    where = " and ".join(f"{k} = ?" for k in kw)
    sql = (
        "select source_file, source_line, quarter, item_name from marts.v_budget "
        "where region_code = ? and level = ? and measure = ? and amount_idr = ?" + (" and " + where if where else "")
    )
    return wh.rows(sql, [region, level, measure, Decimal(amount), *kw.values()])


def _assert_lineage(wh, source_file, source_line, verbatim):
    line = _raw_line(wh, source_file, source_line)
    assert verbatim in line, f"{source_file}:{source_line} does not contain {verbatim!r}: {line[:200]!r}"


@pytest.mark.parametrize(
    "view,columns", [("v_budget", V_BUDGET), ("v_target", V_TARGET), ("v_realisation", V_REALISATION)]
)
def test_view_columns_are_the_contract(warehouse, view, columns):
    got = [
        r[0]
        for r in warehouse.rows(
            "select column_name from information_schema.columns where table_schema = 'marts' and table_name = ? "
            "order by ordinal_position",
            [view],
        )
    ]
    assert got == columns


def test_money_is_decimal_18_2(warehouse):
    (t,) = warehouse.rows(
        "select data_type from information_schema.columns where table_schema='marts' "
        "and table_name='v_budget' and column_name='amount_idr'"
    )[0:1][0]
    assert t == "DECIMAL(18,2)"


def test_lampung_agency_total_is_one_fact_with_every_place(warehouse):
    rows = _budget(warehouse, "18", "agency", "pagu", "24994979377.15", fiscal_year=2023)
    assert len(rows) == 1, rows
    source_file, source_line, quarter, _ = rows[0]
    assert quarter is None
    _assert_lineage(warehouse, source_file, source_line, "24.994.979.377,15")
    (lines, places) = warehouse.rows(
        "select source_lines, place_count from marts.fct_budget where region_code='18' and level='agency' "
        "and measure='pagu' and fiscal_year=2023 and is_latest_version"
    )[0]
    assert places >= 2 and len(lines) == places
    for ln in lines:  # every place in the lineage states the figure
        assert "24.994.979.377,15" in _raw_line(warehouse, source_file, ln)


def test_lampung_belanja_pegawai(warehouse):
    rows = _budget(warehouse, "18", "belanja", "pagu", "6763201837.15", fiscal_year=2023)
    assert len(rows) == 1, rows
    _assert_lineage(warehouse, rows[0][0], rows[0][1], "6.763.201.837,15")


def test_lampung_budget_history_keeps_both_versions(warehouse):
    versions = warehouse.rows(
        "select plan_version, amount_idr, is_latest_version from marts.fct_budget where region_code='18' "
        "and level='agency' and measure='pagu' and fiscal_year=2022 order by plan_version"
    )
    assert [(v, a) for v, a, _ in versions] == [
        ("murni", Decimal("19048101826.00")),
        ("perubahan", Decimal("20481768777.15")),
    ]
    assert [latest for *_, latest in versions] == [False, True]


def test_bangka_program_budget_us_style(warehouse):
    rows = _budget(warehouse, "19.01", "program", "pagu", "27144383200.00", fiscal_year=2024)
    assert len(rows) == 1, rows
    assert "Partai Politik" in rows[0][3]
    _assert_lineage(warehouse, rows[0][0], rows[0][1], "27,144,383,200")


def test_luwu_timur_sub_kegiatan_targets(warehouse):
    rows = warehouse.rows(
        "select quarter, target_value, unit, target_text, source_file, source_line, plan_version from marts.v_target "
        "where region_code='73.24' and level='sub_kegiatan' and item_name ilike '%rapat koordinasi dan konsultasi SKPD%' "
        "order by quarter nulls first"
    )
    by_q = {q: (v, u, t, f, ln, pv) for q, v, u, t, f, ln, pv in rows}
    assert by_q[None][0] == Decimal("470") and by_q[None][1] == "kali" and by_q[None][2] == "470 Kali"
    assert by_q[4][0] == Decimal("220") and by_q[4][2] == "220 Kali"
    assert by_q[None][5] == "perubahan"
    for q in (None, 4):
        _assert_lineage(warehouse, by_q[q][3], by_q[q][4], by_q[q][2])


def test_lumajang_program_absorption_q1(warehouse):
    rows = _budget(warehouse, "35.08", "program", "realisasi", "25800000.00", quarter=1)
    assert len(rows) == 1, rows
    _assert_lineage(warehouse, rows[0][0], rows[0][1], "25.800.000,00")


def test_lumajang_agency_realisation_and_pagu(warehouse):
    real = _budget(warehouse, "35.08", "agency", "realisasi", "658426549.00", fiscal_year=2023)
    pagu = _budget(warehouse, "35.08", "agency", "pagu", "8338560929.00", fiscal_year=2023)
    assert len(real) == 1 and len(pagu) == 1, (real, pagu)
    _assert_lineage(warehouse, real[0][0], real[0][1], "658.426.549,00")
    _assert_lineage(warehouse, pagu[0][0], pagu[0][1], "8.338.560.929,00")


def test_every_view_row_points_at_a_raw_line_with_its_text(warehouse):
    rows = warehouse.rows(
        "select source_file, source_line, amount_text from marts.fct_budget where is_latest_version "
        "union all select source_file, source_line, target_text from marts.fct_target where is_latest_version"
    )
    assert rows
    bad = [r for r in rows if r[2] not in _raw_line(warehouse, r[0], r[1])]
    assert not bad, bad[:5]


def test_views_never_double_count(warehouse):
    dupes = warehouse.rows(
        "select region_code, agency_name, fiscal_year, quarter, plan_version, level, item_name, measure, count(*) "
        "from marts.v_budget group by all having count(*) > 1 and count(distinct source_line) < count(*)"
    )
    assert not dupes


def test_published_file_is_self_contained(warehouse, tmp_path):
    copy = tmp_path / "analyst_copy.duckdb"  # another name: catalog-qualified views would break
    shutil.copyfile(warehouse.path, copy)
    con = duckdb.connect(str(copy), read_only=True)
    try:
        views = con.execute("select schema_name, view_name, sql from duckdb_views() where not internal").fetchall()
        assert not [v for v in views if "landing" in v[2].lower()], "a view references the landing DB"
        for schema, name, _ in views:
            con.execute(f'select count(*) from "{schema}"."{name}"').fetchall()
        assert con.execute("select count(*) from marts.dim_region").fetchall()[0][0] == 552
    finally:
        con.close()


def test_findings_name_their_place(warehouse):
    rows = warehouse.rows("select finding_type, source_file, source_line, message from marts.findings")
    for _, f, ln, msg in rows:
        assert f and ln and msg


def test_docs_generate(warehouse, dbt_runner):
    res = dbt_runner(["docs", "generate"], warehouse.env)
    assert res.returncode == 0, res.stdout[-3000:]
    manifest = json.loads((Path(warehouse.env["DBT_TARGET_PATH"]) / "manifest.json").read_text())
    # the docs site opens on the analysts' overview, not dbt's default page
    overview = manifest["docs"]["doc.rekap.__overview__"]["block_contents"]
    assert "is_latest_version" in overview and "read-only" in overview
    # descriptions are for analysts: no internal notes about issues or people
    texts = [n.get("description", "") for n in manifest["nodes"].values()]
    texts += [c.get("description", "") for n in manifest["nodes"].values() for c in n.get("columns", {}).values()]
    assert not [t for t in texts if re.search(r"issue|#\d|colleague|swap point", t, re.I)]


def test_v_budget_shows_every_plan_version(warehouse):
    """'murni' is asked for by name: the original plans Lampung later revised are there, marked not latest."""
    rows = warehouse.rows(
        "select fiscal_year, plan_version, is_latest_version, amount_idr from marts.v_budget where region_code = '18' "
        "and level = 'agency' and measure = 'pagu' and quarter is null order by fiscal_year, plan_version"
    )
    murni = {y: (latest, a) for y, v, latest, a in rows if v == "murni"}
    assert sorted(murni) == [2019, 2020, 2021, 2022, 2023]
    assert murni[2022] == (False, Decimal("19048101826.00"))
    assert murni[2023] == (True, Decimal("24994979377.15"))  # never revised: the murni plan is the plan in force
    latest = [(y, v, a) for y, v, is_latest, a in rows if is_latest]
    assert [(y, v) for y, v, _ in latest] == [
        (2019, "perubahan"),
        (2020, "perubahan"),
        (2021, "perubahan"),
        (2022, "perubahan"),
        (2023, "murni"),
    ]
    assert latest[3][2] == Decimal("20481768777.15")


def test_views_show_every_fact_of_every_version(warehouse):
    for view, fact in (("v_budget", "fct_budget"), ("v_target", "fct_target"), ("v_realisation", "fct_realisation")):
        ((in_view, latest_in_view),) = warehouse.rows(
            f"select count(*), count(*) filter (where is_latest_version) from marts.{view}"
        )
        ((facts, latest_facts),) = warehouse.rows(
            f"select count(*), count(*) filter (where is_latest_version) from marts.{fact}"
        )
        assert (in_view, latest_in_view) == (facts, latest_facts), view
    assert warehouse.rows("select count(*) from marts.v_budget where not is_latest_version")[0][0] >= 12


def test_v_target_includes_tujuan_targets(warehouse):
    rows = warehouse.rows(
        "select target_value, target_text, fiscal_year, is_latest_version, source_file, source_line from marts.v_target "
        "where region_code = '35.08' and level = 'tujuan' and indicator_name = 'Indeks Kepuasan Masyarakat'"
    )
    assert len(rows) == 1, rows
    value, text, year, latest, source_file, source_line = rows[0]
    assert (value, text, year, latest) == (Decimal("83"), "83 %", 2023, True)
    _assert_lineage(warehouse, source_file, source_line, "83 %")


def test_stated_capaian_is_never_rounded(warehouse):
    (t,) = warehouse.rows(
        "select data_type from information_schema.columns where table_schema = 'marts' "
        "and table_name = 'v_realisation' and column_name = 'capaian_pct'"
    )[0]
    assert t == "DECIMAL(38,6)"
    rows = warehouse.rows(
        "select capaian_pct, capaian_source, source_file, source_line from marts.v_realisation "
        "where region_code = '35.08' and quarter = 1 and item_name ilike '%Pembinaan dan Pengembangan%' "
        "and capaian_source = 'stated'"
    )
    assert len(rows) == 1, rows
    capaian, _, source_file, source_line = rows[0]
    assert capaian == Decimal("0.004")
    _assert_lineage(warehouse, source_file, source_line, "0,004")
    # every stated capaian equals the number read from its text, digit for digit
    stated = warehouse.rows(
        "select capaian_pct from marts.v_realisation where capaian_source = 'stated' "
        "and region_code = '35.08' order by 1"
    )
    assert [c for (c,) in stated] == [Decimal(x) for x in ("0.004", "0.02", "7.69", "11.78", "12.5", "25")]
