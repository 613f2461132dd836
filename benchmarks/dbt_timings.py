"""Per-model timings of a workspace's last `dbt build` (not a test): where an incremental build spends its time.

    .venv/bin/python benchmarks/refresh_benchmark.py --national      # or any refresh of a workspace, then:
    .venv/bin/python benchmarks/dbt_timings.py WORKSPACE [--top 25]

Reads WORKSPACE/warehouse/.build/target/run_results.json (dbt's own timing) and prints dbt's elapsed time, the
count and summed time of tests, the summed time of models, which models and tests read only the recomputed
submissions (their compiled SQL names main.rekap_changed_submissions), and the slowest models.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("workspace", type=Path)
    ap.add_argument("--top", type=int, default=25)
    args = ap.parse_args()
    run_results = args.workspace / "warehouse" / ".build" / "target" / "run_results.json"
    data = json.loads(run_results.read_text(encoding="utf-8"))
    results = data["results"]
    tests = [r for r in results if r["unique_id"].startswith(("test.", "unit_test."))]
    models = [r for r in results if r["unique_id"].startswith("model.")]
    scoped = [r for r in results if "rekap_changed_submissions" in (r.get("compiled_code") or "")]
    print(f"dbt elapsed {data['elapsed_time']:.1f} s")
    print(f"tests: {len(tests)}, {sum(r['execution_time'] for r in tests):.1f} s summed")
    print(f"models: {len(models)}, {sum(r['execution_time'] for r in models):.1f} s summed")
    print(
        f"reading only recomputed submissions: {sum(r['unique_id'].startswith('model.') for r in scoped)} models, "
        f"{sum(r['unique_id'].startswith('test.') for r in scoped)} tests"
    )
    for r in sorted(models, key=lambda r: (-r["execution_time"], r["unique_id"]))[: args.top]:
        print(f"  {r['execution_time']:7.2f} s  {r['unique_id'].removeprefix('model.rekap.')}")


if __name__ == "__main__":
    main()
