"""One submission's problem is that submission's problem: a build over the demo corpus plus hostile submissions.

The corpus adds to the four demo agencies:
  35.80  a copy of Bangka under a well-formed region code that does not exist   -> quarantined as a whole
  35.09  a copy of Bangka under a real region code, with three bad budget cells -> published, the cells rejected
  73.24  Luwu Timur's folder received a second time (same bytes, same manifest)  -> loaded once
  35.08  Lumajang's report and a later-received revision of it                   -> the revision supersedes
         (the revision states a serapan of 99.999.999,99 %: implausible, beyond the mart's column -> NULL there)
  18     Lampung's plan and a different version received the same day           -> both held back (conflict)
and checks that `dbt build` passes (the publish gate holds only rekap's invariants) and that the untouched agency
(Bangka) has exactly the figures of the clean demo build.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from tests.conftest import REPO
from tests.dbt.builds import land_and_build

from rekap.landing.readings import ensure_readings

BANGKA = "19.01-bangka-kesbangpol/2024"
BANGKA_DOC = "rencana_aksi_2024.txt"
HUGE = "99,999,999,999,999,999.00"  # beyond DECIMAL(18,2)
NEGATIVE = "-125,000,000.00"
UNREADABLE = "123,456,789,012,345,678,901,234,567,890,123.00"  # 33 integer digits: beyond DECIMAL(38,6)


def _copy_agency(raw: Path, src: str, dest: str, region: str, agency: str) -> Path:
    folder = raw / dest
    shutil.copytree(raw / src, folder)
    manifest = folder / "manifest.yml"
    text = manifest.read_text(encoding="utf-8")
    first, rest = text.split("\n", 2)[:2], text.split("\n", 2)[2]
    lines = [f"agency_name: {agency}", f'region_code: "{region}"']
    assert first[0].startswith("agency_name:") and first[1].startswith("region_code:")
    manifest.write_text("\n".join(lines) + "\n" + rest, encoding="utf-8")
    return folder


def _replace_once(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def hostile_corpus(raw: Path) -> None:
    shutil.copytree(REPO / "raw", raw)
    _copy_agency(raw, BANGKA, "35.80-contoh-kesbangpol/2024", "35.80", "Badan Kesbangpol Kabupaten Contoh")
    valid = _copy_agency(
        raw, BANGKA, "35.09-jember-kesbangpol/2024", "35.09", "Badan Kesatuan Bangsa dan Politik Kabupaten Jember"
    )
    doc = valid / BANGKA_DOC
    _replace_once(doc, "165,000,000.00", HUGE)  # line 6
    _replace_once(doc, "\t20,000,000.00", "\t" + UNREADABLE)  # line 9
    shutil.copytree(raw / "73.24-luwu-timur-kesbangpol", raw / "73.24-luwu-timur-kesbangpol-salinan")
    # a revision of Lumajang's report, received later: it supersedes the first one
    lumajang = raw / "35.08-lumajang-kesbangpol/2023"
    revised = lumajang / "laporan_kinerja_tw1_2023_revisi.txt"
    shutil.copy(lumajang / "laporan_kinerja_tw1_2023.txt", revised)
    _replace_once(revised, "Rp. 658.426.549,00", "Rp. 700.000.000,00")
    with (lumajang / "manifest.yml").open("a", encoding="utf-8") as f:
        f.write(
            "  - file: laporan_kinerja_tw1_2023_revisi.txt\n    document_type: laporan_kinerja\n"
            "    plan_version: murni\n    layout: lumajang_laporan_kinerja\n    received_date: 2023-05-02\n"
        )
    # a different Lampung plan, same type, version and received date: which one counts is the agency's call
    lampung = raw / "18-lampung-kesbangpol/2023"
    other = lampung / "rencana_aksi_kinerja_2023_b.txt"
    shutil.copy(lampung / "rencana_aksi_kinerja_2023.txt", other)
    _replace_once(other, "24.994.979.377,15,-", "24.994.979.378,15,-")
    with (lampung / "manifest.yml").open("a", encoding="utf-8") as f:
        f.write(
            "  - file: rencana_aksi_kinerja_2023_b.txt\n    document_type: rencana_aksi\n"
            "    plan_version: murni\n    layout: lampung_rencana_aksi\n    received_date: 2023-01-31\n"
        )


def land_odd_values(landing: Path) -> None:
    """Values as the landing holds them once read (a layout's own pattern may refuse them before landing): a negative
    pagu, and a stated serapan of 99.999.999,99 %. Whatever lets them through, the build must not fail on them."""
    con = duckdb.connect(str(landing))
    try:
        n = con.execute(
            "update cells set value_text = ? where submission_id = ? and source_line = 7 and role = 'budget'",
            [NEGATIVE, f"35.09-jember-kesbangpol/2024/{BANGKA_DOC}"],
        ).fetchone()[0]
        assert n == 1
        n = con.execute(
            "update cells set value_text = '99.999.999,99 %' where submission_id = ? and source_line = 277 "
            "and role = 'absorption_pct'",
            ["35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023_revisi.txt"],
        ).fetchone()[0]
        assert n == 1
        # numbers are read once, at landing: edited cells are read again from their new verbatim text
        edited = [
            "35.09-jember-kesbangpol/2024/" + BANGKA_DOC,
            "35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023_revisi.txt",
        ]
        con.execute("delete from cell_readings where submission_id in (select unnest(?::varchar[]))", [edited])
        assert ensure_readings(con) == 2
    finally:
        con.close()


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile_build")
    raw = tmp / "raw"
    hostile_corpus(raw)
    before = {p.relative_to(raw): p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    build, res = land_and_build(raw, tmp, land_odd_values)
    after = {p.relative_to(raw): p.read_bytes() for p in raw.rglob("*") if p.is_file()}
    assert before == after, "raw/ changed during the build"
    con = duckdb.connect(str(build), read_only=True)
    yield con, res
    con.close()


def test_the_build_passes_every_gate_despite_bad_submissions(hostile) -> None:
    _, res = hostile
    assert res.returncode == 0, res.stdout[-6000:]
    assert "ERROR=0" in res.stdout and "PASS=" in res.stdout


def test_each_submission_gets_an_explicit_status(hostile) -> None:
    con, _ = hostile
    status = dict(con.execute("select submission_id, status from marts.dim_submission").fetchall())
    assert status == {
        "18-lampung-kesbangpol/2023/rencana_aksi_kinerja_2023.txt": "conflict",
        "18-lampung-kesbangpol/2023/rencana_aksi_kinerja_2023_b.txt": "conflict",
        f"{BANGKA}/{BANGKA_DOC}": "loaded",
        f"35.09-jember-kesbangpol/2024/{BANGKA_DOC}": "loaded",
        f"35.80-contoh-kesbangpol/2024/{BANGKA_DOC}": "quarantined",
        "35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023.txt": "superseded",
        "35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023_revisi.txt": "loaded",
        # same received date: the lower submission_id is kept ('-' sorts before '/')
        "73.24-luwu-timur-kesbangpol-salinan/2022/rencana_aksi_perubahan_2022.txt": "loaded",
        "73.24-luwu-timur-kesbangpol/2022/rencana_aksi_perubahan_2022.txt": "duplicate",
    }


def test_unknown_region_quarantines_that_submission_alone(hostile) -> None:
    con, _ = hostile
    rows = con.execute(
        "select source_path, message from marts.quarantined_files where region_code = '35.80'"
    ).fetchall()
    assert len(rows) == 1
    path, message = rows[0]
    assert path == f"35.80-contoh-kesbangpol/2024/{BANGKA_DOC}"
    assert '"35.80"' in message and "Kemendagri" in message and "35.80-contoh-kesbangpol/2024/manifest.yml" in message
    assert con.execute("select count(*) from marts.fct_budget where region_code = '35.80'").fetchone()[0] == 0
    assert con.execute("select count(*) from marts.fct_target where region_code = '35.80'").fetchone()[0] == 0
    (finding,) = con.execute("select message from marts.findings where finding_type = 'unknown_region'").fetchall()
    assert finding[0] == message
    # the valid new agency of the same build is published, with Bangka's whole-agency pagu
    targets = "select level, item_name, indicator_name, quarter, target_value, source_line from marts.v_target where region_code = ? order by all"
    assert con.execute(targets, ["35.09"]).fetchall() == con.execute(targets, ["19.01"]).fetchall() != []
    budget = "select level, item_name, amount_idr, source_line from marts.v_budget where region_code = ? and source_line not in (6, 7, 9) order by all"
    assert con.execute(budget, ["35.09"]).fetchall() == con.execute(budget, ["19.01"]).fetchall() != []
    assert (
        con.execute("select region_name from marts.dim_agency where region_code = '35.09'").fetchone()[0]
        == "Kabupaten Jember"
    )


def test_bad_cells_are_rejected_one_by_one_with_file_line_and_rule(hostile) -> None:
    con, _ = hostile
    rows = con.execute("""select source_file, source_line, column_role, value_text, rule, message
                          from marts.rejected_values order by source_line""").fetchall()
    doc = f"35.09-jember-kesbangpol/2024/{BANGKA_DOC}"
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [
        (doc, 6, "budget", HUGE, "amount_out_of_range"),
        (doc, 7, "budget", NEGATIVE, "negative_amount"),
        (doc, 9, "budget", UNREADABLE, "not_castable"),
    ]
    for _, line, _, value, _, message in rows:
        assert doc in message and f"baris {line}" in message and value in message and "ditolak" in message
    assert "tidak boleh negatif" in rows[1][5]
    # refused cells are in no fact; the agency's other figures are
    assert (
        con.execute(
            "select count(*) from marts.fct_budget where region_code = '35.09' and source_line in (6, 7, 9)"
        ).fetchone()[0]
        == 0
    )
    count = "select count(*) from marts.fct_budget where region_code = ? and source_line not in (6, 7, 9)"
    assert con.execute(count, ["35.09"]).fetchone()[0] == con.execute(count, ["19.01"]).fetchone()[0] > 30
    findings = con.execute(
        "select count(*) from marts.findings where finding_type = 'rejected_value' and severity = 'error'"
    ).fetchone()[0]
    assert findings == 3
    assert (
        con.execute("select count(*) from marts.mart_data_quality where check_name = 'rejected_value'").fetchone()[0]
        == 3
    )


def test_same_document_twice_loads_once_and_says_so(hostile) -> None:
    con, _ = hostile
    # README question 4: Luwu Timur keeps 46 indicators with shares, 8 back-loaded (not 92 / 16)
    rows = con.execute("""select region_name, count(*), count(*) filter (where back_loaded)
                          from marts.mart_quarterly_plan where back_loaded is not null and region_code = '73.24'
                          group by all""").fetchall()
    assert rows == [("Kabupaten Luwu Timur", 46, 8)]
    ((message,),) = con.execute(
        "select f.message from marts.findings f join marts.dim_submission s using (submission_id) "
        "where f.finding_type = 'duplicate_submission' and s.status = 'duplicate'"
    ).fetchall()
    assert "73.24-luwu-timur-kesbangpol/2022/rencana_aksi_perubahan_2022.txt" in message
    assert "73.24-luwu-timur-kesbangpol-salinan/2022/rencana_aksi_perubahan_2022.txt" in message
    assert (
        con.execute(
            "select count(distinct submission_id) from marts.fct_target where region_code = '73.24'"
        ).fetchone()[0]
        == 1
    )


def test_later_received_version_supersedes_and_equal_dates_hold_both_back(hostile) -> None:
    con, _ = hostile
    realisasi = con.execute("""select amount_idr, source_file from marts.v_budget where region_code = '35.08'
                               and level = 'agency' and measure = 'realisasi'""").fetchall()
    assert realisasi == [(700000000, "35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023_revisi.txt")]
    assert (
        con.execute(
            "select count(distinct submission_id) from marts.fct_budget where region_code = '35.08'"
        ).fetchone()[0]
        == 1
    )
    superseded = con.execute(
        "select superseded_by, status_message from marts.dim_submission where status = 'superseded'"
    ).fetchall()
    assert superseded[0][0] == "35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023_revisi.txt"
    assert "digantikan" in superseded[0][1]
    # Lampung: two different plans with the same received date -> nothing of Lampung's 2023 plan is published
    assert con.execute("select count(*) from marts.fct_budget where region_code = '18'").fetchone()[0] == 0
    conflicts = con.execute("select message from marts.findings where finding_type = 'submission_conflict'").fetchall()
    assert len(conflicts) == 2 and all(
        "rencana_aksi_kinerja_2023_b.txt" in m and "tanggal terima yang sama" in m for (m,) in conflicts
    )
    ((status, reason),) = con.execute("""select load_status, quarantine_reason from marts.mart_submission_coverage
                                       where region_code = '18' and fiscal_year = 2023 and document_type = 'rencana_aksi'""").fetchall()
    assert status == "quarantined" and "ditahan" in reason


def test_untouched_agencies_keep_exactly_their_figures(hostile, warehouse) -> None:
    con, _ = hostile
    sql = """select level, item_name, measure, quarter, amount_idr, source_line from marts.v_budget
             where region_code in ('19.01', '73.24') order by all"""
    clean = warehouse.rows(sql)
    assert clean and con.execute(sql).fetchall() == clean
    tsql = """select level, item_name, indicator_name, quarter, target_value, source_line from marts.v_target
              where region_code in ('19.01', '73.24') order by all"""
    assert con.execute(tsql).fetchall() == warehouse.rows(tsql)


def test_an_implausible_stated_ratio_never_fails_the_build(hostile) -> None:
    con, _ = hostile
    rows = con.execute("""select serapan_pct, serapan_source from marts.mart_budget_by_program
                          where region_code = '35.08' and list_contains(source_lines, 277)""").fetchall()
    # kept as stated (every digit written), never a failed build; the range check only warns
    assert rows == [(Decimal("99999999.990000"), "stated")]
    stated = con.execute("""select value_text from main.int_facts where region_code = '35.08' and source_line = 277
                            and measure = 'serapan_pct'""").fetchall()
    assert stated == [("99.999.999,99 %",)]
