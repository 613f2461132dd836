"""rekap runs dbt's data tests from their compiled SQL: dbt's verdicts (severity, fail_calc, warn_if, error_if,
limit) on compiled test nodes as dbt's manifest holds them, and the compiled tests kept per project and mode."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from duckdb.sqltypes import BIGINT

from rekap.warehouse import data_tests
from rekap.warehouse.data_tests import DataTest


def node(name: str, sql: str, **config: object) -> dict:
    """A compiled test node as dbt's manifest.json holds it."""
    defaults = {"severity": "ERROR", "fail_calc": "count(*)", "warn_if": "!= 0", "error_if": "!= 0", "limit": None}
    return {
        "unique_id": f"test.rekap.{name}",
        "resource_type": "test",
        "compiled_code": sql,
        "config": defaults | config,
    }


@pytest.fixture
def con():
    c = duckdb.connect()
    c.execute("create table amounts as select * from (values (1, 10), (2, null), (3, null), (4, -5)) t(id, amount)")
    yield c
    c.close()


NULLS = "select * from amounts where amount is null"  # two rows


def verdicts(con, *nodes: dict) -> dict[str, tuple[str, str | None]]:
    outcomes = data_tests.run_tests(con, [DataTest.from_node(n) for n in nodes])
    return {o.unique_id.removeprefix("test.rekap."): (o.status, o.message) for o in outcomes}


def test_error_severity_fails_and_says_why(con) -> None:
    got = verdicts(con, node("nulls", NULLS), node("none", "select * from amounts where id > 10"))
    assert got["nulls"] == ("fail", "Got 2 results, configured to fail if != 0")
    assert got["none"] == ("pass", None)


def test_warn_severity_only_warns(con) -> None:
    got = verdicts(con, node("nulls", NULLS, severity="warn"))
    assert got["nulls"] == ("warn", "Got 2 results, configured to warn if != 0")


def test_thresholds_decide_between_fail_warn_and_pass(con) -> None:
    got = verdicts(
        con,
        node("above", NULLS, error_if=">1"),
        node("below_error", NULLS, error_if=">2", warn_if=">1"),
        node("below_both", NULLS, error_if=">2", warn_if=">=3"),
        node("one", "select * from amounts where amount < 0", error_if=">=1"),
    )
    assert got["above"] == ("fail", "Got 2 results, configured to fail if >1")
    assert got["below_error"] == ("warn", "Got 2 results, configured to warn if >1")
    assert got["below_both"] == ("pass", None)
    assert got["one"] == ("fail", "Got 1 result, configured to fail if >=1")


def test_fail_calc_and_limit(con) -> None:
    got = verdicts(
        con,
        node("summed", "select * from amounts where amount is not null", fail_calc="sum(amount)", error_if="> 4"),
        node("limited", NULLS, limit=1, error_if="> 1"),
    )
    assert got["summed"] == ("fail", "Got 5 results, configured to fail if > 4")
    assert got["limited"] == ("warn", "Got 1 result, configured to warn if != 0")


def test_a_query_that_raises_is_the_tests_error_not_the_end(con) -> None:
    got = verdicts(con, node("broken", "select * from no_such_table"), node("nulls", NULLS))
    assert got["broken"][0] == "error" and "no_such_table" in (got["broken"][1] or "")
    assert got["nulls"][0] == "fail"


def test_tests_shared_among_cursors_keep_their_order_and_verdicts(con) -> None:
    """On several cursors at once (sharing the connection's tables and functions), the outcomes are those of one
    connection, in the tests' order."""
    con.create_function("doubled", lambda x: 2 * x, [BIGINT], BIGINT)
    nodes = [
        node("nulls", NULLS),
        node("none", "select 1 where false"),
        node("broken", "select * from no_such_table"),
        node("doubles", "select * from amounts where doubled(amount) > 10"),
        node("warns", NULLS, severity="warn"),
    ]
    tests = [DataTest.from_node(n) for n in nodes]

    serial = data_tests.run_tests(con, tests)
    shared = data_tests.run_tests(con, tests, workers=3)
    assert shared == serial
    assert [(o.unique_id.removeprefix("test.rekap."), o.status) for o in shared] == [
        ("nulls", "fail"),
        ("none", "pass"),
        ("broken", "error"),
        ("doubles", "fail"),
        ("warns", "warn"),
    ]


def test_kept_tests_are_read_back_for_their_key_only(tmp_path: Path) -> None:
    target = tmp_path / "target"
    target.mkdir()
    nodes = {n["unique_id"]: n for n in (node("nulls", NULLS, severity="warn"), node("none", "select 1 where false"))}
    nodes["model.rekap.amounts"] = {"unique_id": "model.rekap.amounts", "resource_type": "model"}
    (target / "manifest.json").write_text(json.dumps({"nodes": nodes}))
    results = [{"unique_id": uid, "compiled_code": n.get("compiled_code")} for uid, n in nodes.items()]
    (target / "run_results.json").write_text(json.dumps({"results": results}))
    tests = data_tests.harvest(target)
    assert [t.unique_id for t in tests] == ["test.rekap.none", "test.rekap.nulls"]
    assert tests[1].severity == "warn"
    kept = tmp_path / "state" / "data_tests_full.json"
    data_tests.store(kept, "project-a full", tests)
    assert data_tests.load(kept, "project-a full") == tests
    assert data_tests.load(kept, "project-b full") is None
    assert data_tests.load(tmp_path / "missing.json", "project-a full") is None
    assert data_tests.embeds_any(tests, ["", "amounts where amount"]) == ["test.rekap.nulls"]
