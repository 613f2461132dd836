"""Run `dbt build` (models + seeds + tests) into a brand-new DuckDB file next to the published one.

dbt runs in a subprocess: dbt-duckdb keeps its connection open in-process (holding the file lock), and a
subprocess guarantees every handle on the new file is closed before we publish it. Once dbt has run the data tests
of a project in a build mode (full or incremental), later builds of that project and mode run the SQL dbt
compiled for them directly in DuckDB (rekap.warehouse.data_tests), and once dbt has built a project incrementally,
later incremental builds of it run the statements that build ran for its models (rekap.warehouse.model_replay):
dbt's start-up and per-node overhead cost more than an incremental build's queries. A replayed build is made on
the previous build itself, in one transaction with its data tests (_replay_in_place); a build by dbt starts from
a copy of it.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

from rekap.paths import ProjectPaths
from rekap.warehouse import data_tests, model_replay, profile_connection
from rekap.warehouse.publish import PUBLIC_SCHEMA, Delta, finalise, move_database, remove_database


@dataclass
class BuildResult:
    ok: bool
    build_db: Path
    tests_passed: int
    tests_failed: int
    models_failed: int
    error: str | None
    seconds: float
    mode: str = "full"  # full | incremental (from a copy of the previous build)
    submissions_rebuilt: int | None = None  # incremental: submissions added, changed or removed since that build
    delta: Delta | None = None  # incremental: what changed in the public schema since the build it started from


def dbt_executable() -> str:
    candidate = Path(sys.executable).with_name("dbt")
    return str(candidate) if candidate.exists() else "dbt"


def dbt_env(paths: ProjectPaths, build_db: Path) -> dict[str, str]:
    """The environment of a dbt run (and of a replayed one: rekap.warehouse.model_replay): the files it reads and
    writes. What the run is (its id, what it builds from) is written into the build file (_write_build_run)."""
    env = dict(os.environ)
    env.update(
        REKAP_BUILD_DB=str(build_db),
        REKAP_LANDING_DB=str(paths.landing_db),
        REKAP_MATCH_CACHE_DB=str(paths.state_dir / "nomenclature_cache.duckdb"),
        DBT_SEND_ANONYMOUS_USAGE_STATS="false",
        DO_NOT_TRACK="1",
    )
    return env


def run_dbt(paths: ProjectPaths, build_db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    target = paths.build_dir / "target"
    cmd = [
        dbt_executable(),
        *args,
        "--project-dir",
        str(paths.dbt_project),
        "--profiles-dir",
        str(paths.dbt_project),
        "--target-path",
        str(target),
        "--log-path",
        str(paths.build_dir / "logs"),
    ]
    return subprocess.run(cmd, env=dbt_env(paths, build_db), capture_output=True, text=True, cwd=paths.root)


def _summarise(run_results: Path) -> tuple[int, int, int, list[str]]:
    passed = failed = models_failed = 0
    errors: list[str] = []
    if not run_results.exists():
        return 0, 0, 0, ["dbt wrote no run_results.json"]
    data = json.loads(run_results.read_text())
    for r in data.get("results", []):
        uid, status = r.get("unique_id", ""), r.get("status")
        is_test = uid.startswith("test.")
        if is_test and status == "pass":
            passed += 1
        elif is_test and status in ("fail", "error"):
            failed += 1
            errors.append(f"{uid}: {status} ({(r.get('message') or '').strip()[:200]})")
        elif not is_test and status == "error":
            models_failed += 1
            errors.append(f"{uid}: {(r.get('message') or '').strip()[:300]}")
        elif is_test and status == "warn":
            passed += 1
    return passed, failed, models_failed, errors


BUILD_NAME = "rekap-build.duckdb"  # one name for every run: dbt re-parses the whole project when the path changes


def previous_build(paths: ProjectPaths) -> Path:
    """The last published build with every layer: an incremental build starts from a copy of it."""
    kept = getattr(paths, "last_build_db", None)  # when publishing keeps the full build apart from the public file
    return kept if kept is not None and Path(kept).exists() else paths.published_db


def start_from_previous(paths: ProjectPaths, build_db: Path, project: str) -> int | None:
    """Copy the previous build to `build_db` and list in it the submissions to recompute (mark_changes); returns how
    many, or None when the build must be full instead: no previous build, or one built by another dbt project or
    interpreter than `project` (its fingerprint; marts.build_info), or one without the incremental tables."""
    import shutil

    previous = previous_build(paths)
    if not built_by_project(previous, project):
        return None
    shutil.copyfile(previous, build_db)
    return mark_changes(paths, build_db)


def built_by_project(build: Path, project: str) -> bool:
    """Whether `build` says (marts.build_info) it was built by the dbt project and interpreters of fingerprint
    `project` (project_fingerprint, which the caller has computed for the run)."""
    built = published_build_info(build)
    return built is not None and built[0] == project


def mark_changes(paths: ProjectPaths, build_db: Path) -> int | None:
    """List in a previous build, or its copy (main.rekap_changed_submissions), the submissions added, changed or
    removed since it was built; returns how many, or None when it lacks the incremental tables or cannot be written (a
    reader holds it open)."""
    try:
        con = duckdb.connect(str(build_db))
    except duckdb.Error:
        return None
    try:
        con.execute(f"attach '{paths.landing_db}' as landing (read_only)")
        con.execute("""
            create or replace table main.rekap_changed_submissions as
            with now_landed as (select submission_id, fingerprint, status from landing.main.submissions),
                 built as (select submission_id, fingerprint, status from main.stg_landing__submissions)
            select submission_id from (
                (select * from now_landed except select * from built)
                union (select * from built except select * from now_landed))
            group by submission_id order by submission_id""")
        # the landed changes stay fixed for the copy of landed cells; the set above grows during the build
        con.execute("create or replace table main.rekap_landed_changes as select * from main.rekap_changed_submissions")
        # the run whose build this copy is: its public file is the one this build's changes apply to (publish)
        con.execute(f"create or replace table main.rekap_build_base as select run_id from {PUBLIC_SCHEMA}.build_info")
        # publication statuses and latest versions are decided among an agency's submissions: the dbt build adds
        # the submissions whose status changed and then every submission of an agency with a changed one, as built
        # before (this copy) and as landed now (macros/incremental.sql, add_status_changes, add_agency_submissions)
        con.execute(
            "create or replace table main.rekap_previous_submission_status as "
            "select submission_id, status, agency_id from main.int_submission_status"
        )
        counted = con.execute("select count(*) from main.rekap_changed_submissions").fetchone()
        assert counted is not None  # count(*) always returns a row
        return counted[0]
    except duckdb.Error:
        return None
    finally:
        con.close()


def build_warehouse(
    paths: ProjectPaths, run_id: str, full: bool = False, built_from: tuple[str, str] | None = None
) -> BuildResult:
    """Build into a new file: incrementally from a copy of the previous build when the project is unchanged (only
    added, changed and removed submissions are recomputed), else (or with `full`) from scratch. The file records
    its run (marts.run_history) and what it is built from (marts.build_info: the project and landing
    fingerprints, computed here unless given)."""
    import time

    paths.build_dir.mkdir(parents=True, exist_ok=True)
    build_db = paths.build_dir / BUILD_NAME
    t0 = time.perf_counter()
    if built_from is None:
        from rekap.landing import store

        built_from = (project_fingerprint(paths), store.landing_fingerprint(paths.landing_db))
    run_values = [run_id, *built_from, str(paths.root)]
    replay_at = paths.state_dir / "model_replay_incremental.json"
    built, passed, failed, models_failed, tail = False, 0, 0, 0, ""
    errors: list[str] = []
    outcomes: list[data_tests.Outcome] | None = None
    changed: int | None
    replayed = None if full else _replay_in_place(paths, build_db, run_id, built_from, replay_at)
    if replayed is not None:
        changed, outcomes = replayed
        mode, built = "incremental", True
    else:
        changed = _start(paths, build_db, run_id, built_from, full)
        mode = "full" if changed is None else "incremental"
        tests_at, key = paths.state_dir / f"data_tests_{mode}.json", compiled_tests_key(built_from[0], mode)
        kept_tests = data_tests.load(tests_at, key)
        # an incremental build runs only what can differ from the copied build (dbt_project/selectors.yml)
        scope = ["--full-refresh"] if changed is None else ["--selector", "changed_data"]
        if kept_tests is not None:  # the data tests run below, as dbt compiled them
            scope = (
                ["--full-refresh", "--exclude", "resource_type:test"]
                if changed is None
                else ["--selector", "changed_models"]
            )
        # An incremental build's statements are kept from its structured log, at dbt's default file level (debug,
        # every statement); a full build's are not kept, and writing them costs it about 4 s in 25 nationally
        log = ["--log-format-file", "json"] + (["--log-level-file", "info"] if changed is None else [])
        proc = run_dbt(paths, build_db, "build", *scope, *log)
        target = paths.build_dir / "target"
        (target / PROJECT_OF_TARGET).write_text(built_from[0], encoding="utf-8")
        passed, failed, models_failed, errors = _summarise(target / "run_results.json")
        built = proc.returncode == 0 and failed == 0 and models_failed == 0
        tail = "\n".join(proc.stdout.strip().splitlines()[-15:]) or proc.stderr.strip()[-2000:]
        if built and kept_tests is None:
            _keep_compiled_tests(target, tests_at, key, run_values)
        if built and changed is not None:
            _keep_model_steps(paths, replay_at, key, run_values)
        if built and kept_tests is not None:
            outcomes = _run_data_tests(paths, build_db, kept_tests)
    if outcomes is not None:
        passed += sum(o.status in ("pass", "warn") for o in outcomes)
        failing = [o for o in outcomes if o.status in ("fail", "error")]
        failed += len(failing)
        errors += [f"{o.unique_id}: {o.status} ({(o.message or '').strip()[:200]})" for o in failing]
    ok = built and failed == 0
    error = None if ok else ("; ".join(errors[:10]) or tail)
    delta = None
    if ok:
        base = _drop_scratch(build_db)
        keyed = keyed_public_tables(paths, built_from[0])
        if changed is not None and base is not None and keyed is not None:
            delta = Delta(base[0], keyed, base[1])
    return BuildResult(
        ok, build_db, passed, failed, models_failed, error, time.perf_counter() - t0, mode, changed, delta
    )


def _start(paths: ProjectPaths, build_db: Path, run_id: str, built_from: tuple[str, str], full: bool) -> int | None:
    """A new build file: a copy of the previous build (returns how many submissions to recompute) or, when there
    is none to start from or with `full`, an empty file (returns None); either way told its run."""
    remove_database(build_db)
    changed = None if full else start_from_previous(paths, build_db, built_from[0])
    if changed is None:
        remove_database(build_db)
    _write_build_run(build_db, run_id, built_from)
    return changed


def _write_build_run(build_db: Path, run_id: str, built_from: tuple[str, str]) -> None:
    """What the models say about their run (marts.build_info, marts.run_history; macros/build_run.sql)."""
    con = duckdb.connect(str(build_db))
    try:
        con.execute(
            "create or replace table main.rekap_build_run as "
            "select ?::varchar as run_id, ?::varchar as project_fingerprint, ?::varchar as landing_fingerprint",
            [run_id, *built_from],
        )
    finally:
        con.close()


_SCRATCH = (
    "rekap_build_run",
    "rekap_build_base",
    "rekap_changed_submissions",
    "rekap_landed_changes",
    "rekap_previous_submission_status",
)


def _drop_scratch(build_db: Path) -> tuple[str, tuple[str, ...]] | None:
    """The tables that steered this build are not part of what it built (nor of the next build's copy). Returns,
    for an incremental build, the run it started from and every submission it recomputed (the set grows during
    the build: macros/incremental.sql)."""
    con = duckdb.connect(str(build_db))
    try:
        base = None
        if con.execute("select count(*) from duckdb_tables() where table_name = 'rekap_build_base'").fetchone() != (0,):
            run = con.execute("select run_id from main.rekap_build_base").fetchone()
            submissions = con.execute(
                "select submission_id from main.rekap_changed_submissions order by submission_id"
            ).fetchall()
            if run is not None:
                base = (str(run[0]), tuple(str(s) for (s,) in submissions))
        for scratch in _SCRATCH:
            con.execute(f"drop table if exists main.{scratch}")
        return base
    finally:
        con.close()


PROJECT_OF_TARGET = "rekap_project_fingerprint"  # beside dbt's artifacts: the project they were made from


def keyed_public_tables(paths: ProjectPaths, project: str) -> frozenset[str] | None:
    """The public tables whose rows are keyed by submission (`meta: keyed_by_submission`), as dbt's manifest of this
    project says; None when the last dbt run was of another project."""
    target = paths.build_dir / "target"
    try:
        if (target / PROJECT_OF_TARGET).read_text(encoding="utf-8") != project:
            return None
        manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return frozenset(
        node.get("alias") or node["name"]
        for node in manifest.get("nodes", {}).values()
        if node.get("resource_type") == "model"
        and node.get("schema") == PUBLIC_SCHEMA
        and ((node.get("config") or {}).get("meta") or {}).get("keyed_by_submission") is True
    )


def compiled_tests_key(project: str, mode: str) -> str:
    """What the SQL dbt compiles for the data tests (and runs for the models) depends on: the project, the build
    mode (an incremental build reads the recomputed rows only, macros/incremental.sql) and dbt itself."""
    from importlib.metadata import version

    return f"{project} {mode} dbt-core {version('dbt-core')} dbt-duckdb {version('dbt-duckdb')}"


def _keep_compiled_tests(target: Path, kept_at: Path, key: str, run_values: list[str]) -> None:
    """Keep the data tests the dbt build just ran as it compiled them, unless one's SQL holds a value of this run
    (then dbt keeps running the tests)."""
    tests = data_tests.harvest(target)
    if tests and not data_tests.embeds_any(tests, run_values):
        data_tests.store(kept_at, key, tests)


def _keep_model_steps(paths: ProjectPaths, kept_at: Path, key: str, run_values: list[str]) -> None:
    """Keep what the incremental dbt build just ran for its models, unless it cannot be run again as it is (a
    statement holds a value of this run, or the log does not say every model's statements)."""
    target = paths.build_dir / "target"
    steps = model_replay.harvest(paths.build_dir / "logs" / "dbt.log", target)
    if steps and not model_replay.embeds_any(steps, run_values):
        model_replay.store(kept_at, key, steps)


# DuckDB's rows per row group, its unit of parallel work
ROW_GROUP = 122_880


def _replay_in_place(
    paths: ProjectPaths, build_db: Path, run_id: str, built_from: tuple[str, str], replay_at: Path
) -> tuple[int, list[data_tests.Outcome]] | None:
    """An incremental build replayed on the previous build itself, moved to the build file rather than copied: the
    previous build grows with the country (250 MB nationally), not with the change, and copying it cost an
    incremental build more than its statements. The replay and the data tests judging it are one transaction
    (_replay_models): committed when every test passes, else rolled back, and then the build's scratch tables are
    dropped and the previous build moved back as it was. Returns how many submissions were recomputed and the
    tests' outcomes; None when there is nothing to replay (no statements or tests kept for an incremental build of
    this project, no previous build of it), when a kept statement failed (the kept statements are forgotten) or
    when DuckDB cannot write the previous build (a reader holds it open): then dbt builds from a copy. While the
    build runs, the previous build's own path is empty; a run that dies mid-way leaves it so, and the next build
    is full."""
    key = compiled_tests_key(built_from[0], "incremental")
    tests = data_tests.load(paths.state_dir / "data_tests_incremental.json", key)
    steps = model_replay.load(replay_at, key) if tests is not None else None
    previous = paths.last_build_db
    if steps is None or tests is None or not previous.is_file() or not built_by_project(previous, built_from[0]):
        return None
    changed = mark_changes(paths, previous)  # in place, before it is moved: None when it cannot be written
    if changed is None:
        return None
    move_database(previous, build_db)  # over a stale build file and its log
    outcomes = None
    try:
        _write_build_run(build_db, run_id, built_from)
        outcomes = _replay_models(paths, build_db, steps, tests)
        return changed, outcomes
    except model_replay.ReplayError as exc:  # dbt builds it again, from a copy, and says what is wrong
        logging.getLogger("rekap.refresh").warning("replayed build failed, dbt builds instead: %s", exc)
        model_replay.forget(replay_at)
        return None
    except duckdb.Error as exc:  # not the replay's doing: the file could not be opened or committed
        logging.getLogger("rekap.refresh").warning("previous build not replayed in place, dbt builds: %s", exc)
        return None
    finally:
        if outcomes is None or not _passed(outcomes):
            _move_back(build_db, previous)


def _move_back(build_db: Path, previous: Path) -> None:
    """The previous build, as it was before a replay that did not commit, moved back to its path. Its scratch
    tables are dropped when DuckDB can open it (else they stay: the next build replaces each of them)."""
    try:
        _drop_scratch(build_db)
        finalise(build_db)
    except duckdb.Error as exc:
        logging.getLogger("rekap.refresh").warning("the previous build keeps this run's scratch tables: %s", exc)
    move_database(build_db, previous)


def _passed(outcomes: list[data_tests.Outcome]) -> bool:
    return all(o.status in ("pass", "warn") for o in outcomes)


def _replay_models(
    paths: ProjectPaths, build_db: Path, steps: list[model_replay.Step], tests: list[data_tests.DataTest]
) -> list[data_tests.Outcome]:
    """The kept statements, then the data tests inside their transaction (seeing what they changed): committed when
    every test passes, rolled back otherwise. Returns the tests' outcomes, up to the first test whose query raised
    (the tests after it are not run)."""
    env = dbt_env(paths, build_db)
    con = profile_connection.connect(paths.dbt_project / "profiles.yml", env, build_db)
    # A day's few changed submissions: each statement reads less than a row group of their rows (or a mart of
    # all rows built from them), and a second thread costs DuckDB more in synchronisation than it shares (one
    # changed submission of the national corpus: 288 statements in 1.90 s on two threads, 1.67 s on one)
    recomputed = con.execute(
        "select coalesce(sum(value_count), 0) from landing.main.submissions "
        "where submission_id in (select submission_id from main.rekap_changed_submissions)"
    ).fetchone()
    if recomputed is not None and recomputed[0] < ROW_GROUP:
        con.execute("set threads = 1")
    saved = {k: os.environ.get(k) for k in env if k.startswith("REKAP_")}
    os.environ.update({k: env[k] for k in saved})  # a Python model reads its files from the environment
    outcomes: list[data_tests.Outcome] = []

    def judged(con: duckdb.DuckDBPyConnection) -> bool:
        con.execute("reset threads")  # a test reads whole views of every submission
        for test in tests:
            outcomes.append(data_tests.run_test(con, test))
            if outcomes[-1].status == "error":
                break  # its query aborted the transaction: no later test can run in it
        return _passed(outcomes)

    try:
        model_replay.replay(con, steps, judged)
        return outcomes
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        con.close()


def _run_data_tests(paths: ProjectPaths, build_db: Path, tests: list[data_tests.DataTest]) -> list[data_tests.Outcome]:
    """The data tests on a connection set up as dbt's (profiles.yml), on every core."""
    con = profile_connection.connect(paths.dbt_project / "profiles.yml", dbt_env(paths, build_db), build_db)
    try:
        return data_tests.run_tests(con, tests, workers=os.cpu_count() or 1)
    finally:
        con.close()


# --- what a published warehouse was built from ---------------------------------------------------------------------

# The Python that dbt's Python models import: a change here changes what the warehouse contains.
_INTERPRETERS = (
    "interpret/numbers.py",
    "interpret/words.py",
    "interpret/nomenclature.py",
    "interpret/nomenclature_cache.py",
    "interpret/units.py",
    "landing/readings.py",
    "warehouse/sql_functions.py",  # Python rules the models call as SQL functions
)


def project_fingerprint(paths: ProjectPaths) -> str:
    """Hash of everything that shapes the warehouse besides the landing data: dbt project and interpreters."""
    import hashlib

    h = hashlib.sha256()
    files = [
        p for sub in ("models", "macros", "seeds", "tests") for p in (paths.dbt_project / sub).rglob("*") if p.is_file()
    ]
    files += [paths.dbt_project / name for name in ("dbt_project.yml", "profiles.yml", "selectors.yml")]
    pkg = Path(__file__).resolve().parents[1]
    files += [pkg / rel for rel in _INTERPRETERS]
    for p in sorted(files):
        if p.exists() and "__pycache__" not in p.parts:
            h.update(p.name.encode())
            h.update(p.read_bytes())
    return h.hexdigest()


def published_build_info(published_db: Path) -> tuple[str, str] | None:
    """(project_fingerprint, landing_fingerprint) the published file was built from, if it says."""
    if not published_db.exists():
        return None
    try:
        con = duckdb.connect(str(published_db), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("select project_fingerprint, landing_fingerprint from marts.build_info").fetchone()
        return (row[0], row[1]) if row else None
    except duckdb.Error:
        return None
    finally:
        con.close()
