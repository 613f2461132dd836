"""The one table reader on Kabupaten Bangka's Rencana Aksi 2024 (raw/19.01-bangka-kesbangpol/2024): one wide
table, TW I-IV as columns (the layout the removed `kolom_triwulan` family read; every figure below is unchanged).

Line numbers are those of the raw corpus file (= the original extraction's line numbers minus 2).
"""

from __future__ import annotations

import copy
from collections import Counter
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rekap.layouts import adapter_version
from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.spec import load_spec
from rekap.layouts.spec_model import SpecError
from rekap.layouts.textfile import cells
from rekap.tables import reader
from tests.layouts.conftest import DEMO, demo_lines, run, shipped_spec

DOC = DEMO["bangka"]
SPEC = "tabel_rencana_aksi"
HEADER_LINE = 3  # "NO<TAB>SASARAN KINERJA<TAB>..."
SIGNATURE_BLOCK = [
    "",
    "Sungailiat, Januari 2024",
    "Kepala Badan Kesatuan",
    "Bangsa dan Politik",
    "",
    "PENANGGUNG JAWAB",
    "KEPALA BANKESBANGPOL",
    "KABID IDEOLOGI DAN WASBANG",
    "SEKRETARIS",
]


def keys(values):
    return {(v.role, v.level, v.text, v.line, v.quarter_label) for v in values}


# (role, level, text, line, quarter_label) exactly as in the document.
EXPECTED_FIGURES = [
    # program level
    ("budget", "program", "1,030,000.00", 5, None),
    ("budget", "program", "27,144,383,200.00", 8, None),
    ("budget", "program", "2,720,900,248.00", 10, None),
    ("name", "program", "Program Penunjang Urusan Pemerintahan Daerah", 10, None),
    # kegiatan level (incl. the budget shifted to column 13 on a row that names nothing)
    ("budget", "kegiatan", "1,030,000.00", 11, None),
    ("budget", "kegiatan", "11,530,000.00", 19, None),
    ("budget", "kegiatan", "406,714,853.00", 23, None),
    ("name", "kegiatan", "Kegiatan Administrasi Umum Perangkat Daerah", 22, None),
    # sub kegiatan level
    ("budget", "sub_kegiatan", "1,030,000,000.00", 26, None),
    ("budget", "sub_kegiatan", "26,944,383,200.00", 27, None),
    ("budget", "sub_kegiatan", "11,530,800.00", 35, None),
    ("name", "sub_kegiatan", "Sub Kegiatan Pengadaan Mebel", 49, None),
    # sasaran level: targets in every style, every quarter
    ("target_annual", "sasaran", "B (67,34)", 10, None),
    ("target_quarter", "sasaran", "B (67,34)", 10, "IV"),
    ("target_annual", "sasaran", "30 (1 Forum)", 59, None),
    ("target_quarter", "sasaran", "30 (1 Forum)", 59, "III"),
    ("target_annual", "sasaran", "207,440.00", 56, None),
    ("target_quarter", "sasaran", "207,440.00", 56, "III"),
    ("target_annual", "sasaran", "33,33", 30, None),
    ("target_quarter", "sasaran", "33.33", 30, "III"),
    ("target_annual", "sasaran", "43.48%", 42, None),
    ("target_annual", "sasaran", "100%", 40, None),
    ("target_quarter", "sasaran", "6.25", 18, "I"),
    ("target_quarter", "sasaran", "16.20", 21, "II"),
    ("target_quarter", "sasaran", "3.00", 22, "IV"),
    ("target_quarter", "sasaran", "100", 65, "III"),
    ("target_quarter", "sasaran", "23", 71, "II"),
    ("target_annual", "sasaran", "64.78", 21, None),
    ("row_no", "sasaran", "6.1", 18, None),
    ("unit", "sasaran", "Kategori/Nilai", 10, None),
    ("indicator", "sasaran", "Nilai Kinerja Pelaporan Badan Kesbangpol", 19, None),
    ("name", "sasaran", "Meningkatnya Kualitas ASN Perangkat Daerah", 21, None),
    ("note", "sasaran", "4 Ev . Renca Aksi, Lakin, GAB, GBS, Laporan Tahunan, Ev. Renja", 64, None),
]


@pytest.mark.parametrize("figure", EXPECTED_FIGURES, ids=lambda f: f"{f[0]}-{f[1]}-{f[3]}-{f[2][:20]}")
def test_exact_figures(values, figure):
    assert figure in keys(values)


def test_figures_sit_in_their_columns(values):
    by_key = {(v.role, v.text, v.line): v for v in values}
    assert by_key[("budget", "11,530,000.00", 19)].column == 13  # shifted one column right by the extraction
    assert by_key[("budget", "1,030,000,000.00", 26)].column == 13
    assert by_key[("budget", "200,000,000.00", 29)].column == 12
    assert by_key[("target_quarter", "B (67,34)", 10)].column == 8
    assert by_key[("note", "4 Ev . Renca Aksi, Lakin, GAB, GBS, Laporan Tahunan, Ev. Renja", 64)].column == 9


def test_counts_per_role_and_level(values):
    assert len(values) == 575  # = every non-empty cell of the table
    assert Counter(v.role for v in values) == {
        "target_quarter": 224,
        "name": 97,
        "indicator": 57,
        "unit": 57,
        "target_annual": 57,
        "budget": 44,
        "row_no": 37,
        "note": 2,
    }
    assert Counter((v.role, v.level) for v in values) == {
        ("target_quarter", "sasaran"): 224,
        ("indicator", "sasaran"): 57,
        ("unit", "sasaran"): 57,
        ("target_annual", "sasaran"): 57,
        ("name", "sasaran"): 54,
        ("row_no", "sasaran"): 37,
        ("name", "sub_kegiatan"): 25,
        ("budget", "sub_kegiatan"): 25,
        ("budget", "kegiatan"): 13,
        ("name", "kegiatan"): 12,
        ("name", "program"): 6,
        ("budget", "program"): 6,
        ("note", "sasaran"): 2,
    }
    assert Counter(v.quarter_label for v in values if v.role == "target_quarter") == {
        "I": 56,
        "II": 56,
        "III": 56,
        "IV": 56,
    }


def test_every_non_empty_table_cell_is_landed_verbatim(lines, values):
    landed = {(v.line, v.column) for v in values}
    for v in values:
        assert cells(lines[v.line - 1])[v.column] == v.text
        assert v.text == v.text.strip() and v.text
        assert v.table_id == "rencana_aksi"
    table = {
        (n, j)
        for n, line in enumerate(lines[HEADER_LINE + 1 :], start=HEADER_LINE + 2)
        for j, c in enumerate(cells(line))
        if c
    }
    assert landed == table
    assert len(landed) == len(values)


def test_records_and_parents(values):
    recs: dict[int, list] = {}
    for v in values:
        recs.setdefault(v.record_no, []).append(v)
    assert sorted(recs) == list(range(1, len(recs) + 1))
    first_lines = [min(v.line for v in recs[n]) for n in sorted(recs)]
    assert first_lines == sorted(first_lines)  # document order

    def rec_at(line: int, role: str, level: str):
        (v,) = [v for v in values if v.line == line and v.role == role and v.level == level]
        return v

    # further programs of the same sasaran (rows with only name + budget)
    sasaran1 = rec_at(5, "name", "sasaran")
    assert sasaran1.parent_record_no is None
    for line in (5, 6, 7):
        assert rec_at(line, "name", "program").parent_record_no == sasaran1.record_no
    # indicator row with empty NO/sasaran continues the previous sasaran
    sasaran2 = rec_at(12, "name", "sasaran")
    assert rec_at(13, "indicator", "sasaran").parent_record_no == sasaran2.record_no
    assert rec_at(12, "indicator", "sasaran").parent_record_no == sasaran2.record_no
    # a budget on a row naming nothing: own record at the block's level, under the continued sasaran
    shifted = rec_at(19, "budget", "kegiatan")
    assert shifted.parent_record_no == rec_at(18, "name", "sasaran").record_no
    assert [v for v in recs[shifted.record_no]] == [shifted]
    # a name + its budget form one record
    name = rec_at(26, "name", "sub_kegiatan")
    assert rec_at(26, "budget", "sub_kegiatan").record_no == name.record_no
    # the quarters and the annual target of one indicator share its record
    ind = rec_at(10, "indicator", "sasaran")
    same = [v.role for v in recs[ind.record_no]]
    assert same == ["indicator", "unit", "target_annual"] + ["target_quarter"] * 4


def test_deterministic(lines, spec):
    assert run(lines, spec) == run(list(lines), copy.deepcopy(spec))
    assert adapter_version("tabel") == f"{reader.REVISION}+{reader.reference_digest(reader.REFERENCE_FILES)}"


def test_version_follows_the_reference_data(tmp_path):
    """An edit to the vocabulary (data, not code) changes the reader's version, so landed submissions are re-read."""
    vocab = tmp_path / "vocabulary.yml"
    vocab.write_text("roles: []\n")
    before = reader.reference_digest([vocab])
    vocab.write_text("roles: [{role: unit, words: [SATUAN, SAT]}]\n")
    assert reader.reference_digest([vocab]) != before
    assert reader.VOCABULARY_FILE in reader.REFERENCE_FILES
    assert all(f.is_file() for f in reader.REFERENCE_FILES)


def test_nothing_after_the_signature_line_is_landed(lines, spec, values):
    with_signature = run(lines + SIGNATURE_BLOCK, spec)
    assert with_signature == values
    assert not any("SEKRETARIS" in v.text or "Sungailiat" in v.text for v in with_signature)


def test_header_deleted_raises_at_that_line(lines, spec):
    mangled = lines[: HEADER_LINE - 1] + lines[HEADER_LINE:]
    with pytest.raises(LayoutMismatch) as exc:
        run(mangled, spec)
    assert exc.value.line == HEADER_LINE
    assert "kepala tabel" in exc.value.expected


def test_broken_override_is_refused_when_the_spec_loads(tmp_path):
    bad = tmp_path / "layout.yml"
    bad.write_text("family: tabel\ncolumns:\n  - {header: '(unclosed', role: nama}\n", encoding="utf-8")
    with pytest.raises(SpecError) as exc:
        load_spec(bad)
    assert "columns[0].header: diharapkan regex Python yang sah" in str(exc.value)
    assert "columns[0].role: diharapkan peran sel" in str(exc.value)


def test_no_header_at_all(spec):
    with pytest.raises(LayoutMismatch) as exc:
        run(["RENCANA AKSI", "", "just prose"], spec)
    assert exc.value.line is None


def test_swapped_header_cells_raise_at_the_first_misplaced_name(lines, spec):
    """PROGRAM and KEGIATAN titles swapped: the program names now sit under KEGIATAN, which they contradict."""
    mangled = list(lines)
    mangled[HEADER_LINE - 1] = mangled[HEADER_LINE - 1].replace("\tPROGRAM\tKEGIATAN\t", "\tKEGIATAN\tPROGRAM\t")
    with pytest.raises(LayoutMismatch) as exc:
        run(mangled, spec)
    assert exc.value.line == HEADER_LINE + 2
    assert exc.value.found.startswith("Program Penguatan Ideologi")
    assert "menandai program" in exc.value.expected


def test_missing_quarter_labels_raise_at_the_first_unplaced_quarter(lines, spec):
    mangled = list(lines)
    mangled[HEADER_LINE] = "\t" * 12
    with pytest.raises(LayoutMismatch) as exc:
        run(mangled, spec)
    assert exc.value.line == HEADER_LINE + 2
    assert "kolom 6" in exc.value.expected


@pytest.mark.parametrize(
    ("line", "column", "garbage"),
    [(18, 6, "enam koma dua"), (56, 7, "??"), (10, 8, "B (enam)"), (5, 12, "satu juta"), (18, 0, "x")],
)
def test_garbage_cell_raises_at_its_line(lines, spec, line, column, garbage):
    mangled = list(lines)
    cs = mangled[line - 1].split("\t")
    cs[column] = garbage
    mangled[line - 1] = "\t".join(cs)
    with pytest.raises(LayoutMismatch) as exc:
        run(mangled, spec)
    assert exc.value.line == line
    assert exc.value.found == garbage


def test_shift_beyond_tolerance_raises(lines, spec):
    mangled = list(lines)
    mangled[18] = mangled[18] + "\t\t\t99"  # raw line 19 grows to 17 cells
    with pytest.raises(LayoutMismatch) as exc:
        run(mangled, spec)
    assert exc.value.line == 19


def test_text_in_trailing_cell_next_to_a_filled_column_raises(lines, spec):
    mangled = list(lines)
    mangled[16] = mangled[16] + "extra"  # raw line 17 already has its budget in column 12
    with pytest.raises(LayoutMismatch) as exc:
        run(mangled, spec)
    assert exc.value.line == 17


def test_name_drifted_into_the_neighbouring_level_column_goes_back(lines, spec, values):
    mangled = list(lines)
    cs = mangled[21].split("\t")  # raw line 22: kegiatan block, name pushed left into PROGRAM
    cs[9], cs[10] = cs[10], ""
    mangled[21] = "\t".join(cs)
    got = run(mangled, spec)
    (name,) = [v for v in got if v.line == 22 and v.role == "name" and v.level != "sasaran"]
    assert (name.level, name.column) == ("kegiatan", 9)
    assert [(v.record_no, v.role, v.level, v.text) for v in got] == [
        (v.record_no, v.role, v.level, v.text) for v in values
    ]


def test_page_number_inside_the_table_is_skipped(lines, spec, values):
    mangled = lines[:30] + ["Halaman 2"] + lines[30:]
    assert [(v.text, v.role) for v in run(mangled, spec)] == [(v.text, v.role) for v in values]


def test_untabbed_line_inside_the_table_raises(lines, spec):
    mangled = lines[:30] + ["Catatan: lihat lampiran"] + lines[30:]
    with pytest.raises(LayoutMismatch) as exc:
        run(mangled, spec)
    assert exc.value.line == 32  # the first row the table no longer holds
    assert "berhenti di baris 30" in exc.value.expected


def test_repeated_page_header_is_skipped(lines, spec, values):
    at = 40  # insert the two header rows before raw line 41
    repeated = lines[:at] + lines[HEADER_LINE - 1 : HEADER_LINE + 1] + lines[at:]
    shifted = run(repeated, spec)
    assert [(v.text, v.role, v.line - (2 if v.line > at else 0)) for v in shifted] == [
        (v.text, v.role, v.line) for v in values
    ]


GROUP_SASARAN = [2, 3, 4, "Q"]  # indicator, unit, target, the quarter block (kept in order)
GROUP_NAMED = [9, 10, 11, 12]  # program, kegiatan, sub kegiatan, anggaran


def _permute(lines: list[str], order: list[int]) -> list[str]:
    """Reorder the columns of every tabbed line; a cell the extraction pushed one column right of the last
    column stays one right of that column's new place."""
    out = []
    for line in lines:
        if "\t" not in line:
            out.append(line)
            continue
        cs = line.split("\t")
        cs += [""] * (13 - len(cs))
        new = [cs[k] for k in order]
        if len(cs) > 13 and any(cs[13:]):
            new.insert(order.index(12) + 1, cs[13])
        out.append("\t".join(new))
    return out


@cache
def _original() -> tuple[list[str], dict, list]:
    spec, lines = shipped_spec(SPEC), demo_lines(DOC)
    return lines, spec, run(lines, spec)


@settings(max_examples=15, deadline=None)
@given(a=st.permutations(GROUP_SASARAN), b=st.permutations(GROUP_NAMED))
def test_another_column_order_needs_no_spec_edit(a, b):
    """The reader infers the columns: reorder them inside their groups, keep the spec, get the same values."""
    lines, spec, values = _original()
    order = [0, 1] + [k for g in a for k in ([5, 6, 7, 8] if g == "Q" else [g])] + list(b)
    got = run(_permute(lines, order), spec)
    strip = lambda vs: sorted(  # noqa: E731
        (v.record_no, v.parent_record_no, v.level, v.role, v.text, v.line, v.quarter_label) for v in vs
    )
    assert strip(got) == strip(values)
    moved = {(v.line, v.role, v.level, v.quarter_label): v.column for v in got}
    assert len(moved) == len(got)
    drifted = {n for n, line in enumerate(lines, start=1) if any(line.split("\t")[13:])}  # cells pushed right
    for v in values:
        if v.line not in drifted:
            assert moved[(v.line, v.role, v.level, v.quarter_label)] == order.index(v.column)
