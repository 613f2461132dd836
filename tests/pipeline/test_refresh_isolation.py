"""Through the whole refresh (Prefect, dbt, publish): an agency with a region code that does not exist is
quarantined while a valid new agency sent in the same refresh is published."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import make_project

pytestmark = pytest.mark.slow

BANGKA = "19.01-bangka-kesbangpol/2024"


def _copy_as(raw: Path, dest: str, region: str, agency: str) -> None:
    shutil.copytree(raw / BANGKA, raw / dest)
    manifest = raw / dest / "manifest.yml"
    lines = manifest.read_text(encoding="utf-8").split("\n")
    lines[0], lines[1] = f"agency_name: {agency}", f'region_code: "{region}"'
    manifest.write_text("\n".join(lines), encoding="utf-8")


def test_bad_region_is_quarantined_while_a_new_agency_publishes(tmp_path: Path, prefect_server) -> None:
    from rekap.flow import refresh

    root = make_project(tmp_path / "project")
    _copy_as(root / "raw", "35.80-contoh-kesbangpol/2024", "35.80", "Badan Kesbangpol Kabupaten Contoh")
    _copy_as(root / "raw", "35.09-jember-kesbangpol/2024", "35.09", "Badan Kesbangpol Kabupaten Jember")
    summary = refresh(root=str(root), trigger="test")
    assert summary["status"] == "published", summary["error"]
    assert summary["tests_failed"] == 0
    # the operator's summary says so too
    assert any(path.startswith("35.80-contoh-kesbangpol/") and "35.80" in msg for path, msg in summary["quarantine"])
    assert {r for _, r, _ in summary["agencies"]} == {"18", "19.01", "35.08", "35.09", "73.24"}
    con = duckdb.connect(str(root / "warehouse" / "rekap.duckdb"), read_only=True)
    try:
        regions = {r for (r,) in con.execute("select distinct region_code from marts.v_budget").fetchall()}
        assert "35.09" in regions and "19.01" in regions and "35.80" not in regions
        ((message,),) = con.execute(
            "select message from marts.quarantined_files where region_code = '35.80'"
        ).fetchall()
        assert "35.80" in message and "Kemendagri" in message
        status = dict(con.execute("select region_code, status from marts.dim_submission").fetchall())
        assert status["35.80"] == "quarantined" and status["35.09"] == "loaded"
    finally:
        con.close()
