"""The planners' report: babel formatting, graceful degradation, each quarter judged against its plan (the marts and
the page), province scope, findings by severity with the 'daftar perbaikan' workbook, the last run's status, charts,
and (with Debian's `chromium`) the rendered page, its filters and its A4 print. Screenshots are kept in
REKAP_SCREENSHOT_DIR (default /tmp/rekap-report-screenshots) to be looked at."""

from __future__ import annotations

import datetime as dt
import html
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import duckdb
import openpyxl
import pytest

from rekap.report import ReportError, build_report, fmt_number, fmt_pct, fmt_rp
from rekap.report.agencies import slug
from rekap.report.corrections import HEADERS
from rekap.report.scope import Scope, province_of, resolve_scope
from tests.template import helpers as H

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT, PDFINFO = shutil.which("pdftotext"), shutil.which("pdfinfo")
SCREENSHOTS = Path(os.environ.get("REKAP_SCREENSHOT_DIR", "/tmp/rekap-report-screenshots"))
SEVERITY_RANK = {"Kesalahan": 0, "Peringatan": 1, "Informasi": 2}
PERF_HEADERS = [
    "Tahun",
    "TW",
    "Wilayah",
    "Program / indikator",
    "Target tahunan",
    "Realisasi",
    "Capaian thd target tahunan",
    "Rencana s.d. TW (porsi target)",
    "Capaian thd rencana TW",
    "Predikat",
    "Pagu",
    "Realisasi anggaran",
    "Serapan",
    "Baris",
]


def text_of(fragment: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", fragment))).strip()


def table_rows(page: str, table_id: str) -> list[list[str]]:
    """The body rows of <table id=table_id>, each as its cells' visible text."""
    body = re.search(rf'<table id="{table_id}".*?<tbody>(.*?)</tbody>', page, re.DOTALL).group(1)
    return [
        [text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.DOTALL)]
        for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)
    ]


# --- fast: formatting, degradation, settings -------------------------------------------------------------------------


def test_indonesian_number_formatting_keeps_the_stated_precision() -> None:
    assert fmt_rp(Decimal("24994979377.15")) == "Rp 24.994.979.377,15"
    assert fmt_rp(1250000000) == "Rp 1.250.000.000,00"
    assert fmt_rp(None) == "-"
    assert fmt_number(Decimal("1234.5")) == "1.234,5"
    assert fmt_number(-1234567) == "-1.234.567"
    assert fmt_number(Decimal("25.000")) == "25"
    assert fmt_pct(Decimal("0.004")) == "0,004%"  # Lumajang's stated capaian, not 0,00%
    assert fmt_pct(Decimal("7.690")) == "7,69%"
    assert fmt_pct(87.5) == "87,5%"
    assert fmt_pct(87.5, 2) == "87,50%"
    assert fmt_pct(None) == "-"


def test_missing_warehouse_is_a_report_error(tmp_path) -> None:
    with pytest.raises(ReportError, match="belum ada gudang data terbit"):
        build_report(tmp_path / "nope.duckdb", tmp_path / "report")


def _budget_only_warehouse(path: Path) -> Path:
    """A DuckDB file with one analyst view and none of the planning marts: not a warehouse of this version."""
    con = duckdb.connect(str(path))
    con.execute("create schema marts")
    con.execute("""create table marts.v_budget as select '35.09' as region_code, 'Kabupaten Jember' as region_name,
                   'Dinas' as agency_name, 2025 as fiscal_year, 'pagu' as measure,
                   24994979377.15::decimal(18,2) as amount_idr""")
    con.close()
    return path


def test_a_file_without_the_marts_is_a_report_error_naming_them(tmp_path) -> None:
    db = _budget_only_warehouse(tmp_path / "w.duckdb")
    with pytest.raises(
        ReportError, match=r"bukan gudang data rekap versi ini \(tidak ada marts\.dim_region, .*marts\.run_history\)"
    ):
        build_report(db, tmp_path / "report")
    assert not (tmp_path / "report").exists()


@pytest.mark.slow
def test_report_escapes_what_a_document_says_and_is_rebuilt_in_place(rated_warehouse, tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    shutil.copy(rated_warehouse, db)
    con = duckdb.connect(str(db))
    for table in ("dim_submission", "mart_budget_by_agency"):
        con.execute(
            f"update marts.{table} set agency_name = '<script>alert(1)</script> ' || agency_name "
            f"where region_code = '{H.REGION}'"
        )
    con.close()
    index = build_report(db, tmp_path / "report", runs_db=tmp_path / "no-landing.duckdb")
    text = index.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; " + H.AGENCY in text
    assert "Rp 24.994.979.377,15" in text
    assert "Refresh terakhir: belum tercatat" in text
    pages = sorted(p.name for p in (tmp_path / "report").glob("pd-*.html"))
    hostile = [p for p in pages if "script" in p]
    assert len(hostile) == 1 and "<script>alert(1)" not in (tmp_path / "report" / hostile[0]).read_text(
        encoding="utf-8"
    )
    # rebuilt in place: the folder is replaced as a whole (a stray file does not survive)
    first = sorted(p.name for p in (tmp_path / "report").iterdir())
    (tmp_path / "report" / "stray.html").write_text("x", encoding="utf-8")
    build_report(db, tmp_path / "report", runs_db=tmp_path / "no-landing.duckdb")
    assert sorted(p.name for p in (tmp_path / "report").iterdir()) == first


@pytest.mark.parametrize("value", ['"Lampung"', '"1"', '"18.01"'])
def test_bad_province_setting_is_a_report_error_naming_the_file(tmp_path, value) -> None:
    db = _budget_only_warehouse(tmp_path / "w.duckdb")
    settings = tmp_path / "rekap.toml"
    settings.write_text(f"[report]\nprovince = {value}\n", encoding="utf-8")
    with pytest.raises(
        ReportError, match=r"rekap\.toml \[report\] province: diharapkan kode provinsi Kemendagri dua digit"
    ):
        build_report(db, tmp_path / "report", settings_file=settings)


def test_scope_is_the_setting_else_the_one_shared_province_else_everything() -> None:
    names = {"18": "Lampung", "35": "Jawa Timur"}
    assert resolve_scope("35", ["18"], names) == Scope("35", "Jawa Timur", "setting")
    assert resolve_scope(None, ["18", "18.01", "18.71"], names) == Scope("18", "Lampung", "inferred")
    assert resolve_scope(None, ["18.01", "35.08"], names) == Scope(None)
    scope = Scope("18", "Lampung", "setting")
    assert (
        scope.includes("18") and scope.includes("18.71") and not scope.includes("180.1") and not scope.includes("35.08")
    )


# --- the marts the report reads ---------------------------------------------------------------------------------------


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_quarter_is_rated_against_its_planned_cumulative_share(rated_warehouse) -> None:
    (jember,) = _rows(
        rated_warehouse,
        f"""
        select quarter, annual_target, realisasi_kinerja, capaian_kinerja_pct, plan_semantics,
               planned_cumulative_share_pct, capaian_vs_plan_pct, judgement, rating_label, pagu_idr, realisasi_idr
        from marts.mart_quarter_rating where region_code = '{H.REGION}'""",
    )
    # TW I: 17,5 of an annual 80 = 21,875 % of the year; the plan put 20 of 80 (25 %) by TW I -> 87,5 % -> Tinggi
    assert jember == (
        1,
        Decimal("80.0000"),
        Decimal("17.5000"),
        Decimal("21.875"),
        "cumulative",
        Decimal("25.00"),
        Decimal("87.500"),
        "rated",
        "Tinggi",
        Decimal("24994979377.15"),
        Decimal("3125000000.00"),
    )
    # against the annual bands the same row would be 'Sangat Rendah' (what mart_program_performance still says)
    assert _rows(
        rated_warehouse, f"select rating_label from marts.mart_program_performance where region_code = '{H.REGION}'"
    ) == [("Sangat Rendah",)]
    # Lumajang's LKj states capaian but no quarterly plan: every TW I row is left unrated, with the reason
    lumajang = _rows(
        rated_warehouse,
        """select nomenclature_code, capaian_kinerja_pct, judgement, rating_label, realisasi_idr
                                         from marts.mart_quarter_rating where region_code = '35.08' order by 1""",
    )
    assert len(lumajang) == 6
    assert {(j, r) for _, _, j, r, _ in lumajang} == {("no_plan_share", None)}
    assert ("8.01.05", Decimal("0.004"), "no_plan_share", None, Decimal("1700000.00")) in lumajang


@pytest.mark.slow
def test_support_program_share_is_a_mart_figure(rated_warehouse) -> None:
    rows = _rows(
        rated_warehouse,
        """select region_code, pagu_idr, pagu_support_idr, support_share_pct, realisasi_idr
                                     from marts.mart_budget_by_agency where is_latest order by region_code""",
    )
    assert ("19.01", Decimal("30176313448.00"), Decimal("2720900248.00"), Decimal("9.0167"), None) in rows
    assert (H.REGION, Decimal("24994979377.15"), Decimal("0.00"), Decimal("0.0000"), Decimal("3125000000.00")) in rows
    # Lumajang states realisasi but no program pagu: the share is unknown, not 0; its agency-level pagu is kept
    assert ("35.08", None, None, None, Decimal("658426549.00")) in rows
    assert _rows(
        rated_warehouse,
        """select agency_pagu_idr, agency_realisasi_idr, agency_realisasi_through_quarter
                                     from marts.mart_budget_by_agency where region_code = '35.08'""",
    ) == [(Decimal("8338560929.00"), Decimal("658426549.00"), 1)]


@pytest.mark.slow
def test_province_coverage_counts_kabupaten_kota_of_the_province(rated_warehouse) -> None:
    rows = {
        (p, y): (t, r, g, missing)
        for p, y, t, r, g, missing in _rows(
            rated_warehouse,
            """
        select province_code, fiscal_year, kabkota_total, kabkota_received, province_received, kabkota_not_received
        from marts.mart_province_coverage""",
        )
    }
    assert rows[("18", 2023)][:3] == (15, 0, True)  # Lampung's own government sent; none of its 15 kab/kota
    assert rows[("19", 2024)][:3] == (7, 1, False)  # Bangka of Kepulauan Bangka Belitung's 7
    assert "Kabupaten Bangka," not in rows[("19", 2024)][3] and rows[("19", 2024)][3].startswith("Kabupaten Belitung")
    assert rows[("35", 2025)][:3] == (38, 1, False)  # Jember (the template) of Jawa Timur's 38


# --- the report from the demo corpus + the Jember template ------------------------------------------------------------


@pytest.fixture(scope="module")
def report(rated_warehouse, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report"
    return build_report(
        rated_warehouse, out, runs_db=rated_warehouse.parent / "none.duckdb", now=dt.datetime(2026, 12, 2, 9, 30)
    )


@pytest.mark.slow
def test_report_judges_each_quarter_against_its_plan(report) -> None:
    page = report.read_text(encoding="utf-8")
    rows = table_rows(page, "tabel-kinerja")
    assert len(rows) == 7
    jember = next(r for r in rows if r[2] == "Kabupaten Jember")
    assert jember[1] == "TW I"
    assert jember[4:] == [
        "80",
        "17,5",
        "21,875%",
        "25%",
        "87,5%",
        "Tinggi",
        "Rp 24.994.979.377,15",
        "Rp 3.125.000.000,00",
        "12,5%",
        "126",
    ]
    lumajang = [r for r in rows if r[2] == "Kabupaten Lumajang"]
    assert len(lumajang) == 6
    assert all(r[9] == "Tidak dinilai (tanpa rencana triwulan)" for r in lumajang)
    assert not any("Sangat Rendah" in " ".join(r) for r in rows)
    # the stated 0,004 % keeps its precision (marked as stated); realisasi anggaran shown where the mart has it
    stated = next(r for r in lumajang if r[6].startswith("0,004"))
    assert stated[6] == "0,004%*" and stated[11] == "Rp 1.700.000,00" and stated[10] == "-"
    assert "Rp 55.171.292.825,15" in page  # program pagu of the latest versions: Bangka + Jember
    # per agency: the support-program share from the mart; Lumajang states only its whole-agency pagu and realisasi
    agencies = {r[1]: r for r in table_rows(page, "tabel-anggaran-pd")}
    assert agencies["Kabupaten Bangka"][5:9] == [
        "Rp 30.176.313.448,00",
        "Rp 2.720.900.248,00",
        "Rp 27.455.413.200,00",
        "9,017%",
    ]
    assert agencies["Kabupaten Lumajang"][5:] == [
        "-",
        "-",
        "-",
        "-",
        "Rp 658.426.549,00",
        "Rp 8.338.560.929,00",
        "Rp 658.426.549,00 (TW I)",
    ]


@pytest.mark.slow
def test_report_coverage_is_per_province_and_the_setting_scopes_it(report, rated_warehouse, tmp_path) -> None:
    page = text_of(report.read_text(encoding="utf-8"))
    assert (
        "0 dari 15 kabupaten/kota Provinsi Lampung mengirim dokumen tahun 2023; Pemerintah Provinsi Lampung mengirim."
        in page
    )
    assert "1 dari 38 kabupaten/kota Provinsi Jawa Timur mengirim dokumen tahun 2025" in page
    assert "552" not in page

    settings = tmp_path / "rekap.toml"
    settings.write_text('[report]\nprovince = "19"\n', encoding="utf-8")
    scoped = build_report(rated_warehouse, tmp_path / "r19", settings_file=settings)
    text = text_of(scoped.read_text(encoding="utf-8"))
    assert "Cakupan: Provinsi Kepulauan Bangka Belitung (kode 19)" in text
    assert (
        "1 dari 7 kabupaten/kota Provinsi Kepulauan Bangka Belitung mengirim dokumen tahun 2024; "
        "Pemerintah Provinsi Kepulauan Bangka Belitung belum mengirim."
    ) in text
    assert "Belum mengirim: Kabupaten Belitung," in text
    assert "Kabupaten Lumajang" not in text and "Lampung 2023" not in text
    assert sorted(p.name for p in (tmp_path / "r19").glob("pd-*.html")) == [
        "pd-19-01-badan-kesatuan-bangsa-dan-politik-kabupaten-bangka.html"
    ]


@pytest.mark.slow
def test_findings_by_severity_then_line_and_the_daftar_perbaikan_workbook(report, rated_warehouse) -> None:
    folder = report.parent
    counts = dict(_rows(rated_warehouse, "select agency_name, count(*) from marts.mart_data_quality group by 1"))
    assert sum(counts.values()) > 0
    for page in sorted(folder.glob("pd-*.html")):
        text = page.read_text(encoding="utf-8")
        agency = text_of(re.search(r"Kepada: <b>(.*?)</b>", text).group(1))
        if agency not in counts:
            assert "Tidak ada temuan" in text and not page.with_suffix(".xlsx").exists()
            continue
        rows = [
            [text_of(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr, re.DOTALL)]
            for tr in re.findall(
                r"<tr>(.*?)</tr>", re.search(r"<tbody>(.*?)</tbody>", text, re.DOTALL).group(1), re.DOTALL
            )
        ]
        assert len(rows) == counts[agency]
        keys = [(SEVERITY_RANK[r[1]], r[3], int(r[4]) if r[4] != "-" else -1) for r in rows]  # severity, file, line
        assert keys == sorted(keys), page.name
        assert "manifest.yml" not in text and "kirim ulang dokumen" in text

        wb = openpyxl.load_workbook(page.with_suffix(".xlsx"))
        ws = wb["Daftar perbaikan"]
        assert ws.freeze_panes == "A5"
        assert [c.value for c in ws[4]] == HEADERS and HEADERS[-1] == "Tanggapan perangkat daerah"
        data = [[c.value for c in row] for row in ws.iter_rows(min_row=5) if row[0].value is not None]
        assert len(data) == counts[agency]
        assert [(r[1], r[5].rsplit("/", 1)[-1], r[6]) for r in data] == [
            (r[1], r[3], None if r[4] == "-" else int(r[4])) for r in rows
        ]
        assert {r[2] for r in data} == {agency}
    # one workbook per province holds the findings of all its agencies: together, every finding once
    per_province = {
        p.name: sum(
            1 for row in openpyxl.load_workbook(p)["Daftar perbaikan"].iter_rows(min_row=5) if row[0].value is not None
        )
        for p in folder.glob("daftar-perbaikan-provinsi-*.xlsx")
    }
    by_province = dict(
        _rows(
            rated_warehouse,
            "select split_part(region_code, '.', 1), count(*) from marts.mart_data_quality group by 1",
        )
    )
    assert sum(per_province.values()) == sum(counts.values())
    assert sorted(per_province.values()) == sorted(by_province.values()) and len(per_province) == len(by_province)


# --- incremental: same rows, same files; one agency changed, its files only ---------------------------------------


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every output file (name -> bytes, inode): a file kept from the previous report is the same inode."""
    return {p.name: (p.read_bytes(), p.stat().st_ino) for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


@pytest.mark.slow
def test_two_builds_over_the_same_warehouse_write_the_same_agency_files(rated_warehouse, tmp_path) -> None:
    runs = tmp_path / "no-landing.duckdb"
    first = build_report(rated_warehouse, tmp_path / "a", runs_db=runs, now=dt.datetime(2026, 12, 2, 9, 30)).parent
    second = build_report(rated_warehouse, tmp_path / "b", runs_db=runs, now=dt.datetime(2027, 1, 5, 23, 59)).parent
    a, b = _files(first), _files(second)
    assert sorted(a) == sorted(b)
    per_agency = [n for n in a if n != "index.html"]
    assert any(n.endswith(".xlsx") for n in per_agency) and any(n.startswith("pd-") for n in per_agency)
    for name in per_agency:  # built in separate folders from nothing: byte-identical, whatever the clock said
        assert a[name][0] == b[name][0], name
    # only the front page says when it was written
    assert "2 Desember 2026, 09.30" in a["index.html"][0].decode() and "5 Januari 2027" in b["index.html"][0].decode()
    for name in per_agency:
        assert name.endswith(".xlsx") or "Dibuat" not in b[name][0].decode(), name
    # the workbook's date is its documents': properties and zip entries
    xlsx = next(n for n in per_agency if n.startswith("pd-") and n.endswith(".xlsx"))
    wb = openpyxl.load_workbook(first / xlsx)
    assert wb.properties.created == wb.properties.modified and wb.properties.created.year < 2026
    assert str(wb["Daftar perbaikan"]["A2"].value).startswith("Berdasarkan dokumen yang diterima s.d. ")


@pytest.mark.slow
def test_changing_one_agency_rewrites_its_files_only(rated_warehouse, tmp_path) -> None:
    db, runs, out = tmp_path / "w.duckdb", tmp_path / "no-landing.duckdb", tmp_path / "report"
    shutil.copy(rated_warehouse, db)
    build_report(db, out, runs_db=runs)
    before = _files(out)
    ((region, agency),) = _rows(
        db, "select region_code, agency_name from marts.mart_data_quality order by region_code, agency_name limit 1"
    )
    regions = [r for (r,) in _rows(db, "select distinct region_code from marts.dim_submission order by 1")]
    # an agency that disappears: the only one of its province, so no other file is made from its rows
    gone = next(
        r
        for r in regions
        if province_of(r) != province_of(region) and [province_of(x) for x in regions].count(province_of(r)) == 1
    )
    gone_agencies = [
        a for (a,) in _rows(db, f"select distinct agency_name from marts.dim_submission where region_code = '{gone}'")
    ]
    con = duckdb.connect(str(db))
    con.execute(
        "update marts.mart_data_quality set message = message || ' (diubah)' where region_code = ? and agency_name = ?",
        [region, agency],
    )
    for table in ("dim_submission", "mart_data_quality"):  # an agency that disappeared
        con.execute(f"delete from marts.{table} where region_code = ?", [gone])
    con.close()
    build_report(db, out, runs_db=runs)
    after = _files(out)
    stem = "pd-" + slug(f"{region}-{agency}")
    province_xlsx = next(n for n in before if n.startswith(f"daftar-perbaikan-provinsi-{province_of(region)}-"))
    gone_stems = {"pd-" + slug(f"{gone}-{a}") for a in gone_agencies}
    gone_files = {n for n in before if n.rsplit(".", 1)[0] in gone_stems}
    assert gone_files and not gone_files & set(after)  # its page and workbook are removed
    changed = {n for n in after if n not in before or after[n][0] != before[n][0]}
    assert changed == {"index.html", f"{stem}.html", f"{stem}.xlsx", province_xlsx}
    rewritten = {n for n in after if n not in before or after[n][1] != before[n][1]}
    assert rewritten - {"index.html"} == changed - {"index.html"}  # everything else is the very same file
    assert "(diubah)" in (out / f"{stem}.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_front_page_shows_a_failed_last_attempt(rated_warehouse, tmp_path) -> None:
    from rekap.landing import store
    from rekap.runlog import RunRecord, save

    runs = tmp_path / "landing.duckdb"
    con = store.connect(runs)
    save(
        con,
        RunRecord(
            run_id="20261201T020000-aaaaaa",
            started_at=dt.datetime(2026, 12, 1, 2, 0),
            finished_at=dt.datetime(2026, 12, 1, 2, 5),
            status="published",
            tests_passed=430,
            tests_failed=0,
        ),
    )
    save(
        con,
        RunRecord(
            run_id="20261202T020000-bbbbbb",
            started_at=dt.datetime(2026, 12, 2, 2, 0),
            finished_at=dt.datetime(2026, 12, 2, 2, 4),
            status="failed",
            tests_passed=429,
            tests_failed=1,
            error="dbt test failed: not_null_fct_budget_amount_idr",
        ),
    )
    con.close()
    text = text_of(build_report(rated_warehouse, tmp_path / "r", runs_db=runs).read_text(encoding="utf-8"))
    assert (
        "Refresh terakhir: GAGAL — refresh 20261202T020000-bbbbbb, mulai 2 Desember 2026, 02.00; uji lulus 429, gagal 1 "
        "Penyebab: dbt test failed: not_null_fct_budget_amount_idr "
        "Data di laporan ini berasal dari penerbitan sebelumnya (refresh 20261201T020000-aaaaaa, 1 Desember 2026, 02.05)."
    ) in text


@pytest.mark.slow
def test_charts_are_svg_with_axes_values_and_indonesian_labels(report) -> None:
    page = report.read_text(encoding="utf-8")
    svgs = re.findall(r"<svg.*?</svg>", page, re.DOTALL)
    assert len(svgs) == 3
    rating, budget, plan = (text_of(s) for s in svgs)
    for tick in ("0%", "20%", "100%", "87,5%", "sesuai rencana", "Capaian terhadap rencana s.d. triwulan"):
        assert tick in rating, tick
    assert "Kabupaten Jember 2025 TW I: Persentase" in rating
    for tick in ("Rp 0", "Rp 30,2 M", "Rp 25 M", "Pagu (Rp)"):
        assert tick in budget, tick
    for tick in ("TW I", "TW IV", "Porsi target tahunan (%)", "100%"):
        assert tick in plan, tick
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)  # nothing fetched from anywhere


# --- in headless Chromium ---------------------------------------------------------------------------------------------


def _chromium(args: list[str], tmp: Path) -> subprocess.CompletedProcess:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
        "--hide-scrollbars",
    ]
    return subprocess.run([CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=120, check=False)


def _open(url: str, screenshot: Path, tmp: Path, height: int) -> tuple[list[str], str]:
    """Screenshot and DOM (after the inline script ran); console messages and uncaught errors."""
    shot = _chromium([f"--window-size=1280,{height}", f"--screenshot={screenshot}", url], tmp)
    dom = _chromium(["--dump-dom", url], tmp)
    console = [line for line in (shot.stderr + dom.stderr).splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return console, dom.stdout


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make browser)")
def test_report_in_headless_chromium_filters_and_prints_on_a4(report, tmp_path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    console, dom = _open(report.as_uri(), SCREENSHOTS / "index.png", tmp_path, 6000)
    assert console == [], console
    assert (SCREENSHOTS / "index.png").stat().st_size > 50_000
    assert "Laporan Konsolidasi" in dom and dom.count("<svg") == 3

    # the filter from the link: only Lumajang's 2023 rows stay visible
    console, dom = _open(
        report.as_uri() + "#tahun=2023&wilayah=35.08", SCREENSHOTS / "index_lumajang_2023.png", tmp_path, 3000
    )
    assert console == [], console
    perf = re.search(r'<table id="tabel-kinerja".*?<tbody>(.*?)</tbody>', dom, re.DOTALL).group(1)
    visible = [tr for tr in re.findall(r"<tr([^>]*)>", perf) if "hidden" not in tr]
    assert len(visible) == 6 and all('data-region="35.08"' in tr for tr in visible)
    assert "baris tabel ditampilkan" in dom

    agency = next(report.parent.glob("pd-73-24-*.html"))
    console, _ = _open(agency.as_uri(), SCREENSHOTS / "daftar_perbaikan_luwu_timur.png", tmp_path, 2000)
    assert console == [], console

    # print to PDF: A4, and every column of the performance table on the page (nothing cut at the right edge)
    pdf = tmp_path / "index.pdf"
    res = _chromium(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", report.as_uri()], tmp_path)
    assert pdf.is_file(), res.stderr[-2000:]
    shutil.copy(pdf, SCREENSHOTS / "index.pdf")
    if PDFINFO and PDFTOTEXT:
        info = subprocess.run([PDFINFO, str(pdf)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)", info), info
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        assert 2 <= pages <= 15
        words = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        flat = re.sub(r"\s+", " ", words)
        for needle in ("Tinggi", "87,5%", "3.125.000.000,00", "Baris", "Serapan", "126", "263"):
            assert needle in flat, needle


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (make browser)")
def test_report_after_a_real_refresh(planner_warehouse, tmp_path) -> None:
    """The report the flow writes after publishing: the run that published it is on the front page."""
    root, summary = planner_warehouse
    assert summary["status"] == "published", summary["error"]
    index = root / "warehouse" / "report" / "index.html"
    text = text_of(index.read_text(encoding="utf-8"))
    assert f"Refresh terakhir: Berhasil diterbitkan — refresh {summary['run_id']}" in text
    for region in ("Kabupaten Bangka", "Kabupaten Luwu Timur", "Kabupaten Lumajang", "Lampung", "Kabupaten Jember"):
        assert region in text, region
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    console, _ = _open(index.as_uri(), SCREENSHOTS / "index_after_refresh.png", tmp_path, 2000)
    assert console == [], console


@pytest.mark.slow
def test_the_report_a_refresh_writes_is_the_report_of_the_published_file(planner_warehouse, tmp_path) -> None:
    """A refresh renders its report from the build while the build is published: it must be the report the
    published file itself gives, file for file (the front page's own time of writing aside)."""
    root, summary = planner_warehouse
    assert summary["status"] == "published", summary["error"]
    written = root / "warehouse" / "report"
    again = build_report(
        root / "warehouse" / "rekap.duckdb",
        tmp_path / "again",
        runs_db=root / "warehouse" / "state" / "landing.duckdb",
        settings_file=root / "rekap.toml",
    ).parent
    a, b = _files(written), _files(again)
    assert sorted(a) == sorted(b) and len(a) > 5
    written_at = re.compile(rb"Dibuat \d{1,2} \w+ \d{4}, \d{2}\.\d{2} dari")
    for name in a:
        assert written_at.sub(b"", a[name][0]) == written_at.sub(b"", b[name][0]), name
    assert f"refresh {summary['run_id']}".encode() in a["index.html"][0]  # with its tests: the run as recorded
    # the pages name the published file, not the build they were rendered from
    assert b"rekap.duckdb" in a["index.html"][0] and b"rekap-build" not in a["index.html"][0]


def test_workbook_rows_written_without_openpyxl_cells_are_the_bytes_openpyxl_writes(tmp_path) -> None:
    """The finding rows are spliced into the sheet as XML (sheetrows.py): the same file as openpyxl's cells give,
    for the values that need care (escaping, surrounding whitespace, non-ASCII, empty, missing, big numbers) and
    every fill in the order it first appears."""
    from rekap.report import sheetrows
    from rekap.report.corrections import _values, write_corrections

    texts = [
        "  leading and trailing  ",
        "a & b < c > d \"q\" 's'",
        "baris\npertama\r\nkedua\ttab",
        "",
        "Rp 1.030.005,00 — TW I–IV … é ü",
        "emoji 😀 and 中文",
        "=",
        "#REF",
        "plain",
    ]
    findings = [
        {
            "severity": ("note", "warning", "error", "info", "warning")[i % 5],
            "agency_name": None if i == 3 else f"Dinas {text}",
            "region_name": None if i % 2 else text,
            "region_code": "35.09",
            "fiscal_year": 10**17 if i == 4 else 2025,
            "source_file": None if i == 5 else f"35.09/2025/{text}.xlsx",
            "source_line": None if i % 3 == 0 else i * 7,
            "check_name": "budget_children_sum" if i % 2 else text,
            "message": text,
        }
        for i, text in enumerate(texts * 3)
    ]
    assert all(sheetrows.plain(v) for i, f in enumerate(findings, 1) for v in _values(i, f))  # all spliced
    as_of = dt.date(2025, 3, 31)
    # the second and third share the first's date and fills: openpyxl's parts are reused, title and rows put in
    for i, (title, some) in enumerate(
        [
            ("Daftar perbaikan: Dinas & <Kantor> “Jember”", findings),
            ("  Daftar perbaikan: Dinas Pendidikan ", findings[:-1]),
            ("Daftar perbaikan: Dinas Sosial", findings[:5] + findings[6:]),
        ]
    ):
        spliced = write_corrections(tmp_path / f"spliced-{i}.xlsx", title, some, as_of)
        by_cells = write_corrections(tmp_path / f"cells-{i}.xlsx", title, some, as_of, openpyxl_cells=True)
        assert spliced.read_bytes() == by_cells.read_bytes(), title
        ws = openpyxl.load_workbook(spliced)["Daftar perbaikan"]
        assert ws.max_row == 4 + len(some) and ws["A1"].value == title and ws["I5"].value == texts[0]
        assert ws["E9"].value == 10**17 and ws.auto_filter.ref == f"A4:J{4 + len(some)}"


def test_a_sheet_openpyxl_wrote_otherwise_than_expected_is_written_by_openpyxl(tmp_path, monkeypatch) -> None:
    """When openpyxl's parts do not look as the splice expects (another openpyxl), the workbook is still written,
    by openpyxl's cells, and is the same file."""
    from rekap.report import sheetrows
    from rekap.report.corrections import write_corrections

    finding = {
        "severity": "error",
        "agency_name": "Dinas Sosial",
        "region_name": "Jember",
        "region_code": "35.09",
        "fiscal_year": 2025,
        "source_file": "35.09/2025/renja.txt",
        "source_line": 12,
        "check_name": "budget_children_sum",
        "message": "Jumlah rincian anggaran tidak sama dengan induknya",
    }

    def unexpected(*args, **kwargs):
        raise RuntimeError("unexpected sheet from openpyxl")

    monkeypatch.setattr(sheetrows, "splice", unexpected)
    written = write_corrections(tmp_path / "a.xlsx", "Daftar perbaikan: Dinas Sosial", [finding], dt.date(2025, 3, 31))
    by_cells = write_corrections(
        tmp_path / "b.xlsx", "Daftar perbaikan: Dinas Sosial", [finding], dt.date(2025, 3, 31), openpyxl_cells=True
    )
    assert written.read_bytes() == by_cells.read_bytes()
    assert openpyxl.load_workbook(written)["Daftar perbaikan"]["I5"].value == finding["message"]


@pytest.mark.slow
def test_mean_planned_shares_do_not_depend_on_the_stored_row_order(rated_warehouse, tmp_path) -> None:
    """An incremental build stores a recomputed submission's rows after the others, a full build in its own order:
    the report's means of the shares (doubles) must come out the same either way. 0.1 + 0.2 + 0.3 summed as
    doubles in two orders gives two different means (20.000000000000004 and 20.0)."""
    from rekap.report.data import Warehouse, quarterly_plan

    means = []
    for order in ("asc", "desc"):
        db = tmp_path / f"{order}.duckdb"
        shutil.copy(rated_warehouse, db)
        con = duckdb.connect(str(db))
        try:
            con.execute(
                "create or replace table marts.mart_quarterly_plan as "
                "select * replace (v.share as share_tw1, 'Badan X' as agency_name, 2099 as fiscal_year) "
                "from (select * from marts.mart_quarterly_plan limit 1) q, "
                f"(select unnest([0.1, 0.2, 0.3]::double[]) as share) v order by v.share {order}"
            )
            per, _ = quarterly_plan(Warehouse(con))
        finally:
            con.close()
        means.append([r["s1"] for r in per])
    assert means[0] == means[1] == [pytest.approx(20.0)]
    assert means[0][0] == 20.0
