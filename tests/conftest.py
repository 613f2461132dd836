"""Shared fixtures: a throw-away copy of the project (so tests can edit raw/ and publish freely) and one
Prefect test server per session (starting one costs ~15 s, so every flow test shares it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

REPO = Path(__file__).resolve().parents[1]

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
if os.environ.get("PYTEST_XDIST_WORKER"):
    # A pytest-xdist worker starts with COLUMNS=80 in its environment, which Rich fixes as the width of rekap.cli's
    # consoles on import, and its temporary paths are longer (popen-gwN/): a message naming a file there would wrap
    # inside the name. A worker prints nothing itself, so it gets a terminal wide enough for any message.
    os.environ["COLUMNS"] = "1000"


def examples(n: int) -> int:
    """Hypothesis examples for a property test: n in a full run, a tenth (at least 50) under `make test-fast`
    (REKAP_FAST_TESTS=1), where the property is checked on fewer inputs rather than not at all."""
    return max(50, n // 10) if os.environ.get("REKAP_FAST_TESTS") else n


def make_project(dest: Path) -> Path:
    """A workspace with its own raw/ and warehouse/; the dbt project is found with the code (rekap.paths)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "raw", dest / "raw")
    (dest / "warehouse").mkdir()
    return dest


def land_raw(raw: Path, landing: Path) -> int:
    """Land every submission of a raw/ folder into a landing database as a refresh does, without Prefect or dbt;
    returns how many files were quarantined."""
    from rekap.extract import extract_document
    from rekap.ingest import land, plan_ingest
    from rekap.landing import store

    con = store.connect(landing)
    try:
        plan = plan_ingest(raw, con, full=True)
        return land(con, plan, [extract_document(e, raw) for e in plan.to_parse], raw).quarantined
    finally:
        con.close()


def build_env(build: Path, landing: Path, tmp: Path) -> dict[str, str]:
    """The environment `dbt build` needs to build `build` from `landing`, its logs and target under tmp."""
    return {
        **os.environ,
        "REKAP_BUILD_DB": str(build),
        "REKAP_LANDING_DB": str(landing),
        "DBT_LOG_PATH": str(tmp / "logs"),
        "DBT_TARGET_PATH": str(tmp / "target"),
        "DO_NOT_TRACK": "1",
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


DBT_DIR = REPO / "dbt_project"
DBT = Path(sys.executable).parent / "dbt"


@dataclass
class Warehouse:
    """A warehouse built once per session from the demo corpus: landed without Prefect, then `dbt build`."""

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


def run_dbt(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DBT), *args, "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.fixture(scope="session")
def warehouse(tmp_path_factory) -> Warehouse:
    tmp = tmp_path_factory.mktemp("dbt_warehouse")
    landing, build = tmp / "landing.duckdb", tmp / "rekap.duckdb"
    quarantined = land_raw(REPO / "raw", landing)
    assert quarantined == 0, f"{quarantined} demo files quarantined"
    env = build_env(build, landing, tmp)
    res = run_dbt(["build"], env)
    if res.returncode != 0:
        pytest.fail("dbt build failed:\n" + res.stdout[-6000:] + res.stderr[-3000:])
    return Warehouse(build, landing, REPO / "raw", res.stdout, env)


@pytest.fixture(scope="session")
def dbt_runner():
    return run_dbt


@pytest.fixture(scope="session")
def planner_warehouse(tmp_path_factory, prefect_server) -> tuple[Path, dict]:
    """The demo corpus plus a filled template of a fictional Jember agency, refreshed once through the real flow
    (Prefect + dbt): what the template's round trip and the report written after a refresh are checked on.
    Returns the workspace and the run's summary."""
    from rekap.flow import refresh
    from rekap.template import write_template
    from tests.template import helpers as H

    base = tmp_path_factory.mktemp("planner")
    root = make_project(base / "project")
    folder = root / "raw" / f"{H.REGION}-fiktif" / str(H.YEAR)
    folder.mkdir(parents=True)
    xlsx, _ = write_template(H.REGION, H.YEAR, base / "tpl")
    H.fill(xlsx, folder / "rencana_aksi_2025.xlsx")  # includes a '-' placeholder in a money column
    H.write_manifest(folder)
    summary = refresh(root=str(root), trigger="test")
    return root, summary


# What runs a full refresh or dbt: these fixtures, and a module that builds its own warehouse or runs dbt itself
# (tests.dbt.builds.land_and_build, run_dbt). A test using either is slow whatever its own marks say, so
# `pytest -m "not slow"` never pays for a build.
FULL_BUILD_FIXTURES = frozenset({"warehouse", "rated_warehouse", "planner_warehouse", "prefect_server", "dbt_runner"})


def _runs_a_build(item: pytest.Item) -> bool:
    fixtures = set(getattr(item, "fixturenames", ()))
    module = getattr(item, "module", None)
    return bool(FULL_BUILD_FIXTURES & fixtures) or any(hasattr(module, f) for f in ("land_and_build", "run_dbt"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if _runs_a_build(item):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def default_language(monkeypatch: pytest.MonkeyPatch):
    """Every test starts in the default language (Bahasa Indonesia), whatever the machine's locale or an earlier
    test's `--lang`; a test wanting English asks for it."""
    from rekap.i18n import set_language

    for var in ("REKAP_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    set_language(None)
    yield
    set_language(None)
