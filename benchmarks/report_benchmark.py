"""Report benchmark (not a test): prints the seconds of the planners' report over a published warehouse, written
from nothing, rebuilt with nothing changed, and rebuilt after one agency's rows changed.

    .venv/bin/python benchmarks/report_benchmark.py WORKSPACE                  # this checkout's report
    .venv/bin/python benchmarks/report_benchmark.py WORKSPACE --baseline main  # and main's, in the same run

For the national figures, WORKSPACE is a project refreshed once over the national corpus (see
benchmarks/refresh_benchmark.py and benchmarks/synthetic_corpus.py --national). The warehouse is copied: one
agency's rows are changed in the copy the way a refresh that re-read its document changes them (a finding's
wording, its program pagu, a realisation), in every mart the report reads them from. Every build runs in a fresh
process, as a refresh's report step pays its imports too. Wall clock and CPU seconds (user + sys of that process and
its children: very many workbooks are written on every core) are printed beside the load average, because on a shared
machine the wall clock says as much about the neighbours as about the report.

--baseline REV builds the same three reports with the report code of git revision REV (its flows/ and dbt_project/,
checked out into a temporary folder) before this checkout's, and says whether both wrote the same files: every file
of the report folder, the front page included (both are given the same time to print), but the cache record,
whose keys cover the code."""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parent.parent
CHANGES = (
    "update marts.mart_data_quality set message = message || ' (diperbaiki)' where {agency}",
    "update marts.mart_budget_by_agency set pagu_idr = pagu_idr + 1 where {agency}",
    "update marts.mart_budget_by_program set pagu_idr = pagu_idr + 1 where {agency}",
    "update marts.mart_quarter_rating set realisasi_idr = realisasi_idr + 1 where {agency}",
)
BUILD = (
    "import datetime as dt, sys; from pathlib import Path; from rekap.report import build_report; "
    "build_report(Path(sys.argv[1]), Path(sys.argv[2]), runs_db=Path(sys.argv[3]), now=dt.datetime(2026, 12, 3, 9))"
)
CACHE_RECORD = ".rekap-cache.json"


def children_cpu() -> float:
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return kids.ru_utime + kids.ru_stime


def change_one_agency(db: Path) -> str:
    """Change the rows of the agency with the most findings (its page, workbook and province workbook change)."""
    con = duckdb.connect(str(db))
    try:
        region, agency = con.execute(
            "select region_code, agency_name from marts.mart_data_quality group by all "
            "order by count(*) desc, region_code, agency_name limit 1"
        ).fetchone()
        where = "region_code = $region and agency_name = $agency"
        for sql in CHANGES:
            con.execute(sql.format(agency=where), {"region": region, "agency": agency})
    finally:
        con.close()
    return f"{region} {agency}"


def timed(name: str, code: Path, label: str, db: Path, out: Path, runs_db: Path) -> tuple[float, float]:
    """One report build in a fresh process running the report code under `code` (a folder holding flows/)."""
    env = {**os.environ, "PYTHONPATH": str(code / "flows")}
    load = os.getloadavg()[0]
    t, c = time.perf_counter(), children_cpu()
    subprocess.run([sys.executable, "-c", BUILD, str(db), str(out), str(runs_db)], env=env, check=True)
    wall, cpu = time.perf_counter() - t, children_cpu() - c
    files = sum(1 for _ in out.iterdir())
    print(
        f"| {name} | {label} | {wall:.1f} | {cpu:.1f} | {load:.1f} / {os.getloadavg()[0]:.1f} | {files} |",
        flush=True,
    )
    return wall, cpu


def run(
    name: str, code: Path, published: Path, runs_db: Path, work: Path
) -> tuple[dict[str, tuple[float, float]], list[Path]]:
    """The three builds with the code under `code`; returns their (wall, CPU) and the folder after each."""
    work.mkdir()
    db = work / "warehouse" / "rekap.duckdb"  # the same file name for every build: the pages name their source
    db.parent.mkdir()
    shutil.copy(published, db)
    out, folders, seconds = work / "warehouse" / "report", [], {}
    for label in ("full (from nothing)", "nothing changed", "one agency changed"):
        if label == "one agency changed":
            label += f" ({change_one_agency(db)})"
        seconds[label.split(" (")[0]] = timed(name, code, label, db, out, runs_db)
        snapshot = work / f"after-{len(folders)}"
        shutil.copytree(out, snapshot)
        folders.append(snapshot)
    return seconds, folders


def same_files(a: Path, b: Path) -> list[str]:
    """The names whose bytes differ between two report folders (or that only one has), the cache record aside."""
    names = {p.name for p in a.iterdir()} | {p.name for p in b.iterdir()}
    return sorted(
        n
        for n in names - {CACHE_RECORD}
        if not ((a / n).is_file() and (b / n).is_file() and (a / n).read_bytes() == (b / n).read_bytes())
    )


def checkout(rev: str, into: Path) -> Path:
    """The report code of revision `rev` (flows/ and dbt_project/, whose seeds hold the finding labels)."""
    into.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", rev, "flows", "dbt_project"], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)
    return into


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("workspace", type=Path, help="a workspace holding warehouse/rekap.duckdb")
    ap.add_argument("--baseline", metavar="REV", help="also build with the report code of this git revision")
    args = ap.parse_args()
    published = args.workspace / "warehouse" / "rekap.duckdb"
    runs_db = args.workspace / "warehouse" / "state" / "landing.duckdb"
    if not published.is_file():
        sys.exit(f"no published warehouse at {published}")
    with tempfile.TemporaryDirectory() as tmp:
        trees = [("this checkout", REPO)]
        if args.baseline:
            trees.insert(0, (args.baseline, checkout(args.baseline, Path(tmp) / f"baseline-{args.baseline}")))
        print(f"report over {published} ({published.stat().st_size / 1e6:.1f} MB), {os.cpu_count()} cores")
        print("| code | build | wall s | CPU s | load average (1 min) before / after | files |")
        print("|---|---|---|---|---|---|")
        results = [run(name, code, published, runs_db, Path(tmp) / f"run-{i}") for i, (name, code) in enumerate(trees)]
        for (name, _), (seconds, _) in zip(trees, results):
            full = seconds["full"]
            print(
                f"\n{name}: nothing changed {seconds['nothing changed'][1] / full[1]:.1%} of the full report's CPU, "
                f"one agency changed {seconds['one agency changed'][1] / full[1]:.1%}"
            )
        if len(results) == 2:
            for label, base, this in zip(results[1][0], results[0][1], results[1][1]):
                differ = same_files(base, this)
                print(f"{label}: {'the same files' if not differ else f'{len(differ)} files differ: {differ[:5]}'}")


if __name__ == "__main__":
    main()
