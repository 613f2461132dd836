"""The one table reader, its layout inferred: what it infers on the demo documents, and that a document read
with no spec at all lands what the shipped spec lands (only the table's name differs).

The reader replaced the `kolom_triwulan` and `baris_triwulan` families after landing, value by value, exactly
what they landed on Bangka (575 values) and Luwu Timur (475 values); test_tabel_bangka.py and
test_tabel_luwu_timur.py keep their exact figures."""

from __future__ import annotations

import pytest

from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.spec import load_spec, resolve_spec_path
from rekap.manifest import load_manifest
from rekap.tables.reader import extract, read_document
from tests.layouts.conftest import DEMO, demo_lines, run, shipped_spec

BANGKA = DEMO["bangka"].parent


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return demo_lines(DEMO["bangka"])


@pytest.fixture(scope="module")
def kolom_values(lines):
    """What the shipped spec lands on Bangka (the values the kolom_triwulan family landed)."""
    return run(lines, shipped_spec("tabel_rencana_aksi"))


def test_bangka_goes_through_the_one_reader():
    (entry,) = load_manifest(BANGKA / "manifest.yml")
    assert load_spec(resolve_spec_path(entry.layout))["family"] == "tabel"


def test_bangka_lands_575_values(kolom_values):
    assert len(kolom_values) == 575
    assert {v.table_id for v in kolom_values} == {"rencana_aksi"}


def test_bangka_with_no_spec_at_all_differs_only_in_the_table_name(lines, kolom_values):
    got = extract(lines, {"family": "tabel"})
    assert {v.table_id for v in got} == {"tabel"}
    strip = lambda vs: [
        (v.record_no, v.parent_record_no, v.level, v.role, v.text, v.line, v.column, v.quarter_label) for v in vs
    ]
    assert strip(got) == strip(kolom_values)


def test_inferred_columns_of_bangka(lines):
    (table,) = read_document(lines).tables
    mapping = {j: (c.level, c.role, c.quarter_label) for j, c in table.columns.items()}
    assert mapping == {
        0: ("sasaran", "row_no", None),
        1: ("sasaran", "name", None),
        2: ("sasaran", "indicator", None),
        3: ("sasaran", "unit", None),
        4: ("sasaran", "target_annual", None),
        5: ("sasaran", "target_quarter", "I"),
        6: ("sasaran", "target_quarter", "II"),
        7: ("sasaran", "target_quarter", "III"),
        8: ("sasaran", "target_quarter", "IV"),
        9: ("program", "name", None),
        10: ("kegiatan", "name", None),
        11: ("sub_kegiatan", "name", None),
        12: (None, "budget", None),  # the budget belongs to whichever item the row names
    }
    assert table.header_lines == (3, 4)
    assert table.unplaced == []


def test_garbage_figure_is_reported_at_its_cell(lines):
    mangled = list(lines)
    cs = mangled[17].split("\t")
    cs[6] = "enam koma dua"
    mangled[17] = "\t".join(cs)
    with pytest.raises(LayoutMismatch) as exc:
        extract(mangled, {"family": "tabel"})
    assert exc.value.line == 18
    assert exc.value.found == "enam koma dua"
    assert "kolom 6" in exc.value.expected


def test_no_table_at_all():
    with pytest.raises(LayoutMismatch) as exc:
        extract(["RENCANA AKSI", "", "just prose"], {"family": "tabel"})
    assert exc.value.line is None


LUWU = DEMO["luwu_timur"].parent


@pytest.fixture(scope="module")
def luwu_lines() -> list[str]:
    return demo_lines(DEMO["luwu_timur"])


@pytest.fixture(scope="module")
def baris_values(luwu_lines):
    """What the shipped spec lands on Luwu Timur (the values the baris_triwulan family landed)."""
    return run(luwu_lines, shipped_spec("tabel_rencana_aksi"))


def test_luwu_timur_goes_through_the_one_reader():
    (entry,) = load_manifest(LUWU / "manifest.yml")
    assert load_spec(resolve_spec_path(entry.layout))["family"] == "tabel"


def test_luwu_timur_with_no_spec_at_all_differs_only_in_the_table_name(luwu_lines, baris_values):
    got = extract(luwu_lines, {"family": "tabel"})
    assert len(got) == len(baris_values) == 475
    strip = lambda vs: [
        (v.record_no, v.parent_record_no, v.level, v.role, v.text, v.line, v.column, v.quarter_label) for v in vs
    ]
    assert strip(got) == strip(baris_values)


def test_luwu_timur_inferred_groups(luwu_lines):
    (table,) = read_document(luwu_lines).tables
    mapping = {j: (c.level, c.role) for j, c in table.columns.items() if c.role}
    assert mapping == {
        0: ("sasaran", "row_no"),
        1: ("sasaran", "name"),
        2: ("sasaran", "indicator"),
        3: ("sasaran", "target_annual"),
        4: ("program", "name"),
        5: ("program", "indicator"),
        6: ("program", "target_annual"),
        7: ("item", "name"),
        8: ("item", "indicator"),
        9: ("item", "target_annual"),
        11: (None, "officer"),
        12: (None, "note"),
    }
    assert table.header_lines == (5, 5)
    assert table.problem is None
