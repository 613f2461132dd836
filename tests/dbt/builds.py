"""Land a raw/ folder (no Prefect) and run `dbt build` into a new file: for tests that need their own build."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.conftest import build_env, land_raw, run_dbt


def land_and_build(
    raw: Path, tmp: Path, edit_landing: Callable[[Path], None] | None = None
) -> tuple[Path, subprocess.CompletedProcess]:
    tmp.mkdir(parents=True, exist_ok=True)
    landing, build = tmp / "landing.duckdb", tmp / "rekap.duckdb"
    land_raw(raw, landing)
    if edit_landing:
        edit_landing(landing)
    return build, run_dbt(["build"], build_env(build, landing, tmp))
