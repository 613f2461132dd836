"""What the province hands out: the submission template for agencies and the report for planners."""

from __future__ import annotations

from pathlib import Path

import typer

from rekap.cli.common import console, fail, published, say, workspace
from rekap.cli.root import app


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
        fail(str(exc))
    for p in written:
        console.print(say("template.written", path=p))


@app.command()
def report(out: Path = typer.Option(None, "--out", help="out")) -> None:
    """The report reads only the published warehouse, so it shows what analysts see."""
    from rekap.report import ReportError, build_report

    paths = workspace()
    try:
        index = build_report(published(paths), out or paths.report_dir)
    except ReportError as exc:
        fail(str(exc))
    console.print(say("report.written", path=index))
