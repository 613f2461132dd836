"""Land a raw/ folder (devload, no Prefect) and run `dbt build` into a new file: for tests that need their own build."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.conftest import REPO, run_dbt


def devload_and_build(
    raw: Path, tmp: Path, edit_landing: Callable[[Path], None] | None = None
) -> tuple[Path, subprocess.CompletedProcess]:
    tmp.mkdir(parents=True, exist_ok=True)
    landing, build = tmp / "landing.duckdb", tmp / "rekap.duckdb"
    proc = subprocess.run(
        [sys.executable, "-m", "rekap.landing.devload", str(landing), "--raw", str(raw)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    if edit_landing:
        edit_landing(landing)
    env = {
        **os.environ,
        "REKAP_BUILD_DB": str(build),
        "REKAP_LANDING_DB": str(landing),
        "DBT_LOG_PATH": str(tmp / "logs"),
        "DBT_TARGET_PATH": str(tmp / "target"),
        "DO_NOT_TRACK": "1",
    }
    return build, run_dbt(["build"], env)
