"""The planning-mart tests read the session warehouse built in tests/conftest.py."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest


@pytest.fixture(scope="session")
def marts_db(warehouse) -> Path:
    return warehouse.path


@pytest.fixture(scope="session")
def con(marts_db):
    c = duckdb.connect(str(marts_db), read_only=True)
    yield c
    c.close()
