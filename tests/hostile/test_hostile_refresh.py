"""Hostile inputs through the whole refresh (Prefect + dbt): damaged files in raw/ never stop the others' publishing.

One refresh with several hostile submissions at once — a workbook whose [Content_Types].xml is cut in half (the
crash that used to stop every refresh), a zip bomb, a symlinked agency folder, a file symlinked to /etc/passwd, a
misspelt manifest key — beside a UTF-16 text file and a workbook with a hidden sheet that load with a note.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import duckdb
import pytest

from tests.hostile.conftest import (
    DIRS,
    DOCS,
    XLSX_DIR,
    XLSX_NAME,
    build_project,
    edit_workbook,
    rezip,
    tree_digest,
    write_xlsx_manifest,
)

pytestmark = pytest.mark.slow


def _hidden_sheet(wb) -> None:
    ws = wb.create_sheet("Cadangan")
    ws["A1"] = "data lama"
    ws.sheet_state = "hidden"


def test_one_refresh_with_many_hostile_submissions_publishes_the_rest(
    tmp_path: Path, filled_xlsx: bytes, prefect_server
) -> None:
    from rekap.flow import refresh

    root = build_project(tmp_path / "project", filled_xlsx)
    raw = root / "raw"
    # the template agency's workbook loads, with a hidden sheet (a note)
    (raw / DOCS["xlsx"]).write_bytes(edit_workbook(filled_xlsx, _hidden_sheet))
    # a second, damaged workbook in its own folder: [Content_Types].xml cut in half
    bad = raw / "35.10-rusak" / "2025"
    bad.mkdir(parents=True)
    ct = zipfile.ZipFile(io.BytesIO(filled_xlsx)).read("[Content_Types].xml")
    (bad / XLSX_NAME).write_bytes(rezip(filled_xlsx, {"[Content_Types].xml": ct[: len(ct) // 2]}))
    write_xlsx_manifest(bad)
    (bad / "manifest.yml").write_text((bad / "manifest.yml").read_text().replace('"35.09"', '"35.10"'))
    # a zip bomb in a third folder
    bomb = raw / "35.11-bom" / "2025"
    bomb.mkdir(parents=True)
    (bomb / XLSX_NAME).write_bytes(rezip(filled_xlsx, add={"xl/media/image1.bin": b"\0" * (24 << 20)}))
    write_xlsx_manifest(bomb)
    (bomb / "manifest.yml").write_text((bomb / "manifest.yml").read_text().replace('"35.09"', '"35.11"'))
    # a symlinked agency folder, a file symlinked to /etc/passwd, a UTF-16 text file
    outside = tmp_path / "outside"
    outside.mkdir()
    (raw / "99.99-luar").symlink_to(outside, target_is_directory=True)
    (raw / DIRS["bangka"] / "lampiran.txt").symlink_to("/etc/passwd")
    luwu = raw / DOCS["luwu"]
    luwu.write_bytes(b"\xff\xfe" + luwu.read_text(encoding="utf-8").encode("utf-16-le"))
    before = tree_digest(raw)

    summary = refresh(root=str(root), trigger="test")

    assert tree_digest(raw) == before
    assert summary["status"] == "published", summary["error"]
    assert summary["tests_failed"] == 0
    assert {r for _, r, _ in summary["agencies"]} == {"18", "19.01", "35.08", "73.24", "35.09"}
    quarantine = dict(summary["quarantine"])
    assert "XML di dalam berkas XLSX rusak" in quarantine[f"35.10-rusak/2025/{XLSX_NAME}"]
    assert "bom zip" in quarantine[f"35.11-bom/2025/{XLSX_NAME}"]
    assert "tautan simbolik" in quarantine["99.99-luar"]
    assert "luar folder raw/" in quarantine[f"{DIRS['bangka']}/lampiran.txt"]

    con = duckdb.connect(str(root / "warehouse" / "rekap.duckdb"), read_only=True)
    try:
        notes = con.execute(
            "select source_file, check_name, severity, message from marts.mart_data_quality "
            "where check_name like 'intake_%' order by 1"
        ).fetchall()
        budget_regions = {r for (r,) in con.execute("select distinct region_code from marts.fct_budget").fetchall()}
    finally:
        con.close()
    assert (DOCS["luwu"], "intake_encoding", "info") in [n[:3] for n in notes]
    assert any(
        n[0] == f"{XLSX_DIR}/{XLSX_NAME}" and n[1] == "intake_hidden_sheet" and "TIDAK dibaca" in n[3] for n in notes
    )
    assert {"18", "19.01", "35.08", "35.09"} <= budget_regions
