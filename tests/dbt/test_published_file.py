"""The published file as analysts open it: with the DuckDB CLI one release behind rekap's DuckDB (the `duckdb-cli`
package, a dev dependency), only the public schema, every public table and column commented from the dbt YAML."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from rekap.warehouse.publish import PUBLIC_SCHEMA, publish

pytestmark = pytest.mark.slow

CLI = Path(sys.executable).with_name("duckdb")


@pytest.fixture(scope="module")
def published(warehouse, tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("published")
    build = tmp / "rekap-test.duckdb"
    shutil.copyfile(warehouse.path, build)
    out = tmp / "warehouse" / "rekap.duckdb"
    publish(build, out, keep_build_as=tmp / "state" / "last_build.duckdb")
    return out


def cli_json(db: Path, sql: str) -> list[dict]:
    """Run `sql` through the analysts' DuckDB CLI, read-only, as a separate process."""
    proc = subprocess.run(
        [str(CLI), "-readonly", "-json", str(db), "-c", sql], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout or "[]")


def test_cli_is_an_older_duckdb_than_the_builder():
    proc = subprocess.run([str(CLI), "-version"], capture_output=True, text=True, timeout=60)
    cli_version = proc.stdout.split()[0].lstrip("v")
    assert cli_version.startswith("1.5."), proc.stdout
    assert tuple(map(int, cli_version.split(".")[:2])) < tuple(map(int, duckdb.__version__.split(".")[:2]))


def test_the_build_file_itself_is_unreadable_by_the_older_cli(warehouse):
    """Why publishing writes a copy: the file dbt builds is in rekap's own (newer) storage format."""
    proc = subprocess.run(
        [str(CLI), "-readonly", str(warehouse.path), "-c", "select 1"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode != 0 and "version number" in proc.stderr


def test_older_cli_reads_every_public_table_and_view(warehouse, published):
    objects = cli_json(published, "select table_name, table_type from information_schema.tables order by 1")
    built = warehouse.rows(f"select table_name from information_schema.tables where table_schema = '{PUBLIC_SCHEMA}'")
    assert sorted(o["table_name"] for o in objects) == sorted(t for (t,) in built)
    for o in objects:
        (n,) = warehouse.rows(f"select count(*) from {PUBLIC_SCHEMA}.{o['table_name']}")[0]
        got = cli_json(published, f"select count(*) as n from {PUBLIC_SCHEMA}.{o['table_name']}")
        assert got == [{"n": n}], o


def test_only_the_public_schema_is_published(warehouse, published):
    schemas = cli_json(
        published,
        "select distinct schema_name from duckdb_tables() union "
        "select distinct schema_name from duckdb_views() where not internal",
    )
    assert [s["schema_name"] for s in schemas] == [PUBLIC_SCHEMA]
    # the build had the internal layers, which the published file leaves out
    internal = warehouse.rows("select table_name from duckdb_tables() where schema_name <> ?", [PUBLIC_SCHEMA])
    assert {"stg_landing__cells", "int_facts", "rating_bands"} <= {t for (t,) in internal}


def test_figures_survive_the_copy_exactly(warehouse, published):
    sql = (
        "select region_code, fiscal_year, plan_version, sum(amount_idr)::varchar as total, count(*) as n "
        "from marts.v_budget where measure = 'pagu' group by all order by all"
    )
    assert cli_json(published, sql) == [
        dict(zip(["region_code", "fiscal_year", "plan_version", "total", "n"], r)) for r in warehouse.rows(sql)
    ]
    types = cli_json(
        published,
        "select data_type from information_schema.columns where table_name = 'v_budget' and column_name = 'amount_idr'",
    )
    assert types == [{"data_type": "DECIMAL(18,2)"}]


def test_every_public_table_and_column_has_its_dbt_description(published):
    tables = cli_json(
        published,
        "select table_name, comment from duckdb_tables() union all "
        "select view_name, comment from duckdb_views() where not internal",
    )
    assert tables and all(t["comment"] for t in tables), [t for t in tables if not t["comment"]]
    missing = cli_json(
        published,
        "select table_name, column_name from duckdb_columns() "
        f"where schema_name = '{PUBLIC_SCHEMA}' and coalesce(comment, '') = ''",
    )
    assert missing == []
    (amount,) = cli_json(
        published, "select comment from duckdb_columns() where table_name = 'v_budget' and column_name = 'amount_idr'"
    )
    assert "Rupiah" in amount["comment"]


def test_publish_keeps_the_full_build_privately(published):
    full = published.parent.parent / "state" / "last_build.duckdb"
    con = duckdb.connect(str(full), read_only=True)
    try:
        assert con.execute("select count(*) from main.int_facts").fetchone()[0] > 0
    finally:
        con.close()
    assert not list(published.parent.parent.glob("rekap-test*"))  # nothing left in the build folder
