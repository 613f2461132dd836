"""The whole refresh through Prefect and dbt: publish, run history, failed builds, readers, kill -9, schedule.

Slow (each refresh runs `dbt build`); they share one Prefect test server.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, make_project

pytestmark = pytest.mark.slow


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_refresh(root: Path, **kw) -> dict:
    from rekap.flow import refresh

    return refresh(root=str(root), **kw)


@pytest.fixture(scope="module")
def demo(tmp_path_factory, prefect_server):
    root = make_project(tmp_path_factory.mktemp("demo") / "project")
    summary = run_refresh(root, trigger="test")
    return root, summary


def query(db: Path, sql: str):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_demo_refresh_publishes_a_self_contained_warehouse(demo) -> None:
    root, summary = demo
    assert summary["status"] == "published", summary["error"]
    published = root / "warehouse" / "rekap.duckdb"
    assert published.exists() and not Path(str(published) + ".wal").exists()
    assert summary["tests_failed"] == 0 and summary["tests_passed"] > 0
    assert {r for _, r, _ in summary["agencies"]} == {"18", "19.01", "35.08", "73.24"}
    # opened alone, read-only, like an analyst would: no reference to the private landing file
    names = {
        n for (n,) in query(published, "select table_name from information_schema.tables where table_schema = 'marts'")
    }
    assert {"v_budget", "v_target", "v_realisation", "quarantined_files", "run_history"} <= names
    assert query(published, "select count(*) from marts.v_budget")[0][0] > 0
    assert not list((root / "warehouse" / ".build").glob("rekap-*.duckdb*"))
    # only the public schema, every public table and column commented (build_info, written by the flow, too)
    assert query(published, "select distinct schema_name from duckdb_tables()") == [("marts",)]
    assert query(
        published, "select count(*) from duckdb_columns() where schema_name = 'marts' and coalesce(comment, '') = ''"
    ) == [(0,)]
    assert query(published, "select count(*) from duckdb_tables() where comment is null") == [(0,)]
    # the full build stays private, beside the landing database
    assert query(root / "warehouse" / "state" / "last_build.duckdb", "select count(*) from main.int_facts")[0][0] > 0


def test_published_file_carries_its_run(demo) -> None:
    root, summary = demo
    rows = query(root / "warehouse" / "rekap.duckdb", "select run_id, status, submissions_seen from marts.run_history")
    assert (summary["run_id"], "published", 4) in rows


def test_refresh_with_nothing_changed_rebuilds_nothing(demo) -> None:
    root, first = demo
    published = root / "warehouse" / "rekap.duckdb"
    before = sha(published)
    again = run_refresh(root, trigger="test")
    assert again["status"] == "unchanged"
    assert again["submissions_changed"] == 0 and "dbt_build" not in again["seconds"]
    assert sha(published) == before
    ((project_fp, landing_fp),) = query(
        published, "select project_fingerprint, landing_fingerprint from marts.build_info"
    )
    assert len(project_fp) == len(landing_fp) == 64


def test_refresh_without_a_prefect_server_publishes_the_same_warehouse(demo, tmp_path) -> None:
    """`rekap refresh` with no Prefect server configured runs the same steps as plain calls: no flow run, the same
    figures and lineage as the flow run published from the same raw/."""
    from rekap.flow import refresh_without_server

    root, _ = demo
    other = make_project(tmp_path / "project")
    summary = refresh_without_server(root=str(other), trigger="test")
    assert summary["status"] == "published", summary["error"]
    assert summary["flow_run_id"] is None and summary["tests_failed"] == 0
    assert set(summary["seconds"]) >= {"discover", "extract", "land", "dbt_build", "publish", "report"}
    for view in ("v_budget", "v_target", "v_realisation"):
        sql = f"select * from marts.{view} order by all"
        assert query(other / "warehouse" / "rekap.duckdb", sql) == query(root / "warehouse" / "rekap.duckdb", sql)
    assert (other / "warehouse" / "report" / "index.html").is_file()


def test_cli_refresh_without_a_server_discovers_raw_once(tmp_path: Path, monkeypatch) -> None:
    """`rekap refresh` decides whether anything changed before importing Prefect; with a change and no server, the
    run goes on under the same hold of the refresh lock and from the plan that decision made."""
    import rekap.fastpath
    import rekap.orchestration
    import rekap.pipeline
    from rekap.cli.refresh import _refresh
    from rekap.ingest import plan_ingest
    from rekap.paths import ProjectPaths

    root = make_project(tmp_path / "project")
    assert rekap.pipeline.refresh_without_server(root=str(root), trigger="test")["status"] == "published"
    doc = sorted((root / "raw").rglob("*.txt"))[0]
    doc.write_bytes(doc.read_bytes() + b"\n")
    plans = []

    def counted(*args, **kwargs):
        plans.append(args)
        return plan_ingest(*args, **kwargs)

    monkeypatch.setattr(rekap.fastpath, "plan_ingest", counted)
    monkeypatch.setattr(rekap.pipeline, "plan_ingest", counted)
    monkeypatch.setattr(rekap.orchestration, "prefect_server_configured", lambda: False)
    summary = _refresh(ProjectPaths(root), full=False)
    assert summary["status"] == "published", summary["error"]
    assert summary["submissions_changed"] == 1 and summary["flow_run_id"] is None
    assert len(plans) == 1
    assert _refresh(ProjectPaths(root), full=False)["status"] == "unchanged"


def flow_run_state(flow_run_id: str):
    import asyncio

    from prefect.client.orchestration import get_client

    async def read():
        async with get_client() as client:
            return (await client.read_flow_run(flow_run_id)).state

    return asyncio.run(read())


def test_data_tests_rekap_runs_itself_gate_publishing(tmp_path: Path, prefect_server) -> None:
    """Once dbt has run a project's data tests, later builds of that project run them as dbt compiled them
    (rekap.warehouse.data_tests): a failing error-severity test there blocks publishing and is named, one that only
    warns does not."""
    from rekap.flow import RefreshFailed

    root = make_project(tmp_path / "project")
    first = run_refresh(root)
    assert first["status"] == "published" and first["tests_passed"] > 0
    kept = root / "warehouse" / "state" / "data_tests_full.json"
    data = json.loads(kept.read_text())
    assert len(data["tests"]) == first["tests_passed"]
    again = run_refresh(root, full=True)  # the kept tests, run by rekap
    assert again["status"] == "published" and again["tests_passed"] == first["tests_passed"]
    published = root / "warehouse" / "rekap.duckdb"
    before = sha(published)
    failing = {"unique_id": "test.rekap.assert_always_fails", "sql": "select 1 as failing_row"}
    warning = {"unique_id": "test.rekap.assert_only_warns", "sql": "select 1 as failing_row", "severity": "warn"}
    data["tests"] += [failing, warning]
    kept.write_text(json.dumps(data))
    with pytest.raises(RefreshFailed) as failed:
        run_refresh(root, full=True)
    summary = failed.value.summary
    assert summary["status"] == "failed" and summary["tests_failed"] == 1
    assert summary["tests_passed"] == first["tests_passed"] + 1
    assert "assert_always_fails" in (summary["error"] or "") and "assert_only_warns" not in (summary["error"] or "")
    assert sha(published) == before


def test_failed_build_keeps_yesterdays_warehouse(tmp_path: Path, prefect_server, monkeypatch) -> None:
    import json

    from prefect.client.schemas.objects import StateType

    from rekap.flow import RefreshFailed

    root = make_project(tmp_path / "project")
    hook_file = tmp_path / "hook.json"
    (root / "rekap.toml").write_text(f'[notify]\ncommand = ["sh", "-c", "cat > {hook_file}"]\n', encoding="utf-8")
    first = run_refresh(root)
    assert first["status"] == "published"
    assert flow_run_state(first["flow_run_id"]).type == StateType.COMPLETED
    assert json.loads(hook_file.read_text(encoding="utf-8"))["run_id"] == first["run_id"]
    published = root / "warehouse" / "rekap.duckdb"
    before = sha(published)
    # today's dbt project has a failing test: nothing may be published
    shutil.copytree(REPO / "dbt_project", tmp_path / "dbt_project", ignore=shutil.ignore_patterns("target", "logs"))
    (tmp_path / "dbt_project" / "tests").mkdir(exist_ok=True)
    (tmp_path / "dbt_project" / "tests" / "assert_always_fails.sql").write_text("select 1 as failing_row\n")
    monkeypatch.setenv("REKAP_DBT_PROJECT", str(tmp_path / "dbt_project"))
    with pytest.raises(RefreshFailed) as failed:
        run_refresh(root)
    summary = failed.value.summary
    assert summary["status"] == "failed"
    assert "assert_always_fails" in (summary["error"] or "")
    assert sha(published) == before
    # Prefect records the run as Failed (so automations can fire), with the reason
    state = flow_run_state(summary["flow_run_id"])
    assert state.type == StateType.FAILED and "assert_always_fails" in (state.message or "")
    # the notification hook received the same summary
    sent = json.loads(hook_file.read_text(encoding="utf-8"))
    assert sent["run_id"] == summary["run_id"] and sent["status"] == "failed" and "assert_always_fails" in sent["error"]
    con = duckdb.connect(str(root / "warehouse" / "state" / "landing.duckdb"), read_only=True)
    ((status, error),) = con.execute("select status, error from runs order by started_at desc limit 1").fetchall()
    con.close()
    assert status == "failed" and "assert_always_fails" in error
    # the planners' front page says the last attempt failed, and that its data is from the previous publish
    front = (root / "warehouse" / "report" / "index.html").read_text(encoding="utf-8")
    assert "Refresh terakhir: GAGAL" in front and "assert_always_fails" in front
    assert "Data di laporan ini berasal dari penerbitan sebelumnya" in front


READER = r"""
import os, sys, time, duckdb
path, stop_file = sys.argv[1], sys.argv[2]
seen, errors, end = set(), 0, time.time() + 300
while time.time() < end and not os.path.exists(stop_file):
    try:
        con = duckdb.connect(path, read_only=True)
        run = con.execute("select max(run_id) from marts.run_history where status = 'published'").fetchone()[0]
        total = con.execute("select sum(amount_idr) from marts.v_budget").fetchone()[0]
        con.close()
        seen.add(f"{run}|{total}")
    except Exception as exc:
        errors += 1
        print("ERROR", repr(exc), flush=True)
    time.sleep(0.05)
print("SEEN", sorted(seen), flush=True)
sys.exit(1 if errors else 0)
"""


def test_readers_see_old_or_new_never_a_mix(tmp_path: Path, prefect_server) -> None:
    root = make_project(tmp_path / "project")
    assert run_refresh(root)["status"] == "published"
    published = root / "warehouse" / "rekap.duckdb"
    old = query(published, "select max(run_id) from marts.run_history where status = 'published'")[0][0]
    bangka = root / "raw" / "19.01-bangka-kesbangpol" / "2024" / "rencana_aksi_2024.txt"
    bangka.write_text(
        bangka.read_text(encoding="utf-8").replace("165,000,000.00", "175,000,000.00", 1), encoding="utf-8"
    )
    script = tmp_path / "reader.py"
    script.write_text(READER)
    stop = tmp_path / "stop"
    readers = [
        subprocess.Popen([sys.executable, str(script), str(published), str(stop)], stdout=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    time.sleep(1)
    summary = run_refresh(root)
    time.sleep(1)
    stop.touch()
    assert summary["status"] == "published"
    new = summary["run_id"]
    outputs = []
    for r in readers:
        out, _ = r.communicate(timeout=120)
        outputs.append((r.returncode, out))
    for code, out in outputs:
        assert code == 0, out
        seen = eval(out.strip().splitlines()[-1].removeprefix("SEEN "))
        runs = {s.split("|")[0] for s in seen}
        assert runs <= {old, new}, seen
        # within one snapshot, the budget total matches that run's data: one total per run id
        assert len(seen) == len(runs), seen


@pytest.mark.parametrize("kill_when", ["landing", "dbt_build"])
def test_kill_9_leaves_published_file_identical_and_next_run_completes(
    tmp_path: Path, prefect_server, kill_when: str
) -> None:
    from prefect.settings import PREFECT_API_URL

    root = make_project(tmp_path / "project")
    assert run_refresh(root)["status"] == "published"
    published = root / "warehouse" / "rekap.duckdb"
    before = sha(published)
    bangka = root / "raw" / "19.01-bangka-kesbangpol" / "2024" / "rencana_aksi_2024.txt"
    bangka.write_text(
        bangka.read_text(encoding="utf-8").replace("165,000,000.00", "175,000,000.00", 1), encoding="utf-8"
    )
    env = dict(os.environ, REKAP_HOME=str(root), PREFECT_API_URL=str(PREFECT_API_URL.value()))
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("rekap")), "refresh"],
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    build_dir = root / "warehouse" / ".build"
    deadline = time.time() + 120
    while time.time() < deadline:
        if kill_when == "landing" and (root / "warehouse" / "state" / "refresh.lock").exists() and proc.poll() is None:
            time.sleep(0.5)
            break
        if kill_when == "dbt_build" and list(build_dir.glob("rekap-*.duckdb")):
            time.sleep(1.0)
            break
        time.sleep(0.05)
    else:
        pytest.fail(f"refresh never reached {kill_when}")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert sha(published) == before
    con = duckdb.connect(str(published), read_only=True)  # still readable
    assert con.execute("select count(*) from marts.v_budget").fetchone()[0] > 0
    con.close()
    summary = run_refresh(root)  # no stale lock or temp file blocks the next run
    assert summary["status"] == "published", summary["error"]
    assert query(published, "select count(*) from marts.v_budget where amount_idr = 175000000")[0][0] >= 1
    assert not list(build_dir.glob("rekap-*.duckdb*"))


def test_nightly_deployment_is_scheduled_at_02_jakarta(tmp_path: Path, prefect_server) -> None:
    import asyncio

    from prefect.client.orchestration import get_client

    from rekap.schedule import nightly_deployment

    deployment_id = nightly_deployment(tmp_path).apply()

    async def read():
        async with get_client() as client:
            return await client.read_deployment(deployment_id)

    dep = asyncio.run(read())
    (sched,) = dep.schedules
    assert sched.schedule.cron == "0 2 * * *"
    assert sched.schedule.timezone == "Asia/Jakarta"
    assert dep.parameters["trigger"] == "schedule"
