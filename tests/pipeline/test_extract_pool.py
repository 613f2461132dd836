"""The extracting process packs a submission's values; what it hands back (across a process boundary, pickled)
lands the same cells and readings as the values read in the landing step's own process."""

from __future__ import annotations

import pickle

from rekap.extract import extract_document
from rekap.extract_pool import extract_and_pack
from rekap.landing import readings, store
from rekap.landing.batch_readings import batch_readings
from rekap.manifest import load_manifest
from rekap.tables.cells import PackedValues
from tests.conftest import REPO

BANGKA = REPO / "raw" / "19.01-bangka-kesbangpol" / "2024"


def test_packed_values_cross_the_process_boundary_and_land_the_same_cells_and_readings() -> None:
    (entry,) = load_manifest(BANGKA / "manifest.yml")
    ex = pickle.loads(pickle.dumps(extract_and_pack(entry, REPO / "raw")))
    assert ex.ok, ex.message
    assert isinstance(ex.values, PackedValues) and len(ex.values) == 575

    plain = extract_document(entry, REPO / "raw")
    assert isinstance(plain.values, list)
    packed_cells, plain_cells = store._cells_frame([ex]), store._cells_frame([plain])
    assert packed_cells.equals(plain_cells)
    expected = readings.readings_frame(readings.read_cells(readings.cell_rows(plain.submission_id, plain.values)))
    assert batch_readings(packed_cells).equals(expected)
