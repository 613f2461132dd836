"""Run dbt's data tests from the SQL dbt compiled for them, all in one DuckDB connection to the build file.

dbt spends about 50 ms of its own per test node (compilation, events, bookkeeping) on queries that mostly take
a few milliseconds: run through dbt, the tests cost more than the models of an incremental build. dbt still
compiles every test (a build of the same project and mode that ran them through dbt); this module keeps what it
compiled and judges each test as dbt's test materialization does (`get_test_sql`, `build_test_run_result`):
`fail_calc` over the test's rows (`limit` applied), `warn_if` / `error_if` on the result, `severity` deciding
whether a hit fails or warns. A test's `where` config is already in its compiled SQL (get_where_subquery).
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb


@dataclass(frozen=True)
class DataTest:
    unique_id: str
    sql: str  # the compiled test query: its rows are the failures
    severity: str = "error"  # error | warn
    fail_calc: str = "count(*)"
    warn_if: str = "!= 0"
    error_if: str = "!= 0"
    limit: int | None = None

    @classmethod
    def from_node(cls, node: dict[str, Any]) -> DataTest:
        """From a test node of dbt's manifest that dbt compiled (its `compiled_code`)."""
        config = node.get("config") or {}
        return cls(
            unique_id=node["unique_id"],
            sql=node["compiled_code"],
            severity=str(config.get("severity") or "error").lower(),
            fail_calc=config.get("fail_calc") or "count(*)",
            warn_if=config.get("warn_if") or "!= 0",
            error_if=config.get("error_if") or "!= 0",
            limit=config.get("limit"),
        )


@dataclass(frozen=True)
class Outcome:
    unique_id: str
    status: str  # pass | warn | fail | error, as dbt's run_results say
    message: str | None = None


def failure_query(test: DataTest) -> str:
    """The query dbt runs for a data test (default__get_test_sql): one row of failures, should_warn, should_error."""
    limit = f"\n      limit {test.limit}" if test.limit is not None else ""
    return (
        f"select\n      {test.fail_calc} as failures,\n"
        f"      {test.fail_calc} {test.warn_if} as should_warn,\n"
        f"      {test.fail_calc} {test.error_if} as should_error\n"
        f"    from (\n      {test.sql}{limit}\n    ) dbt_internal_test"
    )


def judge(test: DataTest, failures: Any, should_warn: Any, should_error: Any) -> Outcome:
    """dbt's verdict on a test's result row: an error-severity test fails when error_if holds; otherwise (or for
    a warn-severity test) it warns when warn_if holds; else it passes."""
    count = f"{failures} result{'' if failures == 1 else 's'}"
    if test.severity == "error" and should_error:
        return Outcome(test.unique_id, "fail", f"Got {count}, configured to fail if {test.error_if}")
    if should_warn:
        return Outcome(test.unique_id, "warn", f"Got {count}, configured to warn if {test.warn_if}")
    return Outcome(test.unique_id, "pass")


def run_tests(
    con: duckdb.DuckDBPyConnection,
    tests: list[DataTest],
    workers: int = 1,
) -> list[Outcome]:
    """Every test, outcomes in the tests' order; a query that raises is the test's error (as dbt reports it), not
    the end. With `workers` > 1 the tests are shared round-robin among that many cursors of `con`, run at once
    (DuckDB runs a query without holding Python's lock; a cursor shares its connection's database, attachments and
    functions)."""
    if workers <= 1 or len(tests) < 2:
        return [run_test(con, test) for test in tests]

    def share(i: int) -> list[Outcome]:
        cursor = con.cursor()
        try:
            return [run_test(cursor, test) for test in tests[i::workers]]
        finally:
            cursor.close()

    with ThreadPoolExecutor(workers) as pool:
        shares = list(pool.map(share, range(workers)))
    outcomes: list[Outcome] = [shares[i % workers][i // workers] for i in range(len(tests))]
    return outcomes


def run_test(con: duckdb.DuckDBPyConnection, test: DataTest) -> Outcome:
    """One test's outcome; a query that raises is the test's error."""
    try:
        row = con.execute(failure_query(test)).fetchone()
    except duckdb.Error as e:
        return Outcome(test.unique_id, "error", str(e))
    if row is None:
        return Outcome(test.unique_id, "error", "the test query returned no row")
    return judge(test, *row)


# --- what dbt compiled, kept per project and build mode ----------------------------------------------------------


def harvest(target: Path) -> list[DataTest]:
    """The data tests a dbt build ran, as it compiled them (run_results.json + manifest.json in `target`)."""
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = json.loads((target / "manifest.json").read_text())["nodes"]
    tests = []
    for r in results:
        uid = r.get("unique_id", "")
        node = nodes.get(uid) or {}
        if node.get("resource_type") != "test":
            continue
        code = r.get("compiled_code") or node.get("compiled_code")
        tests.append(DataTest.from_node({**node, "compiled_code": code}))
    return sorted(tests, key=lambda t: t.unique_id)


def embeds_any(tests: list[DataTest], values: list[str]) -> list[str]:
    """The tests whose compiled SQL contains one of `values` (a run's id, fingerprints, file paths): SQL that
    would differ in another run cannot be kept."""
    values = [v for v in values if v]
    return [t.unique_id for t in tests if any(v in t.sql for v in values)]


def load(path: Path, key: str) -> list[DataTest] | None:
    """The tests kept under `key`, or None when none are (another project, mode or dbt version, or no file)."""
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    return [DataTest(**t) for t in data["tests"]]


def store(path: Path, key: str, tests: list[DataTest]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    scratch = path.with_suffix(".tmp")
    scratch.write_text(json.dumps({"key": key, "tests": [asdict(t) for t in tests]}, indent=1))
    scratch.replace(path)
