"""The `rekap` command as a user types it: help, validate (good, real, broken), status, sql."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekap.cli import app
from tests.conftest import REPO

runner = CliRunner()

DOCS = {
    "18": "raw/18-lampung-kesbangpol/2023/rencana_aksi_kinerja_2023.txt",
    "19.01": "raw/19.01-bangka-kesbangpol/2024/rencana_aksi_2024.txt",
    "73.24": "raw/73.24-luwu-timur-kesbangpol/2022/rencana_aksi_perubahan_2022.txt",
    "35.08": "raw/35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023.txt",
}


def invoke(*args: str, root: Path | None = None):
    env = {"REKAP_HOME": str(root)} if root else {}
    return runner.invoke(app, list(args), env=env)


def test_help_lists_every_command() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("refresh", "status", "validate", "report", "template", "sql", "serve", "docs"):
        assert command in result.output


@pytest.mark.parametrize("region, doc", DOCS.items())
def test_validate_reads_each_real_document(region: str, doc: str) -> None:
    result = invoke("validate", str(REPO / doc))
    assert result.exit_code == 0, result.output
    assert "values read" in result.output
    assert "target" in result.output or "budget" in result.output


def test_validate_names_file_line_and_expectation_for_a_broken_table(tmp_path: Path) -> None:
    folder = tmp_path / "19.01-bangka-kesbangpol" / "2024"
    shutil.copytree(REPO / "raw" / "19.01-bangka-kesbangpol" / "2024", folder)
    doc = folder / "rencana_aksi_2024.txt"
    lines = doc.read_text(encoding="utf-8").splitlines(keepends=True)
    bad_line = next(i for i, l in enumerate(lines) if "27,144,383,200.00" in l)
    lines[bad_line] = lines[bad_line].replace("\t70\t0\t0\t0\t70\t", "\t70\tseventy\t0\t0\t70\t")
    doc.write_text("".join(lines), encoding="utf-8")
    result = invoke("validate", str(doc))
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert str(doc) in out.replace("\n", "") or doc.name in out
    assert f"line {bad_line + 1}" in out
    assert "expected" in out
    assert "Traceback" not in result.output


def test_validate_without_manifest_says_what_is_missing(tmp_path: Path) -> None:
    doc = tmp_path / "surat.txt"
    doc.write_text("NO\tSASARAN\n", encoding="utf-8")
    result = invoke("validate", str(doc))
    assert result.exit_code == 1
    assert "manifest.yml" in result.output and "Traceback" not in result.output


def test_validate_reports_a_wrong_manifest_with_its_line(tmp_path: Path) -> None:
    folder = tmp_path / "agency" / "2024"
    shutil.copytree(REPO / "raw" / "19.01-bangka-kesbangpol" / "2024", folder)
    m = folder / "manifest.yml"
    m.write_text(m.read_text(encoding="utf-8").replace("plan_version: murni", "plan_version: final"), encoding="utf-8")
    result = invoke("validate", str(folder / "rencana_aksi_2024.txt"))
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "line 7" in out and "plan_version" in out


def test_status_before_any_refresh_is_one_sentence(tmp_path: Path) -> None:
    (tmp_path / "raw").mkdir()
    result = invoke("status", root=tmp_path)
    assert result.exit_code == 1
    assert "no refresh has run yet" in " ".join(result.output.split())


def test_sql_without_warehouse_is_one_sentence(tmp_path: Path) -> None:
    result = invoke("sql", "select 1", root=tmp_path)
    assert result.exit_code == 1
    assert "rekap refresh" in " ".join(result.output.split()) and "Traceback" not in result.output


@pytest.mark.slow
def test_status_and_sql_after_a_refresh(tmp_path: Path, prefect_server) -> None:
    from rekap.flow import refresh
    from tests.conftest import make_project

    root = make_project(tmp_path / "project")
    summary = refresh(root=str(root))
    assert summary["status"] == "published"
    status = invoke("status", root=root)
    assert status.exit_code == 0, status.output
    assert summary["run_id"] in status.output and "published" in status.output
    assert "Stale (changed in raw/ since the last run): 0" in status.output
    bangka = root / DOCS["19.01"]
    bangka.write_text(bangka.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    status = invoke("status", root=root)
    assert "Stale (changed in raw/ since the last run): 1" in status.output
    q = invoke("sql", "select count(*) as n from marts.dim_region", root=root)
    assert q.exit_code == 0 and "552" in q.output
    bad = invoke("sql", "select * from marts.no_such_table", root=root)
    assert bad.exit_code == 1 and "Traceback" not in bad.output and "no_such_table" in bad.output
    write = invoke("sql", "drop table marts.dim_region", root=root)
    assert write.exit_code == 1  # the connection is read-only
    import hashlib

    published = root / "warehouse" / "rekap.duckdb"
    before = hashlib.sha256(published.read_bytes()).hexdigest()
    docs = invoke("docs", root=root)
    assert docs.exit_code == 0, docs.output
    assert (root / "warehouse" / ".build" / "target" / "index.html").exists()
    assert hashlib.sha256(published.read_bytes()).hexdigest() == before  # dbt never opens the published file
