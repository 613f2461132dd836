"""Refresh benchmark (not a test): prints wall-clock figures of full, nothing-changed and one-changed refreshes.

    .venv/bin/python benchmarks/refresh_benchmark.py --national          # 552 regions x 3 fiscal years
    .venv/bin/python benchmarks/refresh_benchmark.py [--submissions 500] [--skip-synthetic]

Every scenario runs on a throw-away copy of the project. `--national` generates the national corpus (every region
of seeds/regions.csv x 3 fiscal years in the four real layouts, years shifted, figures re-drawn;
benchmarks/synthetic_corpus.py) and prints, from one run: the full refresh, the refresh with nothing changed (from
the CLI, as an operator runs it, and in-process) and with one submission changed (the project's first incremental
build, which has dbt run the data tests; then in-process and from the CLI, three edits each, the median counted),
each also as a share of the full refresh; ingest throughput (raw MB / (extract + land)); the `dbt build` share of
the full refresh; peak RSS; the CPU seconds (user + sys, this process and its children) beside the wall clock, and the
load average, because on a shared machine the wall clock says as much about the neighbours as about rekap.
In-process runs share one Prefect temporary server, started by a warm-up run that is not counted; a CLI run starts
its own unless PREFECT_API_URL is set.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

os.environ.setdefault("PREFECT_HOME", str(REPO / ".prefect"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")

from synthetic_corpus import generate, generate_national  # noqa: E402

LONG_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{3}){2,}")


def project(raw_src: Path | None, tmp: Path, name: str, synthetic: int = 0, national: bool = False) -> Path:
    root = tmp / name
    root.mkdir()
    if national:
        generate_national(root / "raw")
    elif synthetic:
        generate(root / "raw", synthetic)
    else:
        shutil.copytree(raw_src, root / "raw")
    (root / "warehouse").mkdir()
    (root / "dbt_project").symlink_to(REPO / "dbt_project")
    return root


def edit_one(root: Path, nth: int = 0) -> str:
    """Re-draw one amount of one loaded submission's document: new content, new figures, same layout."""
    docs = sorted(p for p in (root / "raw").rglob("*.txt") if "rencana_aksi_20" in p.name)
    doc = docs[nth % len(docs)]
    text = doc.read_text(encoding="utf-8")
    digit = LONG_NUMBER.search(text).end() - 1  # the amount's last digit
    new = str((int(text[digit]) + 1) % 10)
    doc.write_text(text[:digit] + new + text[digit + 1 :], encoding="utf-8")
    return doc.relative_to(root / "raw").as_posix()


def cpu_seconds() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def timed(root: Path, label: str) -> dict:
    from rekap.flow import refresh

    t, c = time.perf_counter(), cpu_seconds()
    s = refresh(root=str(root), trigger="benchmark")
    s["wall"], s["cpu"] = time.perf_counter() - t, cpu_seconds() - c
    phases = ", ".join(f"{k} {v:.1f}s" for k, v in s["seconds"].items())
    print(
        f"  {label:<34} {s['wall']:7.1f} s  cpu {s['cpu']:6.1f} s  status={s['status']}  "
        f"parsed={s['submissions_changed']:>4}/{s['submissions_seen']:<4} values={s['values_landed']:>7}  [{phases}]",
        flush=True,
    )
    return s


def children_cpu_seconds() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def cli(root: Path, label: str) -> dict:
    """`rekap refresh` as an operator types it, in the project's directory. Its CPU seconds are the CLI process's
    (and its children's) alone: this process keeps Prefect's temporary server of the in-process runs, whose
    background work during the CLI run is not the CLI's (printed beside it, as it competes for the cores)."""
    env = {**os.environ, "REKAP_HOME": str(root), "PYTHONPATH": str(REPO / "flows")}
    t, c, own = time.perf_counter(), children_cpu_seconds(), cpu_seconds() - children_cpu_seconds()
    proc = subprocess.run(
        [str(Path(sys.executable).with_name("rekap")), "refresh"], cwd=root, env=env, capture_output=True, text=True
    )
    s = {
        "wall": time.perf_counter() - t,
        "cpu": children_cpu_seconds() - c,
        "seconds": {},
        "rc": proc.returncode,
        "headline": (proc.stdout.strip().splitlines() or [""])[0][:110],
    }
    beside = cpu_seconds() - children_cpu_seconds() - own
    print(
        f"  {label:<34} {s['wall']:7.1f} s  cpu {s['cpu']:6.1f} s  exit={s['rc']}  "
        f"(benchmark process meanwhile: cpu {beside:.1f} s)  {s['headline']}",
        flush=True,
    )
    return s


def median(runs: list[dict]) -> dict:
    """The run of median wall time."""
    return sorted(runs, key=lambda s: s["wall"])[len(runs) // 2]


def scenario(root: Path, name: str) -> None:
    print(f"{name}:", flush=True)
    timed(root, "full refresh")
    timed(root, "no-change refresh")
    changed = edit_one(root)
    timed(root, f"one changed ({changed.split('/')[0]})")


def national(tmp: Path) -> None:
    t = time.perf_counter()
    root = project(None, tmp, "national", national=True)
    raw_mb = sum(p.stat().st_size for p in (root / "raw").rglob("*") if p.is_file()) / 1e6
    n = len(list((root / "raw").rglob("manifest.yml")))
    print(
        f"national corpus: {n} submissions, {raw_mb:.1f} MB under raw/ (generated in {time.perf_counter() - t:.1f} s)"
    )
    load = [os.getloadavg()[0]]
    full = timed(root, "full refresh")
    load.append(os.getloadavg()[0])
    none_cli = cli(root, "nothing changed, CLI")
    none_in = timed(root, "nothing changed, in-process")
    # the first incremental build of a project has dbt run its data tests, and keeps their compiled SQL for the next
    one_first = timed(root, f"one changed, first incremental ({edit_one(root, 2).split('/')[0]})")
    # a few seconds each, so the machine's neighbours weigh more: the median of three edits, each of another document
    one_in = median([timed(root, f"one changed, in-process ({edit_one(root, n).split('/')[0]})") for n in (0, 3, 4)])
    load.append(os.getloadavg()[0])
    one_cli = median([cli(root, f"one changed, CLI ({edit_one(root, n).split('/')[0]})") for n in (1, 5, 6)])
    load.append(os.getloadavg()[0])
    sec = full["seconds"]
    ingest = sec.get("extract", 0) + sec.get("land", 0)
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    print()
    print("| scenario | wall s | share of full (wall) | cpu s | share of full (cpu) | phases (wall s) |")
    print("|---|---|---|---|---|---|")
    for label, s in (
        ("full refresh (in-process)", full),
        ("nothing changed, CLI", none_cli),
        ("nothing changed, in-process", none_in),
        ("one changed, first incremental build of the project", one_first),
        ("one changed, in-process (median of 3)", one_in),
        ("one changed, CLI (median of 3)", one_cli),
    ):
        phases = ", ".join(f"{k} {v:.1f}" for k, v in s.get("seconds", {}).items()) or "-"
        print(
            f"| {label} | {s['wall']:.1f} | {s['wall'] / full['wall']:.1%} | {s['cpu']:.1f} | "
            f"{s['cpu'] / full['cpu']:.1%} | {phases} |"
        )
    print()
    print("| figure | value |")
    print("|---|---|")
    print(
        f"| ingest (raw MB / (extract + land), full refresh) | {raw_mb:.1f} MB in {ingest:.1f} s = {raw_mb / ingest:.1f} MB/s |"
    )
    for phase in ("dbt_build", "report"):
        print(
            f"| `{phase}` share of the full refresh | {sec.get(phase, 0):.1f} s of {full['wall']:.1f} s = "
            f"{sec.get(phase, 0) / full['wall']:.0%} (one changed, in-process: {one_in['seconds'].get(phase, 0):.1f} s) |"
        )
    print(f"| peak RSS (largest single process) | {peak / 1024:.0f} MiB |")
    print(
        f"| load average (1 min) at start / after full / after in-process runs / end | "
        f"{' / '.join(f'{x:.1f}' for x in load)} on {os.cpu_count()} cores |"
    )
    print(
        f"| CLI runs | {'Prefect flow runs (PREFECT_API_URL set)' if os.environ.get('PREFECT_API_URL') else 'no Prefect server configured: the refresh runs without one'} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--national", action="store_true", help="the national corpus (552 regions x 3 fiscal years) only")
    ap.add_argument("--submissions", type=int, default=500)
    ap.add_argument("--skip-synthetic", action="store_true")
    args = ap.parse_args()
    from rekap.flow import refresh

    with tempfile.TemporaryDirectory() as tmp:
        warm = project(REPO / "raw", Path(tmp), "warm-up")
        t = time.perf_counter()
        refresh(root=str(warm), trigger="benchmark")  # starts Prefect's temporary server once; not counted
        print(f"(warm-up incl. Prefect temporary server start: {time.perf_counter() - t:.1f} s)")
        shutil.rmtree(warm)
        if args.national:
            national(Path(tmp))
            return
        scenario(
            project(REPO / "raw", Path(tmp), "demo"),
            f"demo corpus ({len(list((REPO / 'raw').rglob('*.txt')))} submissions)",
        )
        if not args.skip_synthetic:
            scenario(
                project(None, Path(tmp), "synthetic", synthetic=args.submissions),
                f"synthetic corpus ({args.submissions} submissions)",
            )
    peak = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    )
    print(f"peak RSS (largest single process): {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
