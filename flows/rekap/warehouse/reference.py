"""Reference data outside a build: the national nomenclature as the warehouse assembles it.

The assembly (the base seed, the project's additions, a provincial wording of a code, each entry's government
level) is the dbt model `int_nomenclature.sql`. The submission template needs the same list before any warehouse
exists, so that model's SQL runs here in an in-memory DuckDB over the seed files: the template offers exactly the
codes and names the matcher matches against, and a change to the assembly is made once, in the model.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import duckdb
import jinja2
import polars as pl

from rekap.paths import dbt_project_dir

NOMENCLATURE_MODEL = Path("models") / "intermediate" / "conform" / "int_nomenclature.sql"


def _seed_frame(path: Path) -> pl.DataFrame:
    """A seed as dbt loads it for this model: every column text, empty cells NULL (read as Python's csv reads it)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        columns = list(reader.fieldnames or [])
        rows = [{c: (r.get(c) or None) for c in columns} for r in reader]
    return pl.DataFrame(rows, schema={c: pl.Utf8 for c in columns}, orient="row")


def run_model(model: Path, seeds_dir: Path) -> list[dict[str, Any]]:
    """The rows of a dbt model that reads only seeds (`ref` of a seed), computed over the CSV files in seeds_dir."""
    con = duckdb.connect()
    try:

        def ref(name: str) -> str:
            con.register(f"seed_{name}", _seed_frame(seeds_dir / f"{name}.csv"))
            return f"seed_{name}"

        sql = jinja2.Environment(undefined=jinja2.StrictUndefined).from_string(model.read_text(encoding="utf-8"))
        rel = con.execute(sql.render(ref=ref, config=lambda **_: ""))
        names = [d[0] for d in rel.description]
        return [dict(zip(names, r)) for r in rel.fetchall()]
    finally:
        con.close()


def nomenclature(seeds_dir: Path | None = None) -> list[dict[str, Any]]:
    """int_nomenclature's rows (code, level, name, name_provinsi, parent_code, government_level, source,
    is_addition), from the seeds in seeds_dir (default: the dbt project's)."""
    project = dbt_project_dir()
    return run_model(project / NOMENCLATURE_MODEL, seeds_dir if seeds_dir is not None else project / "seeds")
