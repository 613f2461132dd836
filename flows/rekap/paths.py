"""Where things live. One object, so tests can point a whole refresh at a temporary copy of the project."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


def _project_root() -> Path:
    env = os.environ.get("REKAP_HOME")
    if env:
        return Path(env).resolve()
    # flows/rekap/paths.py -> project root is two levels above the package
    return Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class ProjectPaths:
    root: Path

    @classmethod
    def default(cls) -> "ProjectPaths":
        return cls(_project_root())

    @property
    def raw(self) -> Path:
        return Path(os.environ.get("REKAP_RAW_DIR", self.root / "raw"))

    @property
    def warehouse_dir(self) -> Path:
        return Path(os.environ.get("REKAP_WAREHOUSE_DIR", self.root / "warehouse"))

    @property
    def published_db(self) -> Path:
        return self.warehouse_dir / "rekap.duckdb"

    @property
    def state_dir(self) -> Path:
        """Private to the refresh: the landing database (ingest state across runs)."""
        return self.warehouse_dir / "state"

    @property
    def landing_db(self) -> Path:
        return self.state_dir / "landing.duckdb"

    @property
    def last_build_db(self) -> Path:
        """Private to the refresh: the last published build with every layer (staging, intermediate, seeds, marts);
        the published file holds only the public schema."""
        return self.state_dir / "last_build.duckdb"

    @property
    def build_dir(self) -> Path:
        """Scratch space for a build: new warehouse files are built here, then renamed into place."""
        return self.warehouse_dir / ".build"

    @property
    def report_dir(self) -> Path:
        return self.warehouse_dir / "report"

    @property
    def dbt_project(self) -> Path:
        return self.root / "dbt_project"
