"""Content hashes of a warehouse file: what "the same warehouse" means when two builds are compared.

Same input, same warehouse: two builds of the same raw/ and project must give equal hashes for every table. The hash
of a table is independent of row order (rows are hashed one by one and the hashes sorted). What legitimately differs
between two runs of the same input is left out: the run record tables and the parse/detection timestamps.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

# tables that describe the runs rather than the data (run ids, times, outcomes of earlier runs)
RUN_TABLES = frozenset({"run_history", "build_info", "stg_landing__runs"})
# columns stamped with the time of the run that parsed or detected something
RUN_COLUMNS = frozenset({"parsed_at", "detected_at", "started_at", "finished_at", "built_at", "run_id"})


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def table_hashes(con: duckdb.DuckDBPyConnection, schemas: tuple[str, ...] = ("marts", "main")) -> dict[str, str]:
    """{schema.table: order-independent md5 of its rows} for every table and view of `schemas`."""
    placeholders = ", ".join("?" for _ in schemas)
    tables = con.execute(
        f"select table_schema, table_name from information_schema.tables where table_schema in ({placeholders}) "
        "and table_catalog = current_database() order by 1, 2",
        list(schemas),
    ).fetchall()
    out: dict[str, str] = {}
    for schema, table in tables:
        if table in RUN_TABLES:
            continue
        cols = [
            c
            for (c,) in con.execute(
                "select column_name from information_schema.columns where table_schema = ? and table_name = ? "
                "and table_catalog = current_database() order by ordinal_position",
                [schema, table],
            ).fetchall()
            if c not in RUN_COLUMNS
        ]
        if not cols:
            continue
        row = "cast(row(" + ", ".join(_quote(c) for c in cols) + ") as varchar)"
        summary = con.execute(
            f"select md5(coalesce(string_agg(h, '' order by h), '')), count(*) "
            f"from (select md5({row}) as h from {_quote(schema)}.{_quote(table)})"
        ).fetchone()
        assert summary is not None  # an aggregate without group by always returns a row
        digest, n = summary
        out[f"{schema}.{table}"] = f"{digest}:{n}"
    return out


def file_hashes(db: Path, schemas: tuple[str, ...] = ("marts", "main")) -> dict[str, str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return table_hashes(con, schemas)
    finally:
        con.close()
