"""Whether a Prefect server is configured, answered without importing Prefect when the answer is plainly no.

`rekap refresh` asks on every run that has something to do (with a server, the refresh is a Prefect flow run;
without one, the same steps run as plain calls), and importing Prefect's settings costs seconds. Prefect reads its
API URL from the environment, a `.env`, `prefect.toml` or `pyproject.toml` in the working directory, and the
active profile of its profiles file. When none of these exists or mentions an API, no server is configured;
otherwise Prefect's own settings answer.
"""

from __future__ import annotations

import os
from pathlib import Path

_WORKING_DIRECTORY_SOURCES = (".env", "prefect.toml", "pyproject.toml")


def _mentions_api(path: Path) -> bool:
    try:
        return "api" in path.read_text(encoding="utf-8", errors="replace").lower()
    except OSError:  # absent or unreadable: Prefect reads nothing from it either
        return False


def _profiles_file() -> Path:
    if os.environ.get("PREFECT_PROFILES_PATH"):
        return Path(os.environ["PREFECT_PROFILES_PATH"]).expanduser()
    return Path(os.environ.get("PREFECT_HOME") or Path.home() / ".prefect").expanduser() / "profiles.toml"


def could_be_configured() -> bool:
    """Some source Prefect reads its settings from may hold an API URL."""
    if any(name.startswith("PREFECT_API_") for name in os.environ):
        return True
    sources = [Path.cwd() / name for name in _WORKING_DIRECTORY_SOURCES] + [_profiles_file()]
    return any(_mentions_api(path) for path in sources)


def prefect_server_configured() -> bool:
    """A Prefect API to report to is configured (PREFECT_API_URL, from any source Prefect reads settings from)."""
    if not could_be_configured():
        return False
    from prefect.settings import PREFECT_API_URL

    return bool(PREFECT_API_URL.value())
