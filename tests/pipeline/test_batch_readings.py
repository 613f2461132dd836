"""Landing reads a whole batch's numbers at once (rekap.landing.batch_readings): the readings must be those the
per-value reading (rekap.landing.readings.read_cells, which re-reads landed values) gives, cell for cell."""

from __future__ import annotations

from rekap.discover import discover
from rekap.extract import extract_document
from rekap.landing import readings, store
from rekap.landing.batch_readings import batch_readings
from rekap.tables.cells import LandedValue
from tests.conftest import REPO


def _per_value(extractions) -> list[tuple]:
    return [r for ex in extractions for r in readings.read_cells(readings.cell_rows(ex.submission_id, ex.values))]


def test_a_batch_of_every_demo_submission_reads_as_value_by_value() -> None:
    raw = REPO / "raw"
    extractions = [extract_document(e, raw) for e in discover(raw).documents]
    loaded = [ex for ex in extractions if ex.ok]
    assert len(loaded) >= 4
    got = batch_readings(store._cells_frame(loaded))
    expected = readings.readings_frame(_per_value(loaded))
    assert got.height == sum(len(ex.values) for ex in loaded)
    assert got.equals(expected)
    assert got.filter(got["value_kind"] == "number").height > 0


class _Values:
    """A minimal extraction: what _cells_frame and read_cells need."""

    def __init__(self, sid: str, values: list[LandedValue]) -> None:
        self.submission_id, self.source_file, self.content_sha256, self.values = sid, sid, "sha", values
        self.ok = True


def test_units_hints_and_words_are_keyed_by_submission_table_and_record() -> None:
    def v(table, rec, role, text, line, col, parent=None, level="program"):
        return LandedValue(table, rec, level, role, text, line, col, parent_record_no=parent)

    a = _Values(
        "a/doc.txt",
        [
            v("t", 1, "name", "Program A", 3, 1),
            v("t", 1, "unit", "%", 3, 4),
            v("t", 1, "unit", "Per", 2, None),  # an earlier line comes first, whatever its column
            v("t", 1, "target_annual", "80,5", 3, 5),
            v("t", 2, "target_quarter", "25", 4, 5, parent=1, level="kegiatan"),  # the parent's unit
            v("t", 3, "target_quarter", "25", 5, 5, parent=9),  # no unit anywhere
            v("u", 1, "target_annual", "25", 5, 5),  # same record number, another table: no unit
            v("t", 4, "budget", "Rp 1.250.000,00", 6, 6),
            v("t", 4, "budget_realisation_words", "satu juta rupiah", 7, 1),
            v("t", 4, "budget_realisation_words", "bukan angka", 8, 1),
            v("t", 4, "absorption_pct", "", 9, 2),
        ],
    )
    b = _Values("b/doc.txt", [v("t", 1, "target_annual", "25", 1, 5), v("t", 1, "unit", "Dokumen", 1, 4)])
    got = batch_readings(store._cells_frame([a, b]))
    assert got.equals(readings.readings_frame(_per_value([a, b])))
    units = dict(zip(zip(got["submission_id"], got["value_no"]), got["record_unit"], strict=True))
    assert units[("a/doc.txt", 2)] == "Per %" and units[("a/doc.txt", 5)] == "Per %"
    assert units[("a/doc.txt", 6)] is None and units[("a/doc.txt", 7)] is None
    assert units[("b/doc.txt", 1)] == "Dokumen"
    kinds = got["value_kind"].to_list()
    assert kinds[0] == "label" and kinds[8] == "words" and kinds[9] == "text"
