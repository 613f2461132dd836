"""An incremental build's models as dbt ran them, kept, and run again without dbt by later incremental builds.

dbt spends more on itself than on an incremental build's SQL: starting and parsing the project (about 5 s) and
about 0.1 s of its own per model, around statements that take milliseconds. What an incremental build executes
depends on the project alone: it starts from a copy of a build of the same project (the same tables exist, so
every materialization takes the same branch), which submissions to recompute is read by the SQL at run time
(main.rekap_changed_submissions), and the run's own values are read from a table (macros/build_run.sql). So once
dbt has built a project incrementally, rekap keeps the statements that build ran, from dbt's structured log
(`--log-format-file json`): per model, in the order dbt started the models (a model starts after every model it
reads has finished), the statements that change the build (a bare SELECT changes nothing and is dropped: they are
dbt's metadata lookups). A later incremental build of the same project runs them on one connection set up as
dbt's profile (rekap.warehouse.profile_connection), in one transaction.

A Python model runs before its statements, as dbt-duckdb runs it: its compiled code is loaded as a module,
`model(dbt, con)` returns the rows, and they are written to the table its statements then merge
(`<model>__dbt_tmp...`).
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

FORMAT = 2  # 2: dbt's BEGIN / COMMIT no longer kept


@dataclass(frozen=True)
class Step:
    node: str  # the model's unique id
    kind: str  # sql | python
    text: str  # the statement, or the Python model's compiled code
    relation: str = ""  # python: the table its rows are written to


class ReplayError(Exception):
    """A kept statement failed: the build is to be made by dbt instead (which names the failure itself)."""


def _body(sql: str) -> str:
    """The statement without dbt's leading `/* {...} */` comment."""
    text = sql.lstrip()
    if text.startswith("/*"):
        text = text.split("*/", 1)[1].lstrip() if "*/" in text else ""
    return text


def _replayed(sql: str) -> bool:
    """A statement the replay runs: one that changes the build. Not a bare SELECT (dbt's metadata lookups), and
    not dbt's per-model BEGIN / COMMIT: the replay is one transaction."""
    body = _body(sql).strip().rstrip(";")
    transaction = body.upper() in ("BEGIN", "COMMIT")
    return bool(body) and not transaction and not re.match(r"select\b", body, re.IGNORECASE)


def harvest(log_file: Path, target: Path) -> list[Step] | None:
    """The model steps of the last dbt run (its artifacts in `target`, its JSON log in `log_file`), or None when that
    run cannot be replayed: a model failed, or something other than a model (a seed, a snapshot) changed the
    build, or a Python model's result table is not named in its statements."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    run_results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    invocation = run_results["metadata"]["invocation_id"]  # dbt appends every run to one log file
    models = {r["unique_id"]: r for r in run_results["results"] if r["unique_id"].startswith("model.")}
    if any(r.get("status") != "success" for r in models.values()):
        return None
    order: list[str] = []
    statements: dict[str, list[str]] = {}
    for line in _log_lines(log_file, invocation):
        try:
            event = json.loads(line)
        except ValueError:
            continue  # a line of an earlier run's text log
        if not isinstance(event, dict) or (event.get("info") or {}).get("invocation_id") != invocation:
            continue
        name, data = event["info"]["name"], event.get("data") or {}
        if name == "NodeStart":
            uid = (data.get("node_info") or {}).get("unique_id", "")
            if uid in models and uid not in statements:
                order.append(uid)
                statements[uid] = []
        elif name == "SQLQuery":
            conn = data.get("conn_name", "")
            if conn in statements:
                statements[conn].append(data["sql"])
            elif conn.startswith(("seed.", "snapshot.")) or (conn.startswith("model.") and conn not in models):
                return None
    if not order or set(order) != set(models):
        return None  # the log is not this run's structured log, or does not say every model's statements
    steps: list[Step] = []
    for uid in order:
        node = manifest["nodes"][uid]
        if node.get("language") == "python":
            named = re.search(
                r'((?:"[^"]+"\.)*"' + re.escape(node["alias"]) + r'__dbt_tmp\d*")', "\n".join(statements[uid])
            )
            if named is None or not models[uid].get("compiled_code"):
                return None
            steps.append(Step(uid, "python", models[uid]["compiled_code"], named.group(1)))
        steps += [Step(uid, "sql", sql) for sql in statements[uid] if _replayed(sql)]
    return steps


def _log_lines(log_file: Path, invocation: str) -> Iterator[str]:
    """The lines of one dbt invocation, oldest first, across the log and the files dbt rotated it into
    (dbt.log.1 is older than dbt.log, dbt.log.2 older still)."""
    rotated = sorted(
        (p for p in log_file.parent.glob(log_file.name + ".*") if p.suffix[1:].isdigit()),
        key=lambda p: -int(p.suffix[1:]),
    )
    for path in [*rotated, log_file]:
        with path.open(encoding="utf-8", errors="replace") as lines:
            yield from (line for line in lines if invocation in line)


def embeds_any(steps: list[Step], values: list[str]) -> bool:
    """Whether a step's text holds one of a run's values: such a step would repeat that run, not the next one."""
    return any(v and v in s.text for s in steps for v in values)


def store(path: Path, key: str, steps: list[Step]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    record = {"format": FORMAT, "key": key, "steps": [asdict(s) for s in steps]}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    tmp.replace(path)


def load(path: Path, key: str) -> list[Step] | None:
    """The steps kept under `key`, or None (nothing kept, another project or dbt, an unreadable record)."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
        if record.get("format") != FORMAT or record.get("key") != key:
            return None
        return [Step(**s) for s in record["steps"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def forget(path: Path) -> None:
    path.unlink(missing_ok=True)


def _run_python_model(con: duckdb.DuckDBPyConnection, step: Step) -> None:
    """As dbt-duckdb's run_python_job: the compiled code as a module, `model(dbt, con)`, the result as a table."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False, encoding="utf-8") as f:
        f.write(step.text.lstrip())
    name = step.node.rsplit(".", 1)[-1]
    try:
        spec = importlib.util.spec_from_file_location(name, f.name)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        dbt = module.dbtObj(lambda table: con.query(f"select * from {table}"))
        rows: Any = module.model(dbt, con)
        view = f"__rekap_python_model_{name}"
        con.register(view, rows)
        try:
            con.execute(f"create table {step.relation} as select * from {view}")
        finally:
            con.unregister(view)
    finally:
        Path(f.name).unlink(missing_ok=True)
        sys.modules.pop(name, None)


def replay(
    con: duckdb.DuckDBPyConnection,
    steps: list[Step],
    accept: Callable[[duckdb.DuckDBPyConnection], bool] | None = None,
) -> bool:
    """Every step on `con` in one transaction: all of them or, on the first failure, none (ReplayError). Committed
    unless `accept`, run inside the transaction after the last step (seeing its changes), says otherwise; returns
    whether it was committed."""
    con.execute("begin transaction")
    try:
        for step in steps:
            try:
                if step.kind == "python":
                    _run_python_model(con, step)
                else:
                    con.execute(step.text)
            except Exception as exc:
                raise ReplayError(f"{step.node}: {type(exc).__name__}: {exc}") from exc
        accepted = accept is None or accept(con)
        con.execute("commit" if accepted else "rollback")
        return accepted
    except BaseException:
        con.execute("rollback")
        raise
