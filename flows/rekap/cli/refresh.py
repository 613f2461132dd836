"""Running the workspace: create it, refresh it now or nightly, and say where it stands."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.markup import escape
from rich.table import Table

from rekap.cli.common import cell, console, fail, prefect_defaults, say, workspace
from rekap.cli.root import app
from rekap.cli.summary import print_summary
from rekap.i18n import has, t
from rekap.paths import ProjectPaths


@app.command()
def init(directory: Path = typer.Argument(..., help="dir")) -> None:
    """Create a workspace: the folders a refresh reads and writes, and a commented settings file."""
    from rekap.paths import SETTINGS_FILE
    from rekap.settings import DEFAULT_SETTINGS_TOML

    directory = directory.expanduser().resolve()
    for what in ("raw", "warehouse", SETTINGS_FILE):
        if (directory / what).exists():
            fail(t("init.exists", path=directory, what=what))
    (directory / "raw").mkdir(parents=True)
    (directory / "raw" / "README.md").write_text(t("init.raw_readme"), encoding="utf-8")
    (directory / "warehouse").mkdir()
    (directory / SETTINGS_FILE).write_text(DEFAULT_SETTINGS_TOML, encoding="utf-8")
    console.print(say("init.done", path=directory), highlight=False)


@app.command()
def refresh(
    full: bool = typer.Option(False, "--full", help="full"),
) -> None:
    """Run the refresh flow in this process and print its summary; exit 1 when nothing was published."""
    from rekap.settings import SettingsError, load_settings

    paths = workspace()
    try:
        load_settings(paths.settings_file)  # a broken settings file is said now, not after the build
    except SettingsError as exc:
        fail(str(exc))
    prefect_defaults(paths)
    from rekap.runlog import RefreshLocked

    with console.status(t("refresh.working")):
        try:
            summary = _refresh(paths, full)
        except RefreshLocked as exc:
            fail(t("refresh.lock_busy", path=exc.path))
        except RuntimeError as exc:
            fail(str(exc))
    print_summary(summary, paths)
    if summary["status"] not in ("published", "unchanged"):
        raise typer.Exit(1)


def _refresh(paths: ProjectPaths, full: bool) -> dict:
    """Nothing changed: decided before Prefect is even imported. Else a Prefect flow run when a Prefect server is
    configured; with none, the same steps without the temporary server Prefect would start first (it costs more
    than refreshing a day's changes) and without importing Prefect, under the hold of the refresh lock the
    decision took and from its plan."""
    from rekap.fastpath import unchanged_or_plan
    from rekap.orchestration import prefect_server_configured
    from rekap.pipeline import run_refresh
    from rekap.runlog import refresh_lock

    if not full and paths.landing_db.exists() and paths.published_db.exists():
        with refresh_lock(paths.state_dir):
            summary, plan = unchanged_or_plan(paths)
            if summary is not None:
                return summary
            if plan is not None and not prefect_server_configured():
                return run_refresh(root=str(paths.root), trigger="manual", orchestrated=False, planned=plan)
    return run_refresh(root=str(paths.root), full=full, trigger="manual", orchestrated=prefect_server_configured())


@app.command()
def serve(port: int = typer.Option(4200, help="port")) -> None:
    """Serve the nightly deployment (rekap.schedule) for this workspace until stopped."""
    paths = workspace()
    prefect_defaults(paths)
    from rekap.schedule import NIGHTLY_CRON, TIMEZONE
    from rekap.schedule import serve as serve_nightly

    console.print(say("serve.start", cron=NIGHTLY_CRON, tz=TIMEZONE))
    try:
        serve_nightly(paths.root, port=port)
    except RuntimeError as exc:
        fail(str(exc))


@app.command()
def status(limit: int = typer.Option(10, help="limit")) -> None:
    """The run history kept in the landing state, and the submissions a refresh would parse now."""
    import duckdb

    from rekap.ingest import plan_ingest
    from rekap.landing import store

    paths = workspace()
    if not paths.landing_db.exists():
        fail(t("status.never", path=paths.landing_db))
    con = store.connect(paths.landing_db)
    try:
        runs = con.execute(
            "select run_id, started_at, finished_at, status, trigger, submissions_seen, submissions_changed, "
            "submissions_quarantined, tests_passed, tests_failed, coalesce(error, '') from runs order by started_at desc limit ?",
            [limit],
        ).fetchall()
        plan = plan_ingest(paths.raw, con)
    except duckdb.IOException as exc:
        fail(t("status.busy", error=exc))
    finally:
        con.close()

    def run_status(code: str) -> str:
        return t(f"run.{code}") if has(f"run.{code}") else code

    if runs:
        last = runs[0]
        console.print(
            say(
                "status.last",
                run_id=last[0],
                status=run_status(last[3]),
                started=f"{last[1]:%Y-%m-%d %H:%M:%S}",
                trigger=last[4],
            )
            + (f" — {escape(last[10])}" if last[10] else "")
        )
    table = Table(title=t("status.runs"))
    for col in (
        "run",
        "started",
        "finished",
        "status",
        "trigger",
        "seen",
        "changed",
        "quarantined",
        "tests_ok",
        "tests_failed",
        "error",
    ):
        table.add_column(t(f"status.col.{col}"), overflow="fold")
    for r in runs:
        cells = ["" if v is None else (f"{v:%Y-%m-%d %H:%M:%S}" if hasattr(v, "strftime") else str(v)[:80]) for v in r]
        cells[3] = run_status(r[3])
        table.add_row(*map(cell, cells))
    console.print(table)
    stale = [e.file.relative_to(paths.raw).as_posix() for e in plan.to_parse]
    console.print(say("status.stale", n=len(stale)))
    for s in stale:
        console.print(cell(f"  {s}"))
    present = t("status.present") if paths.published_db.exists() else t("status.absent")
    console.print(say("status.published", path=paths.published_db, state=present))
