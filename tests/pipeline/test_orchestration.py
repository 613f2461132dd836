"""rekap.orchestration: whether a Prefect server is configured, answered without importing Prefect when no source
Prefect reads its settings from mentions an API, and by Prefect's own settings otherwise."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

ASK = (
    "import json, sys\n"
    "from rekap.orchestration import prefect_server_configured\n"
    "configured = prefect_server_configured()\n"
    "print(json.dumps([configured, 'prefect' in sys.modules]))\n"
)


def ask(cwd: Path, **env: str) -> tuple[bool, bool]:
    """(configured, Prefect imported) in a fresh interpreter: the environment and working directory are its own."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    clean.update(PYTHONPATH=str(REPO / "flows"), PREFECT_HOME=str(cwd / ".prefect"), **env)
    out = subprocess.run([sys.executable, "-c", ASK], cwd=cwd, env=clean, capture_output=True, text=True, check=True)
    configured, imported = json.loads(out.stdout.strip().splitlines()[-1])
    return configured, imported


def test_no_server_is_said_without_importing_prefect(tmp_path: Path) -> None:
    assert ask(tmp_path) == (False, False)
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')  # a project file with nothing for Prefect
    assert ask(tmp_path) == (False, False)


@pytest.mark.parametrize(
    "where",
    ["environment", "profile", "prefect.toml"],
)
def test_a_configured_server_is_found_wherever_prefect_reads_it(tmp_path: Path, where: str) -> None:
    url = "http://127.0.0.1:4999/api"
    env = {}
    if where == "environment":
        env["PREFECT_API_URL"] = url
    elif where == "profile":
        (tmp_path / ".prefect").mkdir()
        (tmp_path / ".prefect" / "profiles.toml").write_text(
            f'active = "office"\n\n[profiles.office]\nPREFECT_API_URL = "{url}"\n'
        )
    else:
        (tmp_path / "prefect.toml").write_text(f'[api]\nurl = "{url}"\n')
    configured, _ = ask(tmp_path, **env)
    assert configured is True
