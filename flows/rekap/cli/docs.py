"""The dbt documentation site of the published warehouse."""

from __future__ import annotations

import typer

from rekap.cli.common import console, fail, published, say, workspace
from rekap.cli.root import app
from rekap.i18n import t


@app.command()
def docs(serve: bool = typer.Option(False, help="serve")) -> None:
    """dbt opens its database read-write: it gets a copy of the published file, never the file analysts read."""
    import shutil

    from rekap.warehouse.build import run_dbt

    paths = workspace()
    warehouse = published(paths)
    paths.build_dir.mkdir(parents=True, exist_ok=True)
    snapshot = paths.build_dir / "docs-catalog.duckdb"
    shutil.copyfile(warehouse, snapshot)
    with console.status(t("docs.working")):
        proc = run_dbt(paths, snapshot, "docs", "generate")
    if proc.returncode != 0:
        lines = (proc.stdout or proc.stderr or "no output").strip().splitlines()
        fail(t("docs.failed", line=lines[-1]))
    console.print(say("docs.written", path=paths.build_dir / "target" / "index.html"))
    if serve:
        run_dbt(paths, snapshot, "docs", "serve", "--host", "127.0.0.1")
