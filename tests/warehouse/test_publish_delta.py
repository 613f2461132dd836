"""Publishing an incremental build as the previous public file plus its changes: the same tables, rows, views and
comments as writing every table again, and nothing written when the previous public file is not the one the build
started from; and a database file moved with its write-ahead log."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from rekap.warehouse.publish import Delta, move_database, publish, write_public_copy, write_public_delta


def _build(path: Path, run_id: str, figures: list[tuple[str, str]], comment: str = "one row per figure") -> None:
    """A build file as dbt leaves it: a keyed table, a table written whole, a view, comments, build_info."""
    con = duckdb.connect(str(path))
    try:
        con.execute("create schema if not exists marts")
        con.execute("create or replace table marts.build_info as select ?::varchar as run_id", [run_id])
        con.execute("create or replace table marts.fct_budget (submission_id varchar, amount_idr decimal(20, 2))")
        con.executemany("insert into marts.fct_budget values (?, ?)", figures)
        con.execute(
            "create or replace table marts.mart_total as "
            "select submission_id, sum(amount_idr) as total from marts.fct_budget group by all order by all"
        )
        con.execute("create or replace view marts.v_budget as select * from marts.fct_budget")
        con.execute(f"comment on table marts.fct_budget is '{comment}'")
        con.execute("comment on column marts.fct_budget.amount_idr is 'rupiah'")
        con.execute("create schema if not exists main")
        con.execute("create or replace table main.int_private as select 1 as x")
    finally:
        con.close()


def _public(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        objects = con.execute(
            "select schema_name, table_name, comment from duckdb_tables() union all "
            "select schema_name, view_name, comment from duckdb_views() where not internal order by all"
        ).fetchall()
        out = {"objects": objects}
        out["columns"] = con.execute(
            "select table_name, column_name, data_type, comment from duckdb_columns() "
            "where schema_name = 'marts' order by all"
        ).fetchall()
        for table in ("fct_budget", "mart_total", "v_budget", "build_info"):
            out[table] = con.execute(f"select * from marts.{table} order by all").fetchall()
        return out
    finally:
        con.close()


BEFORE = [("a-2023", "100.00"), ("b-2023", "200.00"), ("c-2023", "300.00")]
# b changed, c removed, d added
AFTER = [("a-2023", "100.00"), ("b-2023", "250.00"), ("d-2023", "400.00")]
DELTA = Delta("run-1", frozenset({"fct_budget"}), ("b-2023", "c-2023", "d-2023"))


@pytest.fixture()
def files(tmp_path: Path) -> tuple[Path, Path]:
    _build(tmp_path / "before.duckdb", "run-1", BEFORE)
    write_public_copy(tmp_path / "before.duckdb", tmp_path / "published.duckdb")
    _build(tmp_path / "after.duckdb", "run-2", AFTER, comment="one row per figure, every version")
    return tmp_path / "after.duckdb", tmp_path / "published.duckdb"


def test_delta_equals_writing_every_table(files, tmp_path):
    build, previous = files
    assert write_public_delta(build, previous, tmp_path / "delta.duckdb", DELTA)
    write_public_copy(build, tmp_path / "whole.duckdb")
    delta, whole = _public(tmp_path / "delta.duckdb"), _public(tmp_path / "whole.duckdb")
    assert delta == whole
    assert delta["fct_budget"] == [("a-2023", 100), ("b-2023", 250), ("d-2023", 400)]
    assert ("marts", "fct_budget", "one row per figure, every version") in delta["objects"]
    assert all(schema == "marts" for schema, _, _ in delta["objects"])


def test_rows_of_unchanged_submissions_come_from_the_previous_file(files, tmp_path):
    """Only the listed submissions' rows are taken from the build: had a's row changed without being listed, the
    public file would keep the old one (which is why the build lists every submission it recomputed)."""
    build, previous = files
    con = duckdb.connect(str(build))
    con.execute("update marts.fct_budget set amount_idr = 999 where submission_id = 'a-2023'")
    con.close()
    assert write_public_delta(build, previous, tmp_path / "delta.duckdb", DELTA)
    assert ("a-2023", 100) in _public(tmp_path / "delta.duckdb")["fct_budget"]


def test_not_the_run_the_build_started_from(files, tmp_path):
    build, previous = files
    assert not write_public_delta(build, previous, tmp_path / "delta.duckdb", Delta("run-0", DELTA.keyed_tables, ()))


def test_publish_writes_every_table_when_the_previous_file_is_another_run(files, tmp_path):
    build, previous = files
    publish(build, previous, delta=Delta("run-0", frozenset({"fct_budget"}), ()))  # nothing listed: would keep b
    assert _public(previous)["fct_budget"] == [("a-2023", 100), ("b-2023", 250), ("d-2023", 400)]
    assert not build.exists()


def test_a_keyed_table_whose_columns_changed_is_written_whole(files, tmp_path):
    build, previous = files
    con = duckdb.connect(str(build))
    con.execute("alter table marts.fct_budget add column unit varchar default 'Rp'")
    con.close()
    assert write_public_delta(build, previous, tmp_path / "delta.duckdb", DELTA)
    rows = _public(tmp_path / "delta.duckdb")["fct_budget"]
    assert rows == [("a-2023", 100, "Rp"), ("b-2023", 250, "Rp"), ("d-2023", 400, "Rp")]


def test_a_previous_file_duckdb_cannot_read_is_replaced_by_every_table(files, caplog):
    """Any DuckDB error while applying the changes (here: the previous public file is damaged) falls back to
    writing every table; the reason is logged."""
    build, previous = files
    previous.write_bytes(b"not a database" * 512)
    with caplog.at_level("WARNING", logger="rekap.refresh"):
        publish(build, previous, delta=DELTA)
    assert _public(previous)["fct_budget"] == [("a-2023", 100), ("b-2023", 250), ("d-2023", 400)]
    assert any("written whole" in r.getMessage() for r in caplog.records)
    assert not build.exists() and not previous.with_name(previous.name + ".wal").exists()


def test_a_database_moves_with_its_write_ahead_log_and_over_a_stale_one(tmp_path: Path) -> None:
    source, dest = tmp_path / "build.duckdb", tmp_path / "kept.duckdb"
    con = duckdb.connect(str(source))
    con.execute("pragma disable_checkpoint_on_shutdown")
    con.execute("create table t as select 1 as n")
    con.close()
    assert Path(f"{source}.wal").exists()  # the committed table is in the log, not yet in the file
    Path(f"{dest}.wal").write_bytes(b"a log left by another file")
    move_database(source, dest)
    assert not source.exists() and not Path(f"{source}.wal").exists()
    con = duckdb.connect(str(dest), read_only=True)
    assert con.execute("select n from t").fetchall() == [(1,)]
    con.close()

    con = duckdb.connect(str(source))
    con.execute("create table u as select 2 as n")
    con.close()
    assert not Path(f"{source}.wal").exists()
    Path(f"{dest}.wal").write_bytes(b"a log left by another file")
    move_database(source, dest)
    assert not Path(f"{dest}.wal").exists()
    con = duckdb.connect(str(dest), read_only=True)
    assert con.execute("select n from u").fetchall() == [(2,)]
    con.close()
