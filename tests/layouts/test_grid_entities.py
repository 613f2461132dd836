"""Grid-table entities as declared in a layout spec: an entity needs a name cell or a fixed level to give its
records a level; a spec with neither is refused at the first row with a LayoutMismatch, never a crash."""

from __future__ import annotations

import copy

import pytest

from rekap.layouts.budget_tables import read_grid_table
from rekap.layouts.errors import LayoutMismatch
from tests.layouts.conftest import DEMO, shipped_spec

DOC = DEMO["lampung"]


@pytest.fixture
def budget_table() -> dict:
    spec = shipped_spec("lampung_rencana_aksi")
    (table,) = [t for t in spec["tables"] if t["id"] == "anggaran_tahun"]
    return copy.deepcopy(table)


def test_entity_without_name_cell_or_level_is_a_layout_mismatch(lines: list[str], budget_table: dict) -> None:
    entity = budget_table["entities"][0]
    entity["cells"] = [c for c in entity["cells"] if c["role"] != "name"]  # level rules left with nothing to match
    with pytest.raises(LayoutMismatch) as raised:
        read_grid_table(lines, budget_table)
    assert raised.value.line == 11  # the first data row (Belanja Operasi)
    assert "tingkat tetap (level:)" in raised.value.expected
    assert raised.value.found == "24.644.927.377,15,-"


def test_entity_without_name_cell_but_with_fixed_level_lands(lines: list[str], budget_table: dict) -> None:
    entity = budget_table["entities"][0]
    entity["cells"] = [c for c in entity["cells"] if c["role"] != "name"]
    del entity["levels"]
    entity["level"] = "belanja"
    values = read_grid_table(lines, budget_table)
    first = values[0]
    assert (first.role, first.text, first.line, first.column, first.level) == (
        "budget",
        "24.644.927.377,15,-",
        11,
        2,
        "belanja",
    )
