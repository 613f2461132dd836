"""Refresh benchmark (not a test): prints wall-clock figures for the scenarios of issue #5.

    .venv/bin/python benchmarks/refresh_benchmark.py [--submissions 500] [--skip-synthetic]

Scenarios, each on a throw-away copy of the project: full refresh, refresh with nothing changed, refresh
with one submission edited; first on the demo corpus (raw/), then on a synthetic corpus generated from
the real layouts (benchmarks/synthetic_corpus.py). Peak RSS covers this process and its children (dbt).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
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

from synthetic_corpus import generate  # noqa: E402


def project(raw_src: Path | None, tmp: Path, name: str, synthetic: int = 0) -> Path:
    root = tmp / name
    root.mkdir()
    if synthetic:
        generate(root / "raw", synthetic)
    else:
        shutil.copytree(raw_src, root / "raw")
    (root / "warehouse").mkdir()
    (root / "dbt_project").symlink_to(REPO / "dbt_project")
    return root


def edit_one(root: Path) -> str:
    doc = sorted(p for p in (root / "raw").rglob("*.txt"))[0]
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text + "\n", encoding="utf-8")  # a trailing newline: new hash, same figures
    return doc.relative_to(root / "raw").as_posix()


def timed(root: Path, label: str) -> dict:
    from rekap.flow import refresh

    t = time.perf_counter()
    s = refresh(root=str(root), trigger="benchmark")
    wall = time.perf_counter() - t
    phases = ", ".join(f"{k} {v:.1f}s" for k, v in s["seconds"].items())
    print(f"  {label:<28} {wall:7.1f} s   status={s['status']}  parsed={s['submissions_changed']:>4}/{s['submissions_seen']:<4}"
          f"  values={s['values_landed']:>7}  [{phases}]", flush=True)
    return s


def scenario(root: Path, name: str) -> None:
    print(f"{name}:", flush=True)
    timed(root, "full refresh")
    timed(root, "no-change refresh")
    changed = edit_one(root)
    timed(root, f"one changed ({changed.split('/')[0]})")


def main() -> None:
    ap = argparse.ArgumentParser()
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
        scenario(project(REPO / "raw", Path(tmp), "demo"), f"demo corpus ({len(list((REPO / 'raw').rglob('*.txt')))} submissions)")
        if not args.skip_synthetic:
            scenario(project(None, Path(tmp), "synthetic", synthetic=args.submissions), f"synthetic corpus ({args.submissions} submissions)")
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(f"peak RSS (largest single process): {peak / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
