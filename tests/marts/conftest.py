"""One landing + dbt build per session for the planning-mart tests (into tmp_path_factory paths)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
DBT_DIR = REPO / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"


@pytest.fixture(scope="session")
def marts_db(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("marts_warehouse")
    landing, build = tmp / "landing.duckdb", tmp / "rekap.duckdb"
    proc = subprocess.run([sys.executable, "-m", "rekap.landing.devload", str(landing)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.fail("devload failed:\n" + proc.stdout[-3000:] + proc.stderr[-3000:])
    env = {**os.environ, "REKAP_BUILD_DB": str(build), "REKAP_LANDING_DB": str(landing), "DO_NOT_TRACK": "1"}
    res = subprocess.run([str(DBT), "build", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR),
                          "--target-path", str(tmp / "target"), "--log-path", str(tmp / "logs")],
                         cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    if res.returncode != 0:
        pytest.fail("dbt build failed:\n" + res.stdout[-6000:] + res.stderr[-3000:])
    return build


@pytest.fixture(scope="session")
def con(marts_db):
    c = duckdb.connect(str(marts_db), read_only=True)
    yield c
    c.close()
