"""Session fixture: build a landing DB from raw/ (rekap.landing.devload; falls back to the hand-made
fallback_landing when devload is unavailable) and run `dbt build` into a temporary warehouse ONCE per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[2]
DBT_DIR = REPO / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"


@dataclass
class Warehouse:
    path: Path
    landing: Path
    raw_root: Path
    build_log: str
    env: dict

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.path), read_only=True)

    def rows(self, sql: str, params=None) -> list[tuple]:
        con = self.connect()
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()


def _dbt(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([str(DBT), *args, "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Warehouse:
    tmp = tmp_path_factory.mktemp("dbt_warehouse")
    landing = tmp / "landing.duckdb"
    raw_root = REPO / "raw"
    proc = subprocess.run([sys.executable, "-m", "rekap.landing.devload", str(landing), "--raw", str(raw_root)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 or not landing.exists():
        sys.path.insert(0, str(Path(__file__).parent))
        from fallback_landing import build as fallback_build  # noqa: PLC0415

        raw_root = tmp / "raw"
        fallback_build(landing, raw_root)
    build = tmp / "rekap.duckdb"
    env = {**os.environ, "REKAP_BUILD_DB": str(build), "REKAP_LANDING_DB": str(landing),
           "DBT_LOG_PATH": str(tmp / "logs"), "DBT_TARGET_PATH": str(tmp / "target"), "DO_NOT_TRACK": "1"}
    res = _dbt(["build"], env)
    if res.returncode != 0:
        pytest.fail("dbt build failed:\n" + res.stdout[-6000:] + res.stderr[-3000:])
    return Warehouse(build, landing, raw_root, res.stdout, env)


@pytest.fixture(scope="session")
def dbt_runner():
    return _dbt
