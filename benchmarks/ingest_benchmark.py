"""Ingest benchmark (not a test): discover, extract and land alone (no dbt, no report) on a given raw/ tree.

    .venv/bin/python benchmarks/synthetic_corpus.py /tmp/ws/raw --national      # once: the national corpus
    .venv/bin/python benchmarks/ingest_benchmark.py /tmp/ws/raw --landing /tmp/ws/after.duckdb
    .venv/bin/python benchmarks/ingest_benchmark.py /tmp/ws/raw --landing /tmp/ws/after.duckdb \
        --compare /tmp/ws/before.duckdb                                          # identical landing?
    .venv/bin/python benchmarks/ingest_benchmark.py /tmp/ws/raw --profile 40     # cProfile, one process

Prints, for a full ingest into a fresh landing database, each phase's wall seconds and CPU seconds (user + sys of
this process and its workers), and the ingest throughput raw MB / (extract + land), the figure the refresh
benchmark reports; then a nothing-changed discover (every submission's fingerprint, nothing parsed). The load
average is printed beside them: on a shared machine the wall clock says as much about the neighbours.

`--compare OTHER.duckdb` checks that the landing tables equal another run's, row for row and column for column
(EXCEPT ALL both ways): cells and cell_readings whole, submissions, quarantine and intake_notes without their
timestamps. A changed interpreter (rekap.landing.readings.interpreter_version) changes that one column by design;
it is compared apart from the others.

`--profile N` runs cProfile in this one process over N submissions of each layout (sorted, first N) and prints the
hot spots by own time and by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import resource
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "flows"))

# every landing table with the columns a rerun may change (timestamps): compared without them
COMPARED = {
    "cells": (),
    "cell_readings": ("interpreter_version",),
    "submissions": ("parsed_at",),
    "quarantine": ("detected_at",),
    "intake_notes": (),
}


def cpu_seconds() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


class Clock:
    """Wall and CPU seconds per phase."""

    def __init__(self) -> None:
        self.rows: list[tuple[str, float, float]] = []

    def __call__(self, label: str, fn, *args):
        t, c = time.perf_counter(), cpu_seconds()
        out = fn(*args)
        self.rows.append((label, time.perf_counter() - t, cpu_seconds() - c))
        return out


def raw_megabytes(raw: Path) -> float:
    return sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()) / 1e6


def ingest(raw: Path, landing: Path, workers: int | None) -> None:
    from rekap.extract_pool import extract_many
    from rekap.ingest import land, plan_ingest
    from rekap.landing import store

    if landing.exists():
        landing.unlink()
    mb = raw_megabytes(raw)
    load = [os.getloadavg()[0]]
    clock = Clock()
    con = store.connect(landing)
    try:
        plan = clock("discover", plan_ingest, raw, con)
        extractions = clock("extract", extract_many, plan.to_parse, raw, workers)
        outcome = clock("land", land, con, plan, extractions, raw)
        load.append(os.getloadavg()[0])
        again = clock("discover, nothing changed", plan_ingest, raw, con)
    finally:
        con.close()
    load.append(os.getloadavg()[0])
    print(
        f"{raw}: {plan.seen} submissions, {mb:.1f} MB; parsed {len(plan.to_parse)}, loaded {outcome.loaded}, "
        f"quarantined {outcome.quarantined}, values {outcome.values_landed}; rerun would parse {len(again.to_parse)}"
    )
    print()
    print("| phase | wall s | cpu s |")
    print("|---|---|---|")
    for label, wall, cpu in clock.rows:
        print(f"| {label} | {wall:.2f} | {cpu:.2f} |")
    sec = {label: (wall, cpu) for label, wall, cpu in clock.rows}
    wall = sec["extract"][0] + sec["land"][0]
    cpu = sec["extract"][1] + sec["land"][1]
    print()
    print(f"ingest = raw MB / (extract + land) = {mb:.1f} MB / {wall:.2f} s = {mb / wall:.1f} MB/s")
    print(f"ingest per CPU second = {mb:.1f} MB / {cpu:.2f} cpu s = {mb / cpu:.1f} MB per cpu s")
    print(f"discover + extract + land = {wall + sec['discover'][0]:.2f} s wall")
    print(
        f"load average (1 min) at start / after land / end: {' / '.join(f'{x:.1f}' for x in load)} "
        f"on {os.cpu_count()} cores"
    )


def compare(a: Path, b: Path) -> bool:
    """True when the landing tables of a and b hold the same rows (EXCEPT ALL both ways)."""
    import duckdb

    con = duckdb.connect()
    con.execute("set enable_progress_bar = false")
    con.execute(f"attach '{a}' as a (read_only)")
    con.execute(f"attach '{b}' as b (read_only)")
    same = True
    for table, apart in COMPARED.items():
        cols = [
            c
            for (c,) in con.execute(
                "select column_name from information_schema.columns where table_catalog = 'a' and table_name = ? "
                "order by ordinal_position",
                [table],
            ).fetchall()
            if c not in apart
        ]
        select = ", ".join(cols)
        counts = []
        for x, y in (("a", "b"), ("b", "a")):
            n = con.execute(
                f"select count(*) from (select {select} from {x}.{table} except all select {select} from {y}.{table})"
            ).fetchone()
            assert n is not None
            counts.append(n[0])
        rows = [con.execute(f"select count(*) from {x}.{table}").fetchone()[0] for x in ("a", "b")]  # type: ignore[index]
        ok = counts == [0, 0] and rows[0] == rows[1]
        same &= ok
        print(
            f"{table:<14} rows {rows[0]:>9} / {rows[1]:>9}  only in first {counts[0]:>7}  only in second "
            f"{counts[1]:>7}  {'identical' if ok else 'DIFFERENT'}  ({len(cols)} columns"
            f"{', apart: ' + ', '.join(apart) if apart else ''})"
        )
    versions = [
        con.execute(f"select distinct interpreter_version from {x}.cell_readings").fetchall() for x in ("a", "b")
    ]
    print(f"interpreter_version: {versions[0]} / {versions[1]}")
    con.close()
    return same


def profile(raw: Path, per_layout: int, top: int) -> None:
    from rekap.discover import discover
    from rekap.extract_pool import extract_and_pack

    found = discover(raw)
    by_layout: dict[str, list] = defaultdict(list)
    for entry in sorted(found.documents, key=lambda e: str(e.file)):
        kind = f"{entry.layout}/{re.sub(r'[0-9]', '', entry.file.name)}"  # layout and document, years aside
        if len(by_layout[kind]) < per_layout:
            by_layout[kind].append(entry)
    entries = [e for group in by_layout.values() for e in group]
    mb = sum(e.file.stat().st_size for e in entries) / 1e6
    print(
        f"profiling {len(entries)} submissions ({mb:.1f} MB): "
        + ", ".join(f"{k} {len(v)}" for k, v in by_layout.items())
    )
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    for e in entries:
        extract_and_pack(e, raw)
    prof.disable()
    wall = time.perf_counter() - t
    print(f"extract + read, one process, under the profiler: {wall:.1f} s")
    stats = pstats.Stats(prof)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("raw", type=Path, help="a raw/ tree (benchmarks/synthetic_corpus.py writes one)")
    ap.add_argument("--landing", type=Path, help="landing database to write (default: a temporary file)")
    ap.add_argument("--workers", type=int, help="extraction processes (default: as the refresh decides)")
    ap.add_argument("--compare", type=Path, help="another run's landing database: are the landing tables equal?")
    ap.add_argument("--profile", type=int, metavar="N", help="cProfile N submissions of each layout, one process")
    ap.add_argument("--top", type=int, default=40)
    args = ap.parse_args()
    if args.profile:
        profile(args.raw, args.profile, args.top)
        return
    with tempfile.TemporaryDirectory() as tmp:
        landing = args.landing or Path(tmp) / "landing.duckdb"
        ingest(args.raw, landing, args.workers)
        if args.compare:
            print()
            same = compare(args.compare, landing)
            sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
