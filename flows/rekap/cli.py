"""The `rekap` command: what planners, agencies and analysts type.

Every sentence printed comes from the message catalogue (rekap.i18n): Bahasa Indonesia by default, English with
`--lang en` or an English locale. Help texts are looked up when the help screen is drawn (key `help.<command>` and
`help.<command>.<parameter>`), so one `--lang` anywhere on the line switches the whole screen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import typer
import typer.rich_utils
from rich.console import Console
from rich.table import Table
from typer.core import TyperCommand, TyperGroup

from rekap.i18n import finding_label, has, level_label, role_label, set_language, severity_label, t, usage_error
from rekap.paths import ProjectPaths, WorkspaceError

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rekap.tables.cells import LandedValue

# --- the help screen in the chosen language -------------------------------------------------------------------------

_TYPER_TEXTS = {  # typer.rich_utils module texts -> catalogue keys
    "ARGUMENTS_PANEL_TITLE": "help.panel.arguments",
    "OPTIONS_PANEL_TITLE": "help.panel.options",
    "COMMANDS_PANEL_TITLE": "help.panel.commands",
    "ERRORS_PANEL_TITLE": "help.panel.error",
    "DEFAULT_STRING": "help.default",
    "REQUIRED_LONG_STRING": "help.required",
    "ENVVAR_STRING": "help.envvar",
    "RICH_HELP": "help.try",
    "ABORTED_TEXT": "help.aborted",
}


def _choose_language(args: list[str]) -> list[str]:
    """Take `--lang X` / `--lang=X` from anywhere on the line (before `--`), set the language, return the rest."""
    rest, chosen, i = [], None, 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg == "--lang" and i + 1 < len(args):
            chosen, i = args[i + 1], i + 2
            continue
        if arg.startswith("--lang="):
            chosen, i = arg.split("=", 1)[1], i + 1
            continue
        rest.append(arg)
        i += 1
    try:
        set_language(chosen)
    except ValueError:
        set_language(None)
        err.print(t("error", message=t("bad_language", lang=chosen)))
        raise typer.Exit(2) from None
    for attr, key in _TYPER_TEXTS.items():
        setattr(typer.rich_utils, attr, t(key))
    return rest


_typer_format_error = typer.rich_utils.rich_format_error


def _format_usage_error(exc) -> None:
    """typer draws click's usage errors; the sentence inside is translated first."""
    message = usage_error(exc.format_message())
    exc.format_message = lambda: message
    _typer_format_error(exc)


typer.rich_utils.rich_format_error = _format_usage_error  # type: ignore[assignment]


def _localize(command: TyperCommand | TyperGroup, ctx: typer.Context | None = None) -> None:
    key = "help.app" if isinstance(command, TyperGroup) else f"help.{command.name}"
    if has(key):
        command.help = t(key)
        command.short_help = None
    params = command.get_params(ctx) if ctx is not None else command.params
    for p in params:
        if p.name == "help":
            p.help = t("help.help")  # type: ignore[attr-defined]
        elif has(f"help.{command.name}.{p.name}"):
            p.help = t(f"help.{command.name}.{p.name}")  # type: ignore[attr-defined]
        elif has(f"help.opt.{p.name}"):
            p.help = t(f"help.opt.{p.name}")  # type: ignore[attr-defined]


def _usage(command: TyperCommand | TyperGroup, ctx: typer.Context, formatter: Any) -> None:
    formatter.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=t("help.usage"))


class LocalizedCommand(TyperCommand):
    def format_help(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        _localize(self, ctx)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        _usage(self, ctx, formatter)


class LocalizedGroup(TyperGroup):
    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        return super().parse_args(ctx, _choose_language(args))

    def get_command(self, ctx: typer.Context, cmd_name: str) -> TyperCommand | None:  # type: ignore[override]
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _localize(command)  # type: ignore[arg-type]
        return command  # type: ignore[return-value]

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        _localize(self, ctx)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        _usage(self, ctx, formatter)


class RekapTyper(typer.Typer):
    """Every command drawn in the chosen language, including commands added with a plain `@app.command()`."""

    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or LocalizedCommand, **kwargs)


app = RekapTyper(add_completion=False, no_args_is_help=True, cls=LocalizedGroup, help="rekap")
console = Console()
err = Console(stderr=True)
_home: Path | None = None


@app.callback()
def _global_options(
    home: Path = typer.Option(None, "--home", help="workspace"),
    lang: str = typer.Option(None, "--lang", help="language"),  # read before parsing (_choose_language)
) -> None:
    global _home
    _home = home


def _fail(message: str, code: int = 1) -> NoReturn:
    err.print(t("error", message=message))
    raise typer.Exit(code)


def _paths() -> ProjectPaths:
    try:
        return ProjectPaths.default(_home)
    except WorkspaceError as exc:
        _fail(t("no_workspace", cwd=exc.cwd))


def _published(paths: ProjectPaths) -> Path:
    if not paths.published_db.exists():
        _fail(t("no_warehouse", path=paths.published_db))
    return paths.published_db


def _prefect_defaults(paths: ProjectPaths) -> None:
    os.environ.setdefault("PREFECT_HOME", str(paths.root / ".prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("DO_NOT_TRACK", "1")


# --- commands -------------------------------------------------------------------------------------------------------


@app.command()
def init(directory: Path = typer.Argument(..., help="dir")) -> None:
    """Create a workspace: the folders a refresh reads and writes, and a commented settings file."""
    from rekap.paths import SETTINGS_FILE
    from rekap.settings import DEFAULT_SETTINGS_TOML

    directory = directory.expanduser().resolve()
    for what in ("raw", "warehouse", SETTINGS_FILE):
        if (directory / what).exists():
            _fail(t("init.exists", path=directory, what=what))
    (directory / "raw").mkdir(parents=True)
    (directory / "raw" / "README.md").write_text(t("init.raw_readme"), encoding="utf-8")
    (directory / "warehouse").mkdir()
    (directory / SETTINGS_FILE).write_text(DEFAULT_SETTINGS_TOML, encoding="utf-8")
    console.print(t("init.done", path=directory), highlight=False)


@app.command()
def refresh(
    full: bool = typer.Option(False, "--full", help="full"),
) -> None:
    """Run the refresh flow in this process and print its summary; exit 1 when nothing was published."""
    from rekap.settings import SettingsError, load_settings

    paths = _paths()
    try:
        load_settings(paths.settings_file)  # a broken settings file is said now, not after the build
    except SettingsError as exc:
        _fail(str(exc))
    _prefect_defaults(paths)
    from rekap.fastpath import unchanged_refresh
    from rekap.runlog import RefreshLocked

    with console.status(t("refresh.working")):
        try:
            summary = None if full else unchanged_refresh(paths)  # decided without starting Prefect
            if summary is None:
                from rekap.flow import prefect_server_configured, run_refresh

                # a Prefect flow run when a Prefect server is configured; else the same steps without the
                # temporary server Prefect would start first (it costs more than refreshing a day's changes)
                summary = run_refresh(
                    root=str(paths.root), full=full, trigger="manual", orchestrated=prefect_server_configured()
                )
        except RefreshLocked as exc:
            _fail(t("refresh.lock_busy", path=exc.path))
        except RuntimeError as exc:
            _fail(str(exc))
    print_summary(summary, paths)
    if summary["status"] not in ("published", "unchanged"):
        raise typer.Exit(1)


def print_summary(s: dict, paths: ProjectPaths) -> None:
    ok = s["status"] in ("published", "unchanged")
    console.print(
        t(
            "refresh.headline",
            headline=t(f"refresh.{s['status']}") if has(f"refresh.{s['status']}") else s["status"],
            run_id=s["run_id"],
            seen=s["submissions_seen"],
            parsed=s["submissions_changed"],
            values=s["values_landed"],
            passed=s["tests_passed"],
            failed=s["tests_failed"],
        )
    )
    agencies = Table(title=t("refresh.agencies"))
    agencies.add_column(t("refresh.col.region"))
    agencies.add_column(t("refresh.col.agency"))
    agencies.add_column(t("refresh.col.values"), justify="right")
    for agency, region, n in s["agencies"]:
        agencies.add_row(region, agency, str(n))
    console.print(agencies)
    if any(v is not None for v in s["rows"].values()):
        rows = Table(title=t("refresh.rows"))
        rows.add_column(t("refresh.col.fact"))
        rows.add_column(t("refresh.col.rows"), justify="right")
        for k, v in s["rows"].items():
            rows.add_row(k, "-" if v is None else str(v))
        console.print(rows)
    if ok:
        _print_findings(paths)
    if s["quarantine"]:
        quarantine = Table(title=t("refresh.quarantine", n=len(s["quarantine"])))
        quarantine.add_column(t("refresh.col.file"))
        quarantine.add_column(t("refresh.col.why"))
        for path, msg in s["quarantine"]:
            quarantine.add_row(path, msg)
        console.print(quarantine)
    else:
        console.print(t("refresh.quarantine", n=0))
    if s["error"]:
        console.print(t("refresh.build_error", error=s["error"]))
    for problem in s.get("notify_errors") or []:
        console.print(t("refresh.notify_failed", error=problem))
    console.print(t("refresh.warehouse", path=paths.published_db))


def _print_findings(paths: ProjectPaths) -> None:
    """Findings of the published warehouse by type, worst first, with the label people read (code kept in data)."""
    import duckdb

    try:
        con = duckdb.connect(str(paths.published_db), read_only=True)
        try:
            counts = con.execute(
                "select check_name, severity, count(*) from marts.mart_data_quality group by check_name, severity "
                "order by case severity when 'error' then 0 when 'warning' then 1 else 2 end, 3 desc, 1"
            ).fetchall()
        finally:
            con.close()
    except duckdb.Error:  # no findings mart in this warehouse
        return
    if not counts:
        console.print(t("refresh.no_findings"))
        return
    table = Table(title=t("refresh.findings", total=sum(n for *_, n in counts)))
    table.add_column(t("refresh.col.finding"))
    table.add_column(t("refresh.col.severity"))
    table.add_column(t("refresh.col.count"), justify="right")
    for check, severity, n in counts:
        table.add_row(finding_label(check), severity_label(severity), str(n))
    console.print(table)


@app.command()
def serve(port: int = typer.Option(4200, help="port")) -> None:
    """Serve the nightly deployment (rekap.schedule) for this workspace until stopped."""
    paths = _paths()
    _prefect_defaults(paths)
    from rekap.schedule import NIGHTLY_CRON, TIMEZONE
    from rekap.schedule import serve as serve_nightly

    console.print(t("serve.start", cron=NIGHTLY_CRON, tz=TIMEZONE))
    try:
        serve_nightly(paths.root, port=port)
    except RuntimeError as exc:
        _fail(str(exc))


@app.command()
def status(limit: int = typer.Option(10, help="limit")) -> None:
    """The run history kept in the landing state, and the submissions a refresh would parse now."""
    import duckdb

    from rekap.ingest import plan_ingest
    from rekap.landing import store

    paths = _paths()
    if not paths.landing_db.exists():
        _fail(t("status.never", path=paths.landing_db))
    con = store.connect(paths.landing_db)
    try:
        runs = con.execute(
            "select run_id, started_at, finished_at, status, trigger, submissions_seen, submissions_changed, "
            "submissions_quarantined, tests_passed, tests_failed, coalesce(error, '') from runs order by started_at desc limit ?",
            [limit],
        ).fetchall()
        plan = plan_ingest(paths.raw, con)
    except duckdb.IOException as exc:
        _fail(t("status.busy", error=exc))
    finally:
        con.close()

    def run_status(code: str) -> str:
        return t(f"run.{code}") if has(f"run.{code}") else code

    if runs:
        last = runs[0]
        console.print(
            t(
                "status.last",
                run_id=last[0],
                status=run_status(last[3]),
                started=f"{last[1]:%Y-%m-%d %H:%M:%S}",
                trigger=last[4],
            )
            + (f" — {last[10]}" if last[10] else "")
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
        table.add_row(*cells)
    console.print(table)
    stale = [e.file.relative_to(paths.raw).as_posix() for e in plan.to_parse]
    console.print(t("status.stale", n=len(stale)))
    for s in stale:
        console.print(f"  {s}")
    present = t("status.present") if paths.published_db.exists() else t("status.absent")
    console.print(t("status.published", path=paths.published_db, state=present))


@app.command()
def validate(file: Path = typer.Argument(..., help="file")) -> None:
    """Parse one file exactly as a refresh would, and print what was read by level and cell role."""
    from rekap.extract import extract_document
    from rekap.manifest import ManifestError, load_manifest
    from rekap.rawtree import printable, refusal

    if why := refusal(file):  # what a refresh would refuse (links, special files), said instead of a traceback
        _fail(f"{file}: {printable(why)}")
    file = file.resolve()
    if not file.is_file():
        _fail(t("validate.no_file", file=file))
    manifest = file.parent / "manifest.yml"
    if not manifest.is_file():
        _fail(t("validate.no_manifest", file=file))
    try:
        entries = [e for e in load_manifest(manifest) if e.file == file]
    except ManifestError as exc:
        _fail(str(exc))
    if not entries:
        _fail(t("validate.no_entry", file=file, name=file.name, manifest=manifest))
    ex = extract_document(entries[0], file.parent)
    for line, _kind, note in ex.notes:  # read, but worth a word: encoding, hidden sheets / rows
        where = t("validate.note_line", line=line) if line else ""
        console.print(t("validate.note", file=file.name, where=where, note=note))
    if not ex.ok:
        _fail(ex.message.replace(ex.source_file, str(file), 1))
    from rekap.onboard import preview_entry  # tables read by the one reader: the same preview as `rekap onboard`

    try:
        shown = preview_entry(entries[0])
    except Exception:  # noqa: BLE001 - the preview is a courtesy; what was read is printed below either way
        shown = None
    if shown is not None:
        typer.echo(shown)
    print_preview(file.name, ex.values)


# the planning hierarchy top-down, then cells with no level
_LEVEL_ORDER = ("agency", "belanja", "tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "aksi", None)


def print_preview(name: str, values: Sequence[LandedValue]) -> None:
    counts: dict[tuple[str | None, str], int] = {}
    for v in values:
        counts[(v.level, v.role)] = counts.get((v.level, v.role), 0) + 1

    def order(key: tuple[str | None, str]) -> tuple:
        level, role = key
        rank = _LEVEL_ORDER.index(level) if level in _LEVEL_ORDER else len(_LEVEL_ORDER)
        return rank, level or "", role

    table = Table(title=t("validate.title", name=name, n=len(values)))
    table.add_column(t("validate.col.level"))
    table.add_column(t("validate.col.role"))
    table.add_column(t("validate.col.count"), justify="right")
    for level, role in sorted(counts, key=order):
        table.add_row(level_label(level), role_label(role), str(counts[(level, role)]))
    console.print(table)
    console.print(t("validate.hint"))


@app.command()
def onboard(
    file: Path = typer.Argument(..., help="file"),
    region: str = typer.Option(..., "--region", help="region"),
    year: int = typer.Option(..., "--year", help="year"),
    doc_type: str = typer.Option(..., "--type", help="type"),
    version: str = typer.Option("murni", "--version", help="version"),
) -> None:
    """Infer the document's layout, write manifest.yml (and overrides only if needed) beside it, print a preview."""
    from rekap.onboard import OnboardError, preview
    from rekap.onboard import onboard as run_onboard

    try:
        done = run_onboard(file.resolve(), region, year, doc_type, version)
    except OnboardError as exc:
        _fail(str(exc))
    typer.echo(
        preview(
            done.reading, t("onboard.written", name=done.file.name, manifest=done.manifest_path, layout=done.layout)
        )
    )
    for note in done.notes:
        typer.echo(t("onboard.note", note=note))


@app.command()
def sql(
    query: str = typer.Argument(None, help="query"),
    format: str = typer.Option(None, "--format", "-f", help="format"),
) -> None:
    """Read-only: the connection cannot write, so a query cannot damage the published file."""
    import duckdb

    fmt = format or ("table" if sys.stdout.isatty() else "csv")
    if fmt not in ("table", "csv", "json"):
        _fail(t("sql.bad_format", format=fmt))
    con = duckdb.connect(str(_published(_paths())), read_only=True)
    try:
        if query is None:
            console.print(t("sql.shell"))
            while True:
                try:
                    line = input("rekap> ").strip()
                except EOFError:
                    break
                if not line:
                    break
                _print_query(con, line, fmt)
        else:
            _print_query(con, query, fmt)
    finally:
        con.close()


def _print_query(con, query: str, fmt: str = "table") -> None:
    import duckdb

    from rekap.export import write_csv, write_json

    try:
        result = con.execute(query)
    except duckdb.Error as exc:
        _fail(str(exc).splitlines()[0])
    if result.description is None:
        return
    columns = [d[0] for d in result.description]
    rows = result.fetchall()
    if fmt == "csv":
        write_csv(columns, rows, sys.stdout, indonesian=False)
    elif fmt == "json":
        write_json(columns, rows, sys.stdout)
    else:
        table = Table()
        for c in columns:
            table.add_column(c)
        for row in rows:
            table.add_row(*["" if v is None else str(v) for v in row])
        console.print(table)


@app.command()
def export(
    name: str = typer.Argument(..., help="name"),
    format: str = typer.Option("csv-id", "--format", "-f", help="format"),
    out: Path = typer.Option(None, "--out", "-o", help="out"),
) -> None:
    """One public relation to a file (rekap.export): an analyst's or a planner's copy of a view or mart."""
    from rekap.export import FORMATS, UnknownRelation, export_relation

    if format not in FORMATS:
        _fail(t("export.bad_format", format=format))
    paths = _paths()
    target = out or paths.warehouse_dir / "export" / (name.split(".")[-1] + FORMATS[format])
    try:
        n = export_relation(_published(paths), name, format, target)
    except UnknownRelation as exc:
        _fail(t("export.no_such", name=exc.name, available=", ".join(exc.available)))
    console.print(t("export.written", rows=n, path=target), highlight=False)


@app.command()
def template(
    region: str = typer.Option(..., "--region", help="region"),
    year: int = typer.Option(..., "--year", help="year"),
    out: Path = typer.Option(Path("."), "--out", help="out"),
) -> None:
    """The template's content is decided by rekap.template; this only names where it goes."""
    from rekap.template import TemplateError, write_template

    try:
        written = write_template(region, year, out)
    except TemplateError as exc:
        _fail(str(exc))
    for p in written:
        console.print(t("template.written", path=p))


@app.command()
def report(out: Path = typer.Option(None, "--out", help="out")) -> None:
    """The report reads only the published warehouse, so it shows what analysts see."""
    from rekap.report import ReportError, build_report

    paths = _paths()
    try:
        index = build_report(_published(paths), out or paths.report_dir)
    except ReportError as exc:
        _fail(str(exc))
    console.print(t("report.written", path=index))


@app.command()
def docs(serve: bool = typer.Option(False, help="serve")) -> None:
    """dbt opens its database read-write: it gets a copy of the published file, never the file analysts read."""
    import shutil

    from rekap.warehouse.build import run_dbt

    paths = _paths()
    published = _published(paths)
    paths.build_dir.mkdir(parents=True, exist_ok=True)
    snapshot = paths.build_dir / "docs-catalog.duckdb"
    shutil.copyfile(published, snapshot)
    with console.status(t("docs.working")):
        proc = run_dbt(paths, snapshot, "docs", "generate")
    if proc.returncode != 0:
        lines = (proc.stdout or proc.stderr or "no output").strip().splitlines()
        _fail(t("docs.failed", line=lines[-1]))
    console.print(t("docs.written", path=paths.build_dir / "target" / "index.html"))
    if serve:
        run_dbt(paths, snapshot, "docs", "serve", "--host", "127.0.0.1")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
