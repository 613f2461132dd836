"""The consolidation report: formatting, graceful degradation, and (slow) the real report opened in headless
Chromium (Debian's `chromium`): no console errors, key figures of the demo corpus visible, screenshots kept."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from rekap.report import ReportError, build_report, fmt_number, fmt_pct, fmt_rp
from tests.planner import helpers as H

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = Path(os.environ.get("REKAP_SCREENSHOT_DIR", "/tmp/rekap-report-screenshots"))


def test_indonesian_number_formatting() -> None:
    assert fmt_rp(Decimal("24994979377.15")) == "Rp 24.994.979.377,15"
    assert fmt_rp(1250000000) == "Rp 1.250.000.000,00"
    assert fmt_rp(None) == "-"
    assert fmt_number(Decimal("1234.5")) == "1.234,5"
    assert fmt_number(-1234567) == "-1.234.567"
    assert fmt_number(12) == "12"
    assert fmt_pct(87.5) == "87,50%"
    assert fmt_pct(Decimal("0.125"), 1) == "0,1%"


def test_missing_warehouse_is_a_report_error(tmp_path) -> None:
    with pytest.raises(ReportError, match="no published warehouse"):
        build_report(tmp_path / "nope.duckdb", tmp_path / "report")


def test_report_without_marts_says_data_belum_tersedia_and_escapes(tmp_path) -> None:
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create schema marts")
    con.execute("""create table marts.v_budget as select '35.09' as region_code, 'Kabupaten Jember' as region_name,
                   '<script>alert(1)</script> Dinas' as agency_name, 2025 as fiscal_year, null::int as quarter,
                   'murni' as plan_version, 'program' as level, '8.01.02' as nomenclature_code,
                   'PROGRAM <b>X</b>' as item_name, 'pagu' as measure, 24994979377.15::decimal(18,2) as amount_idr""")
    con.close()
    index = build_report(db, tmp_path / "report")
    text = index.read_text(encoding="utf-8")
    assert "Data belum tersedia" in text
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; Dinas" in text
    assert "Rp 24.994.979.377,15" in text
    pages = sorted(p.name for p in (tmp_path / "report").glob("pd-*.html"))
    assert len(pages) == 1 and "<script>" not in (tmp_path / "report" / pages[0]).read_text(encoding="utf-8")
    # rebuilt in place: the folder is replaced as a whole
    build_report(db, tmp_path / "report")
    assert sorted(p.name for p in (tmp_path / "report").iterdir()) == sorted(["index.html", *pages])


def _chromium(url: str, screenshot: Path, tmp: Path, height: int = 3000) -> tuple[list[str], str]:
    """Open url headless; return (console messages, dumped DOM). Screenshot written to `screenshot`."""
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp / 'profile'}", "--enable-logging=stderr", "--v=0", "--hide-scrollbars"]
    shot = subprocess.run([CHROMIUM, *flags, f"--window-size=1280,{height}", f"--screenshot={screenshot}", url],
                          capture_output=True, text=True, timeout=120)
    dom = subprocess.run([CHROMIUM, *flags, "--dump-dom", url], capture_output=True, text=True, timeout=120)
    console = [line for line in (shot.stderr + dom.stderr).splitlines() if ":CONSOLE" in line or "Uncaught" in line]
    return console, dom.stdout


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_report_renders_in_headless_chromium(planner_warehouse, tmp_path) -> None:
    root, summary = planner_warehouse
    assert summary["status"] == "published", summary["error"]
    out = root / "warehouse" / "report"
    index = build_report(root / "warehouse" / "rekap.duckdb", out)
    assert index == out / "index.html"
    text = index.read_text(encoding="utf-8")
    # self-contained: nothing fetched from anywhere
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", text)
    assert "<script" not in text

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    console, dom = _chromium(index.as_uri(), SCREENSHOTS / "index.png", tmp_path, height=6000)
    assert console == [], console
    assert (SCREENSHOTS / "index.png").stat().st_size > 10_000
    visible = html.unescape(re.sub(r"<[^>]+>", " ", dom))
    assert "Laporan Konsolidasi" in visible
    for heading in ("Cakupan pengiriman", "Anggaran per program", "Rencana vs realisasi per triwulan",
                    "Serapan anggaran", "Rencana yang menumpuk di TW IV", "Temuan per perangkat daerah"):
        assert heading in visible, heading
    # key figures: the demo regions and the fictional agency's pagu, in Indonesian notation
    for region in ("Kabupaten Bangka", "Kabupaten Luwu Timur", "Kabupaten Lumajang", "Lampung", "Kabupaten Jember"):
        assert region in visible, region
    assert "Rp 24.994.979.377,15" in visible
    assert dom.count("<svg") >= 3

    con = duckdb.connect(str(root / "warehouse" / "rekap.duckdb"), read_only=True)
    try:
        bangka = con.execute("select sum(amount_idr) from marts.v_budget where region_code = '19.01' and level = 'program' "
                             "and measure = 'pagu' and quarter is null").fetchone()[0]
    finally:
        con.close()
    if bangka:
        assert fmt_rp(bangka).replace("Rp ", "") in visible or any(
            fmt_rp(bangka) in line for line in visible.splitlines())

    # one page per agency, each opening cleanly; the fictional agency's page names it
    pages = sorted(out.glob("pd-*.html"))
    assert len(pages) >= 5
    for p in pages:
        assert f'href="{p.name}"' in text
    fiktif = next(p for p in pages if "fiktif" in p.name)
    console, dom = _chromium(fiktif.as_uri(), SCREENSHOTS / "agency_fiktif.png", tmp_path, height=1200)
    assert console == [], console
    assert H.AGENCY in html.unescape(dom)
    bangka_page = next(p for p in pages if p.name.startswith("pd-19-01"))
    console, dom = _chromium(bangka_page.as_uri(), SCREENSHOTS / "agency_bangka.png", tmp_path, height=2000)
    assert console == [], console
