"""Run history: one row per refresh, kept in the landing state; dbt publishes it (marts.run_history)."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

RUN_COLUMNS = [
    "run_id",
    "started_at",
    "finished_at",
    "status",
    "trigger",
    "submissions_seen",
    "submissions_changed",
    "submissions_quarantined",
    "rows_fct_budget",
    "rows_fct_target",
    "rows_fct_realisation",
    "tests_passed",
    "tests_failed",
    "error",
]


@dataclass
class RunRecord:
    run_id: str = field(
        default_factory=lambda: dt.datetime.now().strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:6]
    )
    started_at: dt.datetime = field(default_factory=dt.datetime.now)
    finished_at: dt.datetime | None = None
    status: str = "running"
    trigger: str = "manual"
    submissions_seen: int | None = None
    submissions_changed: int | None = None
    submissions_quarantined: int | None = None
    rows_fct_budget: int | None = None
    rows_fct_target: int | None = None
    rows_fct_realisation: int | None = None
    tests_passed: int | None = None
    tests_failed: int | None = None
    error: str | None = None

    def values(self) -> list:
        d = asdict(self)
        return [d[c] for c in RUN_COLUMNS]


def save(con: duckdb.DuckDBPyConnection, run: RunRecord, table: str = "runs", columns: list[str] = RUN_COLUMNS) -> None:
    con.execute(f"delete from {table} where run_id = ?", [run.run_id])
    con.execute(f"insert into {table} ({', '.join(columns)}) values ({', '.join('?' * len(columns))})", run.values())


@dataclass
class RefreshSummary:
    """What a refresh returns and prints (`rekap refresh`, the notification hook, the benchmark). Defined here, not
    in the flow module: the no-change path builds one without importing Prefect."""

    run_id: str
    status: str
    submissions_seen: int
    submissions_changed: int
    loaded: int
    quarantined: int
    values_landed: int
    rows: dict
    tests_passed: int
    tests_failed: int
    error: str | None
    quarantine: list[tuple[str, str]]
    agencies: list[tuple[str, str, int]]
    seconds: dict
    flow_run_id: str | None = None  # the Prefect flow run, to look it up in the UI or the API
    workspace: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def landed_outcome(con: duckdb.DuckDBPyConnection) -> tuple[list[tuple[str, str]], list[tuple[str, str, int]]]:
    """(quarantined files with their message, loaded agencies with their value count) as the landing state has them."""
    quarantine = con.execute("select source_path, message from quarantine order by source_path").fetchall()
    agencies = con.execute(
        "select agency_name, region_code, sum(value_count)::int from submissions where status = 'loaded' "
        "group by 1, 2 order by 2"
    ).fetchall()
    return quarantine, agencies


class RefreshLocked(RuntimeError):
    """Another refresh holds the lock; `path` is the lock file."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"another refresh is running (lock held on {path})")
        self.path = path

    def __reduce__(self):
        return RefreshLocked, (self.path,)


@contextmanager
def refresh_lock(state_dir: Path) -> Iterator[None]:
    """One refresh at a time. flock is released by the kernel when a process dies, so a kill -9 never leaves
    a stale lock behind."""
    state_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(state_dir / "refresh.lock", os.O_CREAT | os.O_RDWR, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RefreshLocked(state_dir / "refresh.lock") from exc
        yield
    finally:
        os.close(fd)
