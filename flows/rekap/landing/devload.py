"""Build a landing database from raw/ without Prefect or dbt: for developing adapters and dbt models.

python -m rekap.landing.devload /tmp/dev_landing.duckdb [--raw raw/]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rekap.extract import extract_document
from rekap.ingest import land, plan_ingest
from rekap.landing import store
from rekap.paths import ProjectPaths


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("landing_db", type=Path)
    ap.add_argument("--raw", type=Path, default=ProjectPaths.default().raw)
    args = ap.parse_args()
    con = store.connect(args.landing_db)
    plan = plan_ingest(args.raw, con, full=True)
    extractions = [extract_document(e, args.raw) for e in plan.to_parse]
    outcome = land(con, plan, extractions, args.raw)
    for ex in extractions:
        print(
            ("ok   " if ex.ok else "FAIL ")
            + ex.submission_id
            + (f"  {len(ex.values)} values" if ex.ok else f"  {ex.message}")
        )
    for p in plan.problems:
        print(f"FAIL {p.source_path}: line {p.line}: expected {p.expected}")
    print(outcome)
    con.close()


if __name__ == "__main__":
    main()
