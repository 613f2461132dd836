"""Decide, before any orchestration starts, that a refresh has nothing to do.

Starting the Prefect flow costs seconds (a temporary API server when none is configured), several times the
work of a refresh where nothing changed. `unchanged_refresh` runs the same checks the flow would — every
submission's fingerprint, the pre-parse problems, the readings' interpreter version, the landing and project
fingerprints against `marts.build_info` of the published file — and when all agree it records the run as
`unchanged` and returns the summary the flow would have returned. Otherwise it returns None and the caller runs
the flow, which decides everything again under its own lock. A caller that holds the lock across both
(`unchanged_or_plan`) hands the flow the plan made here instead: the landing cannot change while the lock is held,
so discovering raw/ again would only repeat the same seconds.
"""

from __future__ import annotations

import datetime as dt

import duckdb

from rekap.ingest import IngestPlan, plan_ingest, problem_rows
from rekap.landing import readings, store
from rekap.paths import ProjectPaths
from rekap.runlog import RefreshSummary, RunRecord, landed_outcome, refresh_lock, save
from rekap.warehouse.build import project_fingerprint, published_build_info


def unchanged_refresh(paths: ProjectPaths, trigger: str = "manual") -> dict | None:
    """The summary of an `unchanged` run when nothing the warehouse is built from changed; else None."""
    if not paths.landing_db.exists() or not paths.published_db.exists():
        return None
    with refresh_lock(paths.state_dir):
        return unchanged_or_plan(paths, trigger)[0]


def unchanged_or_plan(paths: ProjectPaths, trigger: str = "manual") -> tuple[dict | None, IngestPlan | None]:
    """For a caller holding the refresh lock: the summary of an `unchanged` run when nothing changed, else None and
    the ingest plan of raw/ against the landing when the decision got that far (None when it did not)."""
    if not paths.landing_db.exists() or not paths.published_db.exists():
        return None, None
    built = published_build_info(paths.published_db)
    if built is None or built[0] != project_fingerprint(paths):
        return None, None
    try:
        con = store.connect(paths.landing_db)
    except duckdb.Error:
        return None, None
    try:
        plan = plan_ingest(paths.raw, con)
        known = {sid for (sid,) in con.execute("select submission_id from submissions").fetchall()}
        problems = sorted(
            (p[0], p[2] if p[2] is not None else -1, p[4]) for p in problem_rows(plan.problems, paths.raw)
        )
        landed_problems = sorted(
            con.execute(
                "select source_path, coalesce(source_line, -1), message from quarantine "
                "where source_path not in (select source_file from submissions)"
            ).fetchall()
        )
        if plan.to_parse or known != plan.present_ids or problems != landed_problems or readings.stale_submissions(con):
            return None, plan
    finally:
        con.close()
    if store.landing_fingerprint(paths.landing_db) != built[1]:
        return None, plan
    return _record_unchanged(paths, plan, trigger), None


def _record_unchanged(paths: ProjectPaths, plan, trigger: str) -> dict:
    """Record the run and return its summary, as the flow would have."""
    run = RunRecord(trigger=trigger, status="unchanged")
    con = store.connect(paths.landing_db)
    try:
        quarantine, agencies = landed_outcome(con)
        run.submissions_seen, run.submissions_changed = plan.seen + len(plan.problems), 0
        run.submissions_quarantined, run.finished_at = len(quarantine), dt.datetime.now()
        save(con, run)
    finally:
        con.close()
    summary = RefreshSummary(
        run_id=run.run_id,
        status=run.status,
        submissions_seen=run.submissions_seen,
        submissions_changed=0,
        loaded=0,
        quarantined=len(quarantine),
        values_landed=0,
        rows={"fct_budget": None, "fct_target": None, "fct_realisation": None},
        tests_passed=0,
        tests_failed=0,
        error=None,
        quarantine=quarantine,
        agencies=agencies,
        seconds={},
        workspace=str(paths.root),
    ).as_dict()
    from rekap.notify import notify_workspace

    # the workspace's notification hook gets this run's summary too, as after a run of the flow
    summary["notify_errors"] = notify_workspace(paths.settings_file, summary, paths.root)
    return summary
