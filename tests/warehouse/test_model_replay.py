"""rekap.warehouse.model_replay: the statements an incremental dbt build ran for its models, read from dbt's
structured log, kept per project, and run again in one transaction; and rekap.warehouse.profile_connection, the
connection they (and the data tests) run on, set up as dbt's profile says."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from rekap.interpret.nomenclature import normalise
from rekap.paths import dbt_project_dir
from rekap.warehouse import model_replay, profile_connection
from rekap.warehouse.model_replay import ReplayError, Step

RUN = "inv-2"
COMMENT = '/* {"app": "dbt", "node_id": "%s"} */\n'
PYTHON_MODEL = """
def model(dbt, session):
    return dbt.ref("a").filter("n > 1")


def ref(name):
    return '"a"'


class dbtObj:
    def __init__(self, load_df_function):
        self.ref = lambda name: load_df_function(ref(name))
"""


def event(name: str, invocation: str = RUN, **data: object) -> str:
    return json.dumps({"info": {"name": name, "invocation_id": invocation}, "data": data})


def node_start(uid: str, invocation: str = RUN) -> str:
    return event("NodeStart", invocation, node_info={"unique_id": uid})


def sql(uid: str, text: str, invocation: str = RUN) -> str:
    return event("SQLQuery", invocation, conn_name=uid, sql=(COMMENT % uid) + text)


def write_run(tmp: Path, lines: list[str], rotated: list[str] | None = None, failed: str | None = None) -> Path:
    """A dbt run's artifacts and JSON log as dbt writes them: models a (SQL) and b (Python, reads a)."""
    target, logs = tmp / "target", tmp / "logs"
    target.mkdir()
    logs.mkdir()
    results = [
        {"unique_id": "model.p.a", "status": "error" if failed == "a" else "success", "compiled_code": "select 1"},
        {"unique_id": "model.p.b", "status": "success", "compiled_code": PYTHON_MODEL},
        {"unique_id": "test.p.t", "status": "pass", "compiled_code": "select 1 where false"},
    ]
    (target / "run_results.json").write_text(json.dumps({"metadata": {"invocation_id": RUN}, "results": results}))
    nodes = {"model.p.a": {"language": "sql", "alias": "a"}, "model.p.b": {"language": "python", "alias": "b"}}
    (target / "manifest.json").write_text(json.dumps({"nodes": nodes}))
    if rotated is not None:
        (logs / "dbt.log.1").write_text("\n".join(rotated) + "\n")
    (logs / "dbt.log").write_text("\n".join(lines) + "\n")
    return logs / "dbt.log"


A_STATEMENTS = [
    sql("model.p.a", "BEGIN"),
    sql("model.p.a", "select column_name from information_schema.columns"),
    sql("model.p.a", "create table a as select * from range(4) t(n)"),
    sql("model.p.a", "COMMIT"),
]
B_STATEMENTS = [
    sql("model.p.b", "BEGIN"),
    sql("model.p.b", "create table b as select * from b__dbt_tmp20261203 where false"),
    sql("model.p.b", 'insert into b select * from "b__dbt_tmp20261203"; drop table "b__dbt_tmp20261203"'),
    sql("model.p.b", "COMMIT"),
]


def test_harvest_keeps_what_changes_the_build_in_the_order_models_started(tmp_path: Path) -> None:
    log = write_run(
        tmp_path,
        [
            "an earlier run's line in dbt's text format",
            node_start("model.p.a", "inv-1"),
            sql("model.p.a", "drop table a", "inv-1"),  # another invocation: not this run
            node_start("model.p.a"),
            *A_STATEMENTS,
            node_start("test.p.t"),
            sql("test.p.t", "select 1 where false"),
            node_start("model.p.b"),
            *B_STATEMENTS,
        ],
    )
    steps = model_replay.harvest(log, tmp_path / "target")
    assert steps is not None
    # the metadata select and dbt's BEGIN / COMMIT are dropped: the replay is one transaction
    assert [(s.node, s.kind) for s in steps] == [
        ("model.p.a", "sql"),  # create table a
        ("model.p.b", "python"),  # the Python model's job comes first, writing the table its statements merge
        ("model.p.b", "sql"),
        ("model.p.b", "sql"),
    ]
    assert steps[1].relation == '"b__dbt_tmp20261203"' and steps[1].text == PYTHON_MODEL
    assert "create table a" in steps[0].text and "insert into b" in steps[3].text


def test_harvest_reads_the_run_across_the_files_dbt_rotated_its_log_into(tmp_path: Path) -> None:
    log = write_run(
        tmp_path, [node_start("model.p.b"), *B_STATEMENTS], rotated=[node_start("model.p.a"), *A_STATEMENTS]
    )
    steps = model_replay.harvest(log, tmp_path / "target")
    assert steps is not None and [s.node for s in steps] == ["model.p.a", "model.p.b", "model.p.b", "model.p.b"]


@pytest.mark.parametrize(
    "lines,failed",
    [
        ([node_start("model.p.a"), *A_STATEMENTS], None),  # model b's start was rotated away: not every model
        ([node_start("model.p.a"), *A_STATEMENTS, node_start("model.p.b"), *B_STATEMENTS], "a"),  # a model failed
        (
            [node_start("model.p.a"), *A_STATEMENTS, node_start("model.p.b"), *B_STATEMENTS[:1]],
            None,
        ),  # no statement names the table the Python model writes
        (
            [
                node_start("model.p.a"),
                *A_STATEMENTS,
                node_start("model.p.b"),
                *B_STATEMENTS,
                sql("seed.p.s", "insert into s values (?)"),
            ],
            None,
        ),  # a seed's values are bound parameters the log does not hold
    ],
)
def test_harvest_refuses_a_run_it_could_not_replay_as_it_ran(tmp_path: Path, lines: list[str], failed) -> None:
    assert model_replay.harvest(write_run(tmp_path, lines, failed=failed), tmp_path / "target") is None


def test_replay_runs_sql_and_python_models_on_one_connection(tmp_path: Path) -> None:
    log = write_run(tmp_path, [node_start("model.p.a"), *A_STATEMENTS, node_start("model.p.b"), *B_STATEMENTS])
    steps = model_replay.harvest(log, tmp_path / "target")
    assert steps is not None
    con = duckdb.connect()
    model_replay.replay(con, steps)
    assert con.execute("select n from b order by n").fetchall() == [(2,), (3,)]
    assert con.execute("select count(*) from duckdb_tables() where table_name like 'b__dbt_tmp%'").fetchone() == (0,)


def test_a_failing_step_leaves_the_build_as_it_was_and_names_its_model() -> None:
    con = duckdb.connect()
    con.execute("create table kept as select 1 as n")
    steps = [
        Step("model.p.x", "sql", "insert into kept values (2)"),
        Step("model.p.y", "sql", "insert into missing values (3)"),
    ]
    with pytest.raises(ReplayError, match=r"model\.p\.y: CatalogException"):
        model_replay.replay(con, steps)
    assert con.execute("select n from kept").fetchall() == [(1,)]


@pytest.mark.parametrize(
    ("judged", "expected"),
    [("select count(*) from kept where n > 1", (1,)), ("select * from missing", "CatalogException")],
)
def test_what_the_judge_inside_the_transaction_refuses_is_rolled_back(judged: str, expected: object) -> None:
    con = duckdb.connect()
    con.execute("create table kept as select 1 as n")
    steps = [Step("model.p.x", "sql", "insert into kept values (2)")]
    seen: list[object] = []

    def accept(inside: duckdb.DuckDBPyConnection) -> bool:
        try:
            seen.append(inside.execute(judged).fetchone())  # the step's row is visible to the judge
        except duckdb.Error as exc:  # the transaction is aborted: it can only be rolled back
            seen.append(type(exc).__name__)
        return False

    assert model_replay.replay(con, steps, accept) is False
    assert seen == [expected]
    assert con.execute("select n from kept").fetchall() == [(1,)]
    assert model_replay.replay(con, steps, lambda inside: True) is True
    assert con.execute("select n from kept order by n").fetchall() == [(1,), (2,)]


def test_kept_steps_are_read_back_for_their_key_only(tmp_path: Path) -> None:
    path = tmp_path / "state" / "model_replay_incremental.json"
    steps = [Step("model.p.a", "sql", "create table a as select 1"), Step("model.p.b", "python", "code", '"b_tmp"')]
    model_replay.store(path, "project-1 incremental dbt 1", steps)
    assert model_replay.load(path, "project-1 incremental dbt 1") == steps
    assert model_replay.load(path, "project-2 incremental dbt 1") is None
    path.write_text("{not json")
    assert model_replay.load(path, "project-1 incremental dbt 1") is None
    model_replay.forget(path)
    assert model_replay.load(path, "project-1 incremental dbt 1") is None


def test_steps_holding_a_runs_values_are_not_for_another_run() -> None:
    steps = [Step("model.p.a", "sql", "select '20261203T010203-abcdef' as run_id")]
    assert model_replay.embeds_any(steps, ["20261203T010203-abcdef"])
    assert not model_replay.embeds_any(steps, ["", "20261204T010203-abcdef"])


def test_the_connection_is_set_up_as_the_build_profile_says(tmp_path: Path) -> None:
    landing, build = tmp_path / "landing.duckdb", tmp_path / "rekap-build.duckdb"
    setup = duckdb.connect(str(landing))
    setup.execute("create table submissions as select 'a' as submission_id")
    setup.close()
    env = {"REKAP_BUILD_DB": str(build), "REKAP_LANDING_DB": str(landing)}
    con = profile_connection.connect(dbt_project_dir() / "profiles.yml", env)
    try:
        assert con.execute("select current_setting('memory_limit')").fetchone()[0].replace(" ", "") in (
            "953.6MiB",
            "1.0GB",
            "1000.0MB",
        )
        assert con.execute("select submission_id from landing.submissions").fetchall() == [("a",)]
        with pytest.raises(duckdb.Error):  # attached read-only, as dbt attaches it
            con.execute("insert into landing.submissions values ('b')")
        name = "1. Program Penunjang Urusan Pemerintahan Daerah"
        assert con.execute("select rekap_item_key(?)", [name]).fetchone() == (normalise(name),)
        assert con.execute("select current_database()").fetchone() == ("rekap-build",)
    finally:
        con.close()


def test_an_unset_environment_variable_of_the_profile_is_said(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="REKAP_LANDING_DB"):
        profile_connection.connect(dbt_project_dir() / "profiles.yml", {"REKAP_BUILD_DB": str(tmp_path / "x.duckdb")})
