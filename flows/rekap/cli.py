"""The `rekap` command: what planners, agencies and analysts type."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from rekap.paths import ProjectPaths

app = typer.Typer(add_completion=False, no_args_is_help=True, help="rekap: consolidate regional performance-planning documents into one warehouse.")
console = Console()
err = Console(stderr=True)


def _fail(message: str, code: int = 1) -> None:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def _prefect_defaults(paths: ProjectPaths) -> None:
    os.environ.setdefault("PREFECT_HOME", str(paths.root / ".prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("DO_NOT_TRACK", "1")


@app.command()
def refresh(
    full: bool = typer.Option(False, "--full", help="Re-parse every submission, changed or not."),
) -> None:
    """Ingest raw/, rebuild the warehouse with dbt (tests included) and publish it atomically."""
    paths = ProjectPaths.default()
    _prefect_defaults(paths)
    from rekap.flow import refresh as refresh_flow

    with console.status("Refreshing: discover → extract → land → dbt build → publish ..."):
        try:
            summary = refresh_flow(root=str(paths.root), full=full, trigger="manual")
        except RuntimeError as exc:
            _fail(str(exc))
    print_summary(summary, paths)
    if summary["status"] not in ("published", "unchanged"):
        raise typer.Exit(1)


def print_summary(s: dict, paths: ProjectPaths) -> None:
    ok = s["status"] in ("published", "unchanged")
    headline = {"published": "Published", "unchanged": "Unchanged (nothing to rebuild; the published warehouse stays)"}
    console.print(f"[bold]{headline.get(s['status'], 'NOT published')}[/] run {s['run_id']}: "
                  f"{s['submissions_seen']} submissions seen, {s['submissions_changed']} parsed, "
                  f"{s['values_landed']} values landed, dbt tests {s['tests_passed']} passed / {s['tests_failed']} failed")
    t = Table(title="Agencies loaded")
    t.add_column("region"); t.add_column("agency"); t.add_column("values", justify="right")
    for agency, region, n in s["agencies"]:
        t.add_row(region, agency, str(n))
    console.print(t)
    if any(v is not None for v in s["rows"].values()):
        r = Table(title="Rows per fact")
        r.add_column("fact"); r.add_column("rows", justify="right")
        for k, v in s["rows"].items():
            r.add_row(k, "-" if v is None else str(v))
        console.print(r)
    if ok:
        try:
            import duckdb

            con = duckdb.connect(str(paths.published_db), read_only=True)
            n = con.execute("select severity, count(*) from marts.mart_data_quality group by 1 order by 1").fetchall()
            con.close()
            console.print("Findings: " + (", ".join(f"{sev} {c}" for sev, c in n) or "none"))
        except Exception:  # marts not built yet in this version of the project
            pass
    q = Table(title=f"Quarantined files ({len(s['quarantine'])})")
    q.add_column("file"); q.add_column("why")
    for path, msg in s["quarantine"]:
        q.add_row(path, msg)
    console.print(q)
    if s["error"]:
        console.print(f"[red]Build error:[/] {s['error']}")
    console.print(f"Warehouse: {paths.published_db}")


@app.command()
def serve(port: int = typer.Option(4200, help="Port of the Prefect server started when PREFECT_API_URL is unset.")) -> None:
    """Run the nightly schedule (02:00 Asia/Jakarta) until stopped, with the Prefect server it needs."""
    paths = ProjectPaths.default()
    _prefect_defaults(paths)
    from rekap.schedule import NIGHTLY_CRON, TIMEZONE, serve as serve_nightly

    console.print(f"Serving deployment 'rekap-refresh/nightly' on cron '{NIGHTLY_CRON}' ({TIMEZONE}); Ctrl-C to stop.")
    try:
        serve_nightly(paths.root, port=port)
    except RuntimeError as exc:
        _fail(str(exc))


@app.command()
def status(limit: int = typer.Option(10, help="How many runs to show.")) -> None:
    """Show the last refresh runs and what is stale (changed in raw/ since the last run)."""
    import duckdb

    from rekap.ingest import plan_ingest
    from rekap.landing import store

    paths = ProjectPaths.default()
    if not paths.landing_db.exists():
        _fail(f"no refresh has run yet ({paths.landing_db} does not exist); run `rekap refresh`")
    con = store.connect(paths.landing_db)
    try:
        runs = con.execute(
            "select run_id, started_at, finished_at, status, trigger, submissions_seen, submissions_changed, "
            "submissions_quarantined, tests_passed, tests_failed, coalesce(error, '') from runs order by started_at desc limit ?",
            [limit],
        ).fetchall()
        plan = plan_ingest(paths.raw, con)
    except duckdb.IOException as exc:
        _fail(f"the landing state is busy (a refresh is running?): {exc}")
    finally:
        con.close()
    if runs:
        last = runs[0]
        console.print(f"Last run {last[0]}: {last[3]} (started {last[1]:%Y-%m-%d %H:%M:%S}, trigger {last[4]})"
                      + (f" — {last[10]}" if last[10] else ""))
    t = Table(title="Last runs")
    for col in ("run", "started", "finished", "status", "trigger", "seen", "changed", "quarantined", "tests ok", "tests failed", "error"):
        t.add_column(col, overflow="fold")
    for r in runs:
        t.add_row(*["" if v is None else (f"{v:%Y-%m-%d %H:%M:%S}" if hasattr(v, "strftime") else str(v)[:80]) for v in r])
    console.print(t)
    stale = [e.file.relative_to(paths.raw).as_posix() for e in plan.to_parse]
    console.print(f"Stale (changed in raw/ since the last run): {len(stale)}")
    for s in stale:
        console.print(f"  {s}")
    console.print(f"Published warehouse: {paths.published_db} ({'present' if paths.published_db.exists() else 'absent'})")


@app.command()
def validate(file: Path = typer.Argument(..., help="A submission file; its folder's manifest.yml says how to read it.")) -> None:
    """Check a file before sending it: the same parsing the warehouse does, printed for the sender."""
    from rekap.extract import extract_document
    from rekap.manifest import ManifestError, load_manifest

    file = file.resolve()
    if not file.is_file():
        _fail(f"{file}: no such file")
    manifest = file.parent / "manifest.yml"
    if not manifest.is_file():
        _fail(f"{file}: expected a manifest.yml beside it declaring agency, region_code, fiscal_year, document_type, plan_version and layout")
    try:
        entries = [e for e in load_manifest(manifest) if e.file.resolve() == file]
    except ManifestError as exc:
        _fail(str(exc))
    if not entries:
        _fail(f"{file}: expected an entry for {file.name!r} in {manifest}")
    ex = extract_document(entries[0], file.parent)
    if not ex.ok:
        _fail(ex.message.replace(ex.source_file, str(file), 1))
    from rekap.onboard import preview_entry  # tables read by the one reader: the same preview as `rekap onboard`

    if (shown := preview_entry(entries[0])) is not None:
        typer.echo(shown)
    roles: dict[str, int] = {}
    for v in ex.values:
        roles[v.role] = roles.get(v.role, 0) + 1
    t = Table(title=f"{file.name}: {len(ex.values)} values read")
    t.add_column("role"); t.add_column("count", justify="right")
    for k in sorted(roles):
        t.add_row(k, str(roles[k]))
    console.print(t)


@app.command()
def onboard(
    file: Path = typer.Argument(..., help="The agency's document (text with tab-separated table cells)."),
    region: str = typer.Option(..., "--region", help='Kemendagri region code, e.g. "19.01".'),
    year: int = typer.Option(..., "--year", help="Fiscal year."),
    doc_type: str = typer.Option(..., "--type", help="rencana_aksi | renja | perjanjian_kinerja | laporan_kinerja | dpa"),
    version: str = typer.Option("murni", "--version", help="murni | perubahan"),
) -> None:
    """Infer the document's layout, write manifest.yml (and overrides only if needed) beside it, print a preview."""
    from rekap.onboard import OnboardError, onboard as run_onboard, preview

    try:
        done = run_onboard(file.resolve(), region, year, doc_type, version)
    except OnboardError as exc:
        _fail(str(exc))
    typer.echo(preview(done.reading, f"{done.file.name}: manifest ditulis ke {done.manifest_path} (layout: {done.layout})"))
    for note in done.notes:
        typer.echo(f"Catatan: {note}")


@app.command()
def sql(query: str = typer.Argument(None, help="A SQL query; omit to open an interactive read-only shell.")) -> None:
    """Run a read-only query on the published warehouse (or open a shell)."""
    import duckdb

    paths = ProjectPaths.default()
    if not paths.published_db.exists():
        _fail(f"no published warehouse at {paths.published_db}; run `rekap refresh` first")
    con = duckdb.connect(str(paths.published_db), read_only=True)
    try:
        if query is None:
            console.print("read-only shell on the published warehouse; end with an empty line or Ctrl-D")
            while True:
                try:
                    line = input("rekap> ").strip()
                except EOFError:
                    break
                if not line:
                    break
                _print_query(con, line)
        else:
            _print_query(con, query)
    finally:
        con.close()


def _print_query(con, query: str) -> None:
    import duckdb

    try:
        rel = con.sql(query)
    except duckdb.Error as exc:
        _fail(str(exc).splitlines()[0])
    if rel is None:
        return
    t = Table()
    for c in rel.columns:
        t.add_column(c)
    for row in rel.fetchall():
        t.add_row(*["" if v is None else str(v) for v in row])
    console.print(t)


@app.command()
def template(
    region: str = typer.Option(..., "--region", help="Kemendagri region code of the receiving kabupaten/kota or province, e.g. 35.08"),
    year: int = typer.Option(..., "--year", help="Fiscal year, e.g. 2025"),
    out: Path = typer.Option(Path("."), "--out", help="Folder to write the template into."),
) -> None:
    """Write the submission template (XLSX + CSV) a province sends to its agencies."""
    from rekap.template import TemplateError, write_template

    try:
        written = write_template(region, year, out)
    except TemplateError as exc:
        _fail(str(exc))
    for p in written:
        console.print(f"written {p}")


@app.command()
def report(out: Path = typer.Option(None, "--out", help="Folder for the report (default warehouse/report/).")) -> None:
    """Write the consolidation report (HTML, Bahasa Indonesia) from the published warehouse."""
    from rekap.report import ReportError, build_report

    paths = ProjectPaths.default()
    if not paths.published_db.exists():
        _fail(f"no published warehouse at {paths.published_db}; run `rekap refresh` first")
    try:
        index = build_report(paths.published_db, out or paths.report_dir)
    except ReportError as exc:
        _fail(str(exc))
    console.print(f"report written: {index}")


@app.command()
def docs(serve: bool = typer.Option(False, help="Serve the docs site on localhost after generating it.")) -> None:
    """Generate the dbt docs site (models, columns, tests, lineage) for the published warehouse."""
    from rekap.warehouse.build import run_dbt

    paths = ProjectPaths.default()
    if not paths.published_db.exists():
        _fail(f"no published warehouse at {paths.published_db}; run `rekap refresh` first")
    # dbt opens its database read-write: never the published file analysts are reading, but a copy of it
    import shutil

    paths.build_dir.mkdir(parents=True, exist_ok=True)
    snapshot = paths.build_dir / "docs-catalog.duckdb"
    shutil.copyfile(paths.published_db, snapshot)
    with console.status("dbt docs generate ..."):
        proc = run_dbt(paths, snapshot, "docs", "generate")
    if proc.returncode != 0:
        lines = (proc.stdout or proc.stderr or "no output").strip().splitlines()
        _fail("dbt docs generate failed: " + lines[-1])
    console.print(f"docs generated: {paths.build_dir / 'target' / 'index.html'}")
    if serve:
        run_dbt(paths, snapshot, "docs", "serve", "--host", "127.0.0.1")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
