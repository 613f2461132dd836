"""The report tests' warehouse: the demo corpus plus a filled template of a fictional Jember agency, landed and built
once per session (slow: dbt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.template import helpers as H


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
    H.write_manifest(folder)
    landing = base / "landing.duckdb"
    assert land_raw(raw, landing) == 0
    build = base / "warehouse" / "rekap.duckdb"
    build.parent.mkdir()
    env = build_env(build, landing, base)
    res = run_dbt(["build"], env)
    if res.returncode != 0:
        pytest.fail("dbt build failed:\n" + res.stdout[-6000:] + res.stderr[-3000:])
    return build
