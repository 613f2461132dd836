"""Reading the published warehouse: a query (`sql`) or one relation to a file (`export`)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table

from rekap.cli.common import cell, console, fail, published, say, workspace
from rekap.cli.root import app
from rekap.i18n import t


@app.command()
def sql(
    query: str = typer.Argument(None, help="query"),
    format: str = typer.Option(None, "--format", "-f", help="format"),
) -> None:
    """Read-only: the connection cannot write, so a query cannot damage the published file."""
    import duckdb

    fmt = format or ("table" if sys.stdout.isatty() else "csv")
    if fmt not in ("table", "csv", "json"):
        fail(t("sql.bad_format", format=fmt))
    con = duckdb.connect(str(published(workspace())), read_only=True)
    try:
        if query is None:
            console.print(say("sql.shell"))
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
        fail(str(exc).splitlines()[0])
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
            table.add_row(*map(cell, row))
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
        fail(t("export.bad_format", format=format))
    paths = workspace()
    target = out or paths.warehouse_dir / "export" / (name.split(".")[-1] + FORMATS[format])
    try:
        n = export_relation(published(paths), name, format, target)
    except UnknownRelation as exc:
        fail(t("export.no_such", name=exc.name, available=", ".join(exc.available)))
    console.print(say("export.written", rows=n, path=target), highlight=False)
