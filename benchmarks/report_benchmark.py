"""Report benchmark (not a test): prints the seconds of the planners' report over a published warehouse, written
from nothing, rebuilt with nothing changed, and rebuilt after one agency's rows changed.

    .venv/bin/python benchmarks/report_benchmark.py WORKSPACE      # a workspace holding warehouse/rekap.duckdb

For the national figures, WORKSPACE is a project refreshed once over the national corpus (see
benchmarks/refresh_benchmark.py and benchmarks/synthetic_corpus.py --national). The warehouse is copied: one
agency's rows are changed in the copy the way a refresh that re-read its document changes them (a finding's
wording, its program pagu, a realisasi), in every mart the report reads them from. Wall clock and CPU seconds (user
+ sys, this process and its children: the workbooks are written on every core) are printed beside the load average,
because on a shared machine the wall clock says as much about the neighbours as about the report.
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

import duckdb

CHANGES = (
    "update marts.mart_data_quality set message = message || ' (diperbaiki)' where {agency}",
    "update marts.mart_budget_by_agency set pagu_idr = pagu_idr + 1 where {agency}",
    "update marts.mart_budget_by_program set pagu_idr = pagu_idr + 1 where {agency}",
    "update marts.mart_quarter_rating set realisasi_idr = realisasi_idr + 1 where {agency}",
)


def cpu_seconds() -> float:
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


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


def timed(label: str, db: Path, out: Path) -> float:
    from rekap.report import build_report

    load = os.getloadavg()[0]
    t, c = time.perf_counter(), cpu_seconds()
    build_report(db, out)
    wall, cpu = time.perf_counter() - t, cpu_seconds() - c
    files = sum(1 for _ in out.iterdir())
    print(
        f"| {label} | {wall:.1f} | {cpu:.1f} | {load:.1f} / {os.getloadavg()[0]:.1f} | {files} |",
        flush=True,
    )
    return wall


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("workspace", type=Path, help="a workspace holding warehouse/rekap.duckdb")
    args = ap.parse_args()
    published = args.workspace / "warehouse" / "rekap.duckdb"
    if not published.is_file():
        sys.exit(f"no published warehouse at {published}")
    with tempfile.TemporaryDirectory() as tmp:
        db, out = Path(tmp) / "rekap.duckdb", Path(tmp) / "report"
        shutil.copy(published, db)
        print(f"report over {published} ({published.stat().st_size / 1e6:.1f} MB), {os.cpu_count()} cores")
        print("| build | wall s | CPU s | load average (1 min) before / after | files |")
        print("|---|---|---|---|---|")
        full = timed("full (from nothing)", db, out)
        same = timed("nothing changed", db, out)
        changed = change_one_agency(db)
        one = timed(f"one agency changed ({changed})", db, out)
        print(f"\nnothing changed: {same / full:.1%} of the full report; one agency changed: {one / full:.1%}")


if __name__ == "__main__":
    main()
