"""The extracting process reads a submission's numbers and packs its values; what it hands back (across a process
boundary, pickled) lands the same readings as reading the values in the landing step."""

from __future__ import annotations

import dataclasses
import pickle

import polars as pl

from rekap.extract import Extraction, extract_document
from rekap.extract_pool import extract_and_read
from rekap.landing import readings, store
from rekap.manifest import load_manifest
from rekap.tables.cells import PackedValues
from tests.conftest import REPO

BANGKA = REPO / "raw" / "19.01-bangka-kesbangpol" / "2024"


def test_readings_are_a_declared_field_that_crosses_the_process_boundary() -> None:
    assert "readings" in {f.name for f in dataclasses.fields(Extraction)}
    (entry,) = load_manifest(BANGKA / "manifest.yml")
    ex = pickle.loads(pickle.dumps(extract_and_read(entry, REPO / "raw")))
    assert ex.ok, ex.message
    assert isinstance(ex.values, PackedValues) and len(ex.values) == 575
    assert isinstance(ex.readings, pl.DataFrame) and ex.readings.height > 0

    plain = extract_document(entry, REPO / "raw")
    assert plain.readings is None  # read by the landing step instead
    expected = readings.readings_frame(readings.read_cells(readings.cell_rows(plain.submission_id, plain.values)))
    assert ex.readings.equals(expected)
    assert store._readings([ex]).equals(store._readings([plain]))
