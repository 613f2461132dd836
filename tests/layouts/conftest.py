"""Shared by the layout tests: the demo documents, the shipped specs, and one way to read a document.

A test module names its document and spec (`DOC = DEMO["bangka"]`, `SPEC = "tabel_rencana_aksi"`) and gets the
module-scoped fixtures `lines`, `spec` and `values` (what the spec's reader lands on the document) from here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from rekap.layouts import adapter_for
from rekap.layouts.spec import load_spec, resolve_spec_path
from rekap.layouts.textfile import read_lines
from rekap.tables.cells import LandedValue

RAW = Path(__file__).resolve().parents[2] / "raw"
DEMO = {
    "bangka": RAW / "19.01-bangka-kesbangpol" / "2024" / "rencana_aksi_2024.txt",
    "luwu_timur": RAW / "73.24-luwu-timur-kesbangpol" / "2022" / "rencana_aksi_perubahan_2022.txt",
    "lampung": RAW / "18-lampung-kesbangpol" / "2023" / "rencana_aksi_kinerja_2023.txt",
    "lumajang": RAW / "35.08-lumajang-kesbangpol" / "2023" / "laporan_kinerja_tw1_2023.txt",
}


def demo_lines(path: Path) -> list[str]:
    return read_lines(path.read_bytes())


def shipped_spec(name: str) -> dict:
    return load_spec(resolve_spec_path(name))


def run(lines: list[str], spec: dict) -> list[LandedValue]:
    """What the spec's reader lands on these lines."""
    return adapter_for(spec["family"])(lines, spec)


@pytest.fixture(scope="module")
def lines(request: pytest.FixtureRequest) -> list[str]:
    return demo_lines(request.module.DOC)


@pytest.fixture(scope="module")
def spec(request: pytest.FixtureRequest) -> dict:
    return shipped_spec(request.module.SPEC)


@pytest.fixture(scope="module")
def values(lines: list[str], spec: dict) -> list[LandedValue]:
    return run(lines, spec)
