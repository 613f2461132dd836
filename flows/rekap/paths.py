"""Where things live. One object, so tests can point a whole refresh at a temporary copy of a workspace.

Two places, kept apart so a province installs rekap once and keeps its data in its own folder:
- the **workspace** (data): `raw/` (what agencies send), `warehouse/` (what rekap builds), `rekap.toml` (settings);
- the **code**: the Python package and the dbt project that ships with it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SETTINGS_FILE = "rekap.toml"
_PACKAGE = Path(__file__).resolve().parent


class WorkspaceError(RuntimeError):
    """No workspace could be found; the message says where rekap looked (a catalogue key and its arguments)."""

    def __init__(self, cwd: Path) -> None:
        super().__init__(f"no rekap workspace: {cwd} holds no raw/ folder and neither --home nor REKAP_HOME is set")
        self.cwd = cwd


def find_home(home: Path | str | None = None, cwd: Path | None = None) -> Path:
    """The workspace: `--home`, else REKAP_HOME, else the current directory when it holds `raw/`."""
    if home:
        return Path(home).expanduser().resolve()
    env = os.environ.get("REKAP_HOME")
    if env:
        return Path(env).expanduser().resolve()
    cwd = (cwd or Path.cwd()).resolve()
    if (cwd / "raw").is_dir():
        return cwd
    raise WorkspaceError(cwd)


def dbt_project_dir() -> Path:
    """The dbt project belongs to the code, not to the data: REKAP_DBT_PROJECT when set (development, tests),
    else the copy shipped inside the installed package (a wheel), else the source checkout's `dbt_project/`."""
    env = os.environ.get("REKAP_DBT_PROJECT")
    if env:
        return Path(env).expanduser().resolve()
    shipped = _PACKAGE / "dbt_project"
    if (shipped / "dbt_project.yml").is_file():
        return shipped
    return _PACKAGE.parents[1] / "dbt_project"


@dataclass(frozen=True)
class ProjectPaths:
    root: Path

    @classmethod
    def default(cls, home: Path | str | None = None) -> ProjectPaths:
        return cls(find_home(home))

    @property
    def raw(self) -> Path:
        return Path(os.environ.get("REKAP_RAW_DIR", self.root / "raw"))

    @property
    def warehouse_dir(self) -> Path:
        return Path(os.environ.get("REKAP_WAREHOUSE_DIR", self.root / "warehouse"))

    @property
    def settings_file(self) -> Path:
        return self.root / SETTINGS_FILE

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
        return dbt_project_dir()
