"""Ingest: decide what changed since the last run, extract it, and land it — per submission.

Plain functions (the Prefect flow wraps them as tasks), so the same code serves `rekap refresh`,
`rekap validate` and the tests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from rekap.discover import Discovery, Problem, discover, submission_id
from rekap.extract import Extraction, fingerprint_of
from rekap.i18n import load_failure, t
from rekap.landing import readings, store
from rekap.manifest import DocumentEntry
from rekap.rawtree import printable


@dataclass
class IngestPlan:
    to_parse: list[DocumentEntry] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    present_ids: set[str] = field(default_factory=set)

    @property
    def seen(self) -> int:
        return len(self.to_parse) + len(self.unchanged)


@dataclass
class IngestOutcome:
    seen: int
    changed: int
    loaded: int
    quarantined: int
    removed: list[str]
    values_landed: int


def plan_ingest(raw_dir: Path, con: duckdb.DuckDBPyConnection, full: bool = False) -> IngestPlan:
    found: Discovery = discover(raw_dir)
    known = {} if full else store.known_fingerprints(con)
    plan = IngestPlan(problems=found.problems)
    declared_at: dict[str, DocumentEntry] = {}
    for entry in found.documents:
        sid = submission_id(entry, raw_dir)
        if sid in declared_at:
            # the same file declared twice: it loads once, from its first entry; the repeat is reported
            first = declared_at[sid]
            plan.problems.append(
                Problem(
                    entry.manifest_path,
                    entry.manifest_line,
                    t("discover.declared_twice", name=entry.file.name, line=first.manifest_line),
                )
            )
            continue
        declared_at[sid] = entry
        plan.present_ids.add(sid)
        _, fp = fingerprint_of(entry)
        if known.get(sid) == fp:
            plan.unchanged.append(sid)
        else:
            plan.to_parse.append(entry)
    for p in found.problems:
        if p.submission_id:
            plan.present_ids.discard(p.submission_id)
    return plan


def problem_rows(problems: list[Problem], raw_dir: Path) -> list[tuple[str, str | None, int | None, str, str]]:
    rows = []
    for p in problems:
        # file names need not be UTF-8 on disk: what is stored is always text
        rel = printable(p.source_path.relative_to(raw_dir).as_posix())
        expected = printable(p.expected)
        reason = printable(p.reason) if p.reason is not None else None
        rows.append((rel, p.submission_id, p.line, expected, load_failure(rel, p.line, expected, reason)))
    return rows


def land(
    con: duckdb.DuckDBPyConnection, plan: IngestPlan, extractions: list[Extraction], raw_dir: Path
) -> IngestOutcome:
    now = dt.datetime.now()
    store.replace_submissions(con, extractions, now)
    store.record_problems(con, problem_rows(plan.problems, raw_dir), now)
    removed = store.forget_missing(con, plan.present_ids | {ex.submission_id for ex in extractions})
    readings.ensure_readings(con)  # values landed before the current interpreter version are re-read from landing
    counted = con.execute("select count(*) from quarantine").fetchone()
    assert counted is not None  # count(*) always returns a row
    quarantined = counted[0]
    return IngestOutcome(
        seen=plan.seen + len(plan.problems),
        changed=len(extractions),
        loaded=sum(1 for ex in extractions if ex.ok),
        quarantined=quarantined,
        removed=removed,
        values_landed=sum(len(ex.values) for ex in extractions),
    )
