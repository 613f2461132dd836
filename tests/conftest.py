"""Shared fixtures: a throw-away copy of the project (so tests can edit raw/ and publish freely) and one
Prefect test server per session (starting one costs ~15 s, so every flow test shares it)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


def make_project(dest: Path) -> Path:
    """A project root with its own raw/ and warehouse/, sharing the repo's dbt project (read-only use)."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "raw", dest / "raw")
    (dest / "warehouse").mkdir()
    (dest / "dbt_project").symlink_to(REPO / "dbt_project")
    return dest


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "project")


@pytest.fixture(scope="session")
def prefect_server():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield
