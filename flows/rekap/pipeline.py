"""The refresh, step by step. Read `run_pipeline` as the pipeline's table of contents:

discover what changed in raw/  ->  extract each changed submission  ->  land it (per submission)
->  build the warehouse with dbt in a new file (tests included)  ->  publish it atomically  ->  record the run

The steps are plain functions; rekap.flow runs them as the tasks of a Prefect flow run. Nothing here imports
Prefect: `rekap refresh` without a Prefect server runs them as they are, and importing Prefect costs seconds.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from rekap.extract import Extraction
from rekap.extract_pool import extract_many
from rekap.ingest import IngestOutcome, IngestPlan, land, plan_ingest
from rekap.landing import store
from rekap.manifest import DocumentEntry
from rekap.paths import ProjectPaths
from rekap.runlog import RefreshSummary, RunRecord, landed_outcome, refresh_lock, save
from rekap.warehouse.build import (
    BuildResult,
    build_warehouse,
    project_fingerprint,
    published_build_info,
)
from rekap.warehouse.publish import clean_stale_builds, finalise, publish

if TYPE_CHECKING:  # the report's modules are imported when a report is rendered
    from rekap.report.builder import RenderedReport


def discover_changes(paths: ProjectPaths, full: bool) -> IngestPlan:
    con = store.connect(paths.landing_db)
    try:
        return plan_ingest(paths.raw, con, full=full)
    finally:
        con.close()


def extract_submissions(entries: list[DocumentEntry], raw_dir: Path) -> list[Extraction]:
    return extract_many(entries, raw_dir)  # a process per core when there are many; results in the given order


def land_submissions(paths: ProjectPaths, plan: IngestPlan, extractions: list[Extraction]) -> IngestOutcome:
    con = store.connect(paths.landing_db)
    try:
        return land(con, plan, extractions, paths.raw)
    finally:
        con.close()


def build(paths: ProjectPaths, run_id: str, built_from: tuple[str, str], full: bool = False) -> BuildResult:
    return build_warehouse(paths, run_id, full=full, built_from=built_from)


def _fact_rows(db: Path) -> dict[str, int | None]:
    con = duckdb.connect(str(db))
    try:
        out = {}
        for fact in ("fct_budget", "fct_target", "fct_realisation"):
            try:
                counted = con.execute(f"select count(*) from marts.{fact}").fetchone()
                assert counted is not None  # count(*) always returns a row
                out[fact] = counted[0]
            except duckdb.Error:
                out[fact] = None
        return out
    finally:
        con.close()


def publish_build(paths: ProjectPaths, result: BuildResult) -> None:
    # the file carries its own run's record and what it was built from (marts.run_history, marts.build_info)
    publish(result.build_db, paths.published_db, keep_build_as=paths.last_build_db, delta=result.delta)


def _record(paths: ProjectPaths, run: RunRecord) -> None:
    con = store.connect(paths.landing_db)
    try:
        save(con, run)
    finally:
        con.close()


def load_report_libraries() -> None:
    """The report's modules and its chart library loaded while the warehouse is built. A build replaying a few
    submissions' statements keeps one core busy, and importing matplotlib (about 0.5 s) would otherwise lengthen
    the report rendered beside the publish whenever a chart is drawn anew."""
    import importlib

    from rekap.report import charts

    importlib.import_module("rekap.report.builder")
    charts.load()


def render_report(paths: ProjectPaths, build_db: Path) -> RenderedReport | None:
    """The planners' report, rendered from the build about to be published (its public schema holds the tables the
    public file gets), so that it is rendered while the public file is written. None when it cannot be: the report
    is then written from the published file (write_report), which says why."""
    from rekap.report import ReportError
    from rekap.report.builder import render_report as render

    try:
        return render(
            build_db,
            paths.report_dir,
            runs_db=paths.landing_db,
            settings_file=paths.settings_file,
            source_name=paths.published_db.name,
        )
    except ReportError:
        return None


def write_report(paths: ProjectPaths, rendered: RenderedReport | None = None) -> str | None:
    """The planners' HTML report: `rendered` (from the build just published), else from the published warehouse.
    A report failure is logged, never un-publishes."""
    from rekap.report import ReportError, build_report

    try:
        if rendered is not None:
            return str(rendered.write())
        return str(
            build_report(
                paths.published_db, paths.report_dir, runs_db=paths.landing_db, settings_file=paths.settings_file
            )
        )
    except ReportError as exc:
        _logger().error("report not written: %s", exc)
        return None


class Stopwatch(dict):
    """Seconds per phase of a run, for the summary and the benchmark."""

    @contextmanager
    def phase(self, name: str):
        t = time.perf_counter()
        try:
            yield
        finally:
            self[name] = time.perf_counter() - t


def _logger() -> Any:
    """The Prefect run's logger inside a flow run (rekap.flow); the standard `rekap.refresh` logger otherwise.
    Prefect is asked only when it is loaded: a run without a server never imports it."""
    if "prefect" in sys.modules:
        from prefect import get_run_logger
        from prefect.exceptions import MissingContextError

        try:
            return get_run_logger()
        except MissingContextError:
            pass
    return logging.getLogger("rekap.refresh")


def _identity(value: Any) -> Any:
    return value


def _beside(step: Callable) -> Callable[..., Future]:
    """`step` started in a thread of its own beside the caller (a Future): DuckDB's work and file I/O release the
    GIL, so a step that reads while another writes uses the second core."""

    def start(*args: Any, **kwargs: Any) -> Future:
        pool = ThreadPoolExecutor(1, thread_name_prefix="rekap-step")
        try:
            return pool.submit(step, *args, **kwargs)
        finally:
            pool.shutdown(wait=False)

    return start


@dataclass(frozen=True)
class Steps:
    """How the pipeline's steps run: as the plain functions above, or (rekap.flow) as the Prefect tasks made from
    them, inside a flow run. `heavy` wraps an argument Prefect must not walk (hundreds of thousands of values);
    plain calls take it as is."""

    task: Callable[[Callable], Callable] = _identity
    heavy: Callable[[Any], Any] = _identity
    submit: Callable[[Callable], Callable[..., Any]] = _beside

    def __call__(self, step: Callable) -> Callable:
        return self.task(step)


PLAIN = Steps()


def refresh_without_server(
    root: str | None = None, full: bool = False, trigger: str = "manual", planned: IngestPlan | None = None
) -> dict:
    """The refresh, step for step, without Prefect's orchestration: for `rekap refresh` when no Prefect server
    is configured, where Prefect would first start a temporary server of its own, which costs more than refreshing
    a day's changes. Raises RefreshFailed like the flow.

    `planned` is for a caller that holds the refresh lock and has just planned the ingest under it
    (rekap.fastpath.unchanged_or_plan): the run takes that plan instead of discovering raw/ again, and does not
    lock again."""
    return run_pipeline(root, full, trigger, PLAIN, planned)


def run_pipeline(root: str | None, full: bool, trigger: str, step: Steps, planned: IngestPlan | None = None) -> dict:
    paths = ProjectPaths(Path(root)) if root else ProjectPaths.default()
    logger = _logger()
    with refresh_lock(paths.state_dir) if planned is None else nullcontext():
        clean_stale_builds(paths.build_dir)
        run, clock = RunRecord(trigger=trigger), Stopwatch()
        _record(paths, run)
        try:
            with clock.phase("discover"):
                plan = step(discover_changes)(paths, full) if planned is None else planned
            logger.info(
                "%d submissions found, %d changed, %d problems", plan.seen, len(plan.to_parse), len(plan.problems)
            )
            with clock.phase("extract"):
                extractions = step(extract_submissions)(step.heavy(plan.to_parse), paths.raw)
            with clock.phase("land"):
                # heavy(): hundreds of thousands of values Prefect's input introspection must not walk
                outcome = step(land_submissions)(paths, step.heavy(plan), step.heavy(extractions))
            run.submissions_seen, run.submissions_changed = outcome.seen, outcome.changed
            run.submissions_quarantined = outcome.quarantined

            built_from = (project_fingerprint(paths), store.landing_fingerprint(paths.landing_db))
            if not full and published_build_info(paths.published_db) == built_from:
                logger.info("nothing dbt reads changed since the published warehouse was built; not rebuilding")
                run.status = "unchanged"
            else:
                _record(paths, run)  # the build publishes the run's record as landed so far (marts.run_history)
                with clock.phase("dbt_build"):
                    loading = step.submit(load_report_libraries)()  # on the core the build leaves
                    try:
                        result = step(build)(paths, run.run_id, built_from, full)
                    finally:
                        loading.result()
                run.tests_passed, run.tests_failed = result.tests_passed, result.tests_failed
                if result.ok:
                    rows = _fact_rows(result.build_db)
                    run.rows_fct_budget, run.rows_fct_target, run.rows_fct_realisation = (
                        rows["fct_budget"],
                        rows["fct_target"],
                        rows["fct_realisation"],
                    )
                    run.status, run.finished_at = "published", dt.datetime.now()
                    _record(paths, run)  # the report's front page shows this run with its tests (runs_db)
                    with clock.phase("publish"):  # and the report rendered beside it, from the same tables
                        finalise(result.build_db)
                        rendering = step.submit(render_report)(paths, result.build_db)
                        try:
                            step(publish_build)(paths, result)
                        finally:
                            rendered = rendering.result()  # never left reading the build
                    with clock.phase("report"):
                        step(write_report)(paths, step.heavy(rendered))
                else:
                    run.status, run.error = "failed", result.error
                    logger.error("build failed, yesterday's warehouse stays published: %s", result.error)
                    if paths.published_db.is_file():  # the front page says the last attempt failed
                        _record(paths, run)
                        step(write_report)(paths)
        except Exception as exc:
            run.status, run.error = "failed", f"{type(exc).__name__}: {exc}"
            send_notification(
                paths,
                {
                    "run_id": run.run_id,
                    "status": run.status,
                    "error": run.error,
                    "flow_run_id": _flow_run_id(),
                    "workspace": str(paths.root),
                },
            )
            raise
        finally:
            run.finished_at = run.finished_at or dt.datetime.now()
            _record(paths, run)
        summary = summarise(paths, run, outcome, clock).as_dict()
    summary["notify_errors"] = send_notification(paths, summary)
    if summary["status"] == "failed":
        # raising is how Prefect records the run as Failed (automations, the UI); callers read e.summary
        raise RefreshFailed(summary)
    return summary


class RefreshFailed(Exception):
    """A refresh that published nothing because the build or its tests failed. Carries the run summary."""

    def __init__(self, summary: dict) -> None:
        super().__init__(summary)
        self.summary = summary

    def __str__(self) -> str:
        return f"refresh {self.summary.get('run_id')} failed: {self.summary.get('error')}"


def run_refresh(
    root: str | None = None,
    full: bool = False,
    trigger: str = "manual",
    orchestrated: bool = True,
    planned: IngestPlan | None = None,
) -> dict:
    """The refresh's summary whatever the outcome (a failed run raises inside Prefect, returns here); as a Prefect
    flow run unless `orchestrated` is False (only then is `planned` taken: see refresh_without_server)."""
    try:
        if orchestrated:
            from rekap.flow import refresh

            return refresh(root=root, full=full, trigger=trigger)
        return refresh_without_server(root=root, full=full, trigger=trigger, planned=planned)
    except RefreshFailed as exc:
        return exc.summary


def _flow_run_id() -> str | None:
    if "prefect" not in sys.modules:  # never imported: no flow run
        return None
    from prefect.runtime import flow_run

    return str(flow_run.id) if flow_run.id else None


def send_notification(paths: ProjectPaths, summary: dict) -> list[str]:
    """The workspace's notification hook (rekap.toml [notify]) gets the summary; a failing hook is logged only."""
    from rekap.notify import notify_workspace

    problems = notify_workspace(paths.settings_file, summary, paths.root)
    for problem in problems:
        _logger().warning("notification not delivered: %s", problem)
    return problems


def summarise(paths: ProjectPaths, run: RunRecord, outcome: IngestOutcome, seconds: dict) -> RefreshSummary:
    con = store.connect(paths.landing_db)
    try:
        quarantine, agencies = landed_outcome(con)
    finally:
        con.close()
    if run.status == "published":
        quarantine, agencies = _published_outcome(paths.published_db, quarantine, agencies)
    return RefreshSummary(
        run_id=run.run_id,
        status=run.status,
        submissions_seen=outcome.seen,
        submissions_changed=outcome.changed,
        loaded=outcome.loaded,
        quarantined=outcome.quarantined,
        values_landed=outcome.values_landed,
        rows={
            "fct_budget": run.rows_fct_budget,
            "fct_target": run.rows_fct_target,
            "fct_realisation": run.rows_fct_realisation,
        },
        tests_passed=run.tests_passed or 0,
        tests_failed=run.tests_failed or 0,
        error=run.error,
        quarantine=quarantine,
        agencies=agencies,
        seconds={k: round(v, 3) for k, v in seconds.items()},
        flow_run_id=_flow_run_id(),
        workspace=str(paths.root),
    )


def _published_outcome(db: Path, quarantine: list, agencies: list) -> tuple[list, list]:
    """What the build decided per submission (held back for an unknown region, duplicates, versions), as published;
    the landing's view when the published file does not say."""
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return quarantine, agencies
    try:
        quarantine = con.execute(
            "select source_path, message from marts.quarantined_files order by source_path, message"
        ).fetchall()
        agencies = con.execute(
            "select agency_name, region_code, sum(value_count)::int from marts.dim_submission where status = 'loaded' "
            "group by 1, 2 order by 2, 1"
        ).fetchall()
    except duckdb.Error:
        pass
    finally:
        con.close()
    return quarantine, agencies
