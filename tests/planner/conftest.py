"""One published warehouse per session for the planner tests: the demo corpus plus a filled template of a
fictional Jember agency, refreshed once through the real flow (slow: Prefect + dbt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_project
from tests.planner import helpers as H


def write_manifest(folder: Path) -> None:
    (folder / "manifest.yml").write_text(
        f'agency_name: {H.AGENCY}\nregion_code: "{H.REGION}"\nfiscal_year: {H.YEAR}\ndocuments:\n'
        "  - file: rencana_aksi_2025.xlsx\n    document_type: template\n    plan_version: murni\n"
        "    layout: templat_rekap\n    received_date: 2025-04-10\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="session")
def planner_warehouse(tmp_path_factory, prefect_server) -> tuple[Path, dict]:
    from rekap.flow import refresh
    from rekap.template import write_template

    base = tmp_path_factory.mktemp("planner")
    root = make_project(base / "project")
    folder = root / "raw" / f"{H.REGION}-fiktif" / str(H.YEAR)
    folder.mkdir(parents=True)
    xlsx, _ = write_template(H.REGION, H.YEAR, base / "tpl")
    H.fill(xlsx, folder / "rencana_aksi_2025.xlsx")  # includes a '-' placeholder in a money column
    write_manifest(folder)
    summary = refresh(root=str(root), trigger="test")
    return root, summary


@pytest.fixture(scope="session")
def rated_warehouse(tmp_path_factory) -> Path:
    """The demo corpus plus the filled Jember template, landed and built by `dbt build` (no Prefect):
    the one submission with both quarterly targets and a TW I realisation, so a quarter can be judged against its
    plan. Returns the built warehouse; its landing database is beside it (landing.duckdb)."""
    import shutil

    from rekap.template import write_template
    from tests.conftest import REPO, build_env, land_raw, run_dbt

    base = tmp_path_factory.mktemp("rated")
    raw = base / "raw"
    shutil.copytree(REPO / "raw", raw)
    folder = raw / f"{H.REGION}-fiktif" / str(H.YEAR)
    folder.mkdir(parents=True)
    xlsx, _ = write_template(H.REGION, H.YEAR, base / "tpl")
    H.fill(xlsx, folder / "rencana_aksi_2025.xlsx", budget_placeholder=False)
    write_manifest(folder)
    landing = base / "landing.duckdb"
    assert land_raw(raw, landing) == 0
    build = base / "warehouse" / "rekap.duckdb"
    build.parent.mkdir()
    env = build_env(build, landing, base)
    res = run_dbt(["build"], env)
    if res.returncode != 0:
        pytest.fail("dbt build failed:\n" + res.stdout[-6000:] + res.stderr[-3000:])
    return build
