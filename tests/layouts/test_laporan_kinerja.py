"""Lumajang's Laporan Kinerja TW I 2023 (demo corpus copy), read by the one table reader (its tables: layout
inferred, spec `family: tabel` with no override) and the prose reader (realisations stated in sentences).

Line numbers are those of raw/35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023.txt.
"""

from __future__ import annotations

from collections import Counter
from operator import attrgetter
from pathlib import Path

import pytest

from rekap.landing.schema import VALUE_FIELDS
from rekap.layouts import adapter_for
from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.spec import load_spec, resolve_spec_path
from rekap.layouts.textfile import read_lines
from rekap.tables.cells import LandedValue

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "raw" / "35.08-lumajang-kesbangpol" / "2023" / "laporan_kinerja_tw1_2023.txt"
SEED = (
    Path(__file__).resolve().parents[3] / "shared" / "seeds" / "003_9dd80380b8774416.txt"
)  # the original extraction, beside the repo


@pytest.fixture(scope="module")
def spec() -> dict:
    return load_spec(resolve_spec_path("lumajang_laporan_kinerja"))


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return read_lines(RAW.read_bytes())


@pytest.fixture(scope="module")
def values(spec, lines) -> list[LandedValue]:
    return adapter_for(spec["family"])(lines, spec)


def one(values: list[LandedValue], **where) -> LandedValue:
    hits = [v for v in values if all(getattr(v, k) == w for k, w in where.items())]
    assert len(hits) == 1, f"{where}: {len(hits)} hits: {hits}"
    return hits[0]


def test_spec_states_no_override(spec):
    """The spec names the one reader and overrides nothing: tables, columns, levels and years are inferred."""
    assert spec == {"family": "tabel"}


# --- prose C: realisation % per program, TW I ----------------------------------------------------------------------

REALISATIONS = [
    # (record, text, line, column, words that identify the program in the context)
    (1, "12,5 %", 239, 71, "Kewaspadaan Nasional"),
    (2, "7,69 %", 243, 178, "Ideologi Pancasila"),
    (3, "11,78 persen", 247, 264, "Peran partai politik"),
    (4, "0,02 %", 255, 0, "Pemberdayaan dan Pengawasan"),  # the sentence breaks after 'sebesar' (line 251)
    (5, "0,004 %", 259, 193, "Ketahanan ekonomi"),
    (6, "25 %", 263, 174, "Penunjang Urusan"),
]


@pytest.mark.parametrize(("record", "text", "line", "column", "program"), REALISATIONS)
def test_program_realisation_pct(values, lines, record, text, line, column, program):
    v = one(values, table_id="kinerja_program", role="realisation_pct", text=text)
    assert (v.record_no, v.level, v.line, v.column, v.quarter_label) == (record, "program", line, column, "I")
    assert lines[line - 1][column : column + len(text)] == text
    assert program in v.context
    assert "riwulan" in v.context  # the verbatim 'triwulan I' phrase is kept
    name = one(values, table_id="kinerja_program", role="name", record_no=record)
    assert program in name.text and name.level == "program"


def test_c4_realisation_context_spans_the_line_break(values):
    v = one(values, table_id="kinerja_program", role="realisation_pct", text="0,02 %")
    assert "Triwulan I Tahun 2023 sebesar\n0,02 %" in v.context


def test_program_heading_typos_are_kept(values):
    names = [v.text for v in values if v.table_id == "kinerja_program" and v.role == "name"]
    assert names[2].startswith("Program Penin darigkatan Peran")
    assert names[3] == "Porgram Pemberdayaan dan Pengawasan organisasi Kemasyarakatan"
    assert names[4] == "Program Pembinaan dan Pengembangan Ketahanan ekonomi, Sosial dan Budaya"  # ';' not in the name


def test_program_targets_stated_in_prose(values):
    targets = [
        (v.record_no, v.text, v.line, v.quarter_label)
        for v in values
        if v.table_id == "kinerja_program" and v.role == "target_annual"
    ]
    # C.1 states no target; C.5 writes '100%'
    assert targets == [
        (2, "100 %", 243, None),
        (3, "100 %", 247, None),
        (4, "100 %", 251, None),
        (5, "100%", 259, None),
        (6, "100 %", 263, None),
    ]


# --- prose D: budget absorption -----------------------------------------------------------------------------------


def test_agency_totals(values):
    pct = one(values, table_id="kinerja_anggaran", role="absorption_pct", level="agency")
    real = one(values, table_id="kinerja_anggaran", role="budget_realisation", level="agency")
    pagu = one(values, table_id="kinerja_anggaran", role="budget", level="agency")
    assert (pct.text, pct.line, pct.column, pct.quarter_label) == ("7,90 %", 267, 102, "I")
    assert (real.text, real.line, real.column, real.quarter_label) == ("658.426.549,00", 267, 114, "I")
    assert (pagu.text, pagu.line, pagu.column, pagu.version_label) == ("8.338.560.929,00", 267, 168, "pagu_awal")
    assert pagu.quarter_label is None  # the year's pagu, although the sentence reports 'sampai dengan Triwulan I'

    assert "sebelum perubahan Anggaran" in pagu.context
    assert pct.record_no == real.record_no == pagu.record_no == 1


SERAPAN = [
    # (record, amount, line, words, capaian anggaran, program words)
    (2, "25.800.000,00", 270, "dua puluh lima juta delapan ratus ribu rupiah", "6,62 %", "Kewaspadaan Nasional"),
    (3, "1.700.000,00", 271, "satu juta tujuh ratus ribu rupiah", "0,18 %", "Ideologi Pancasila"),
    (4, "10.678.000,00", 272, "sepuluh juta enam ratus 8 ribu rupiah", "0,30 %", "Peran partai politik"),
    (5, "5.100.000,00", 277, "lima juta seratus ribu rupiah", "6,06 %", "Pemberdayaan dan Pengawasan"),
    (6, "1.700.000,00", 281, "satu juta tujuh ratus ribu rupiah", "0,89%", "Ketahanan ekonomi"),
    (
        7,
        "613.448,549",
        285,
        "enam ratus tiga belas juta empat ratus empat puluh delapan ribu lima ratus empat puluh Sembilan rupiah",
        "19,15 %",
        "Penunjang Urusan",
    ),
]


@pytest.mark.parametrize(("record", "amount", "line", "words", "pct", "program"), SERAPAN)
def test_program_serapan(values, lines, record, amount, line, words, pct, program):
    rec = [v for v in values if v.table_id == "kinerja_anggaran" and v.record_no == record]
    by_role = {v.role: v for v in rec}
    assert set(by_role) == {"name", "budget_realisation", "budget_realisation_words", "absorption_pct"}
    a, w, p = by_role["budget_realisation"], by_role["budget_realisation_words"], by_role["absorption_pct"]
    assert (a.text, a.line, a.level, a.quarter_label, a.parent_record_no) == (amount, line, "program", "I", 1)
    assert (w.text, w.line) == (words, line)
    assert (p.text, p.line) == (pct, line)
    for v in (a, w, p):
        assert lines[v.line - 1][v.column : v.column + len(v.text)] == v.text
        assert program in v.context
    assert program in by_role["name"].text


# --- tables ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "text", "level", "line", "column"),
    [
        ("tabel_2_1", "83 %", "tujuan", 67, 3),
        ("tabel_2_1", "N/K", "sasaran", 67, 6),
        ("tabel_2_2", "83 %", "tujuan", 79, 9),
        ("tabel_2_2", "N/K", "sasaran", 80, 9),
        ("tabel_2_2", "2 dok", "kegiatan", 82, 9),  # row shifted: name at column 5
        ("tabel_2_2", "125 orang", "sub_kegiatan", 93, 9),
        ("tabel_2_2", "150 orang", "sub_kegiatan", 94, 9),
        ("tabel_2_2", "36 Orang", "sub_kegiatan", 167, 9),
        ("tabel_2_2", "3 Jenis Dokumen (32 Eksamplar)", "sub_kegiatan", 173, 9),
        ("tabel_2_2", "%", "sub_kegiatan", 154, 8),  # row shifted: name at column 4
        ("tabel_3_1", "83 %", "tujuan", 215, 2),
    ],
)
def test_table_targets(values, table, text, level, line, column):
    v = one(values, table_id=table, role="target_annual", text=text, line=line)
    assert (v.level, v.column, v.quarter_label, v.year_label) == (level, column, None, None)


def test_tabel_3_realisations_with_year(values):
    got = sorted(
        (v.table_id, v.role, v.text, v.year_label, v.line)
        for v in values
        if v.role in {"realisation", "realisation_pct"} and v.table_id.startswith("tabel_3")
    )
    assert got == [
        ("tabel_3_1", "realisation", "N/A", "2023", 215),
        ("tabel_3_1", "realisation_pct", "N/A", "2023", 215),
        ("tabel_3_3", "realisation", "66.92 %", "2022", 231),
        ("tabel_3_3", "realisation", "N/A", "2023", 231),
        ("tabel_3_3", "realisation_pct", "N/A", "2023", 231),
    ]
    assert one(values, table_id="tabel_3_3", text="66.92 %").level == "sasaran"


def test_tabel_2_2_hierarchy(values):
    t = [v for v in values if v.table_id == "tabel_2_2"]
    first: dict[int, LandedValue] = {}  # a record's first name fragment (two records have a second one)
    for v in t:
        if v.role == "name":
            first.setdefault(v.record_no, v)
    assert len(first) == 57 and sorted(first) == list(range(1, 58))
    levels = Counter(v.level for v in first.values())
    assert levels == Counter(tujuan=1, sasaran=1, program=6, kegiatan=12, sub_kegiatan=37)
    prog = one(
        values, table_id="tabel_2_2", role="name", text="PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA"
    )
    kebijakan = one(values, table_id="tabel_2_2", role="note", record_no=prog.record_no, column=5)
    assert kebijakan.text == "Pemenuhan tata kelola bidang kesatuan bangsa dan politik."
    assert prog.parent_record_no == 2  # the sasaran
    # 'Penyusunan Dokumen Perencanaan Perangkat Daerah': its kegiatan is not printed -> parent is the program
    pdp = one(values, table_id="tabel_2_2", role="name", text="Penyusunan Dokumen Perencanaan Perangkat Daerah")
    assert (pdp.level, pdp.line, pdp.column, pdp.parent_record_no) == ("sub_kegiatan", 154, 4, prog.record_no)
    ind = one(values, table_id="tabel_2_2", role="indicator", record_no=pdp.record_no)
    assert (ind.text, ind.column) == ("Jumlah Dokumen Perencanaan Perangkat Daerah", 7)
    gaji = one(values, table_id="tabel_2_2", role="name", text="Penyediaan Gaji dan Tunjangan ASN")
    keu = one(values, table_id="tabel_2_2", role="name", text="Administrasi Keuangan Perangkat Daerah")
    assert (gaji.parent_record_no, keu.level, keu.parent_record_no) == (keu.record_no, "kegiatan", prog.record_no)
    # 'Perumusan Kebijakan Teknis di Bidang ...' is a sub kegiatan, 'Perumusan Kebijakan Teknis dan ...' a kegiatan
    sub = [v for v in t if v.role == "name" and v.text.startswith("Perumusan Kebijakan Teknis di Bidang")]
    assert [v.level for v in sub] == ["sub_kegiatan"]


def test_fragments_across_page_breaks_stay_separate(values):
    bineka = [v for v in values if v.table_id == "tabel_2_2" and v.line == 108]
    assert [(v.role, v.column) for v in bineka] == [("name", 6), ("note", 7), ("indicator", 8)]
    head = one(values, table_id="tabel_2_2", role="name", line=98)
    assert head.text.endswith("Pembauran Kebangsaan,")
    assert {v.record_no for v in bineka} == {head.record_no}
    assert all(v.level == "sub_kegiatan" and v.parent_record_no == head.parent_record_no for v in bineka)

    listrik = {v.role: v for v in values if v.table_id == "tabel_2_2" and v.line == 186}
    komponen = one(values, table_id="tabel_2_2", role="name", text="Penyediaan Komponen Instalasi")
    assert listrik["name"].text == "Listrik/Penerangan Bangunan Kantor"
    assert listrik["target_annual"].text == "(50 Eksamplar)"
    assert {v.record_no for v in listrik.values()} == {komponen.record_no}
    targets = [
        v.text
        for v in values
        if v.table_id == "tabel_2_2" and v.record_no == komponen.record_no and v.role == "target_annual"
    ]
    assert targets == ["1 Jenis Dokumen", "(50 Eksamplar)"]  # never glued


def test_empty_target_cell_lands_nothing(values):
    cetak = one(values, table_id="tabel_2_2", role="name", text="Penyediaan Barang Cetakan dan Penggandaan")
    roles = [v.role for v in values if v.table_id == "tabel_2_2" and v.record_no == cetak.record_no]
    assert roles == ["name", "note", "indicator"]


def test_page_headers_and_staff_tables_are_not_landed(values):
    assert not any("LAPORAN KINERJA ORGANISASI" in v.text for v in values)
    assert not any(v.text in {"Tujuan", "1", "10", "Target"} for v in values)
    assert not any(v.line < 61 for v in values)  # Tabel 1.1-1.5 come first in the file


# --- totals, determinism ----------------------------------------------------------------------------------------------


def test_exact_counts_per_role(values):
    assert dict(Counter(v.role for v in values)) == {
        "row_no": 2,
        "name": 75,  # 57 + 2 fragments in 2.2, 2 in 2.1, 1 + 1 in 3.1/3.3, 6 + 6 prose
        "indicator": 69,
        "note": 62,
        "target_annual": 54,
        "realisation": 3,
        "realisation_pct": 8,
        "budget": 1,
        "budget_realisation": 7,
        "budget_realisation_words": 6,
        "absorption_pct": 7,
    }
    assert len(values) == 294


def test_exact_counts_per_table_and_level(values):
    names = Counter((v.table_id, v.level) for v in values if v.role == "name")
    assert names == Counter(
        {
            ("tabel_2_1", "tujuan"): 1,
            ("tabel_2_1", "sasaran"): 1,
            ("tabel_2_2", "tujuan"): 1,
            ("tabel_2_2", "sasaran"): 1,
            ("tabel_2_2", "program"): 6,
            ("tabel_2_2", "kegiatan"): 12,
            ("tabel_2_2", "sub_kegiatan"): 39,
            ("tabel_3_1", "tujuan"): 1,
            ("tabel_3_3", "sasaran"): 1,
            ("kinerja_program", "program"): 6,
            ("kinerja_anggaran", "program"): 6,
        }
    )


def test_table_cells_are_verbatim(values, lines):
    for v in values:
        if v.table_id.startswith("tabel_"):
            assert lines[v.line - 1].split("\t")[v.column].strip() == v.text
        else:
            assert lines[v.line - 1][v.column : v.column + len(v.text)] == v.text


def test_deterministic(spec, lines, values):
    again = adapter_for(spec["family"])(list(lines), spec)
    assert again == values


@pytest.mark.skipif(not SEED.is_file(), reason="original extraction not available")
def test_full_original_extraction_lands_the_same_values(spec, values):
    """The demo copy keeps every landed line: the full document lands the same values (only line numbers move)."""
    full = adapter_for(spec["family"])(read_lines(SEED.read_bytes()), spec)

    key = attrgetter(*(name for name in VALUE_FIELDS if name != "line"))

    assert [key(v) for v in full] == [key(v) for v in values]


# --- mismatches -------------------------------------------------------------------------------------------------------


def _mangle(lines: list[str], line: int, old: str, new: str) -> list[str]:
    out = list(lines)
    assert old in out[line - 1]
    out[line - 1] = out[line - 1].replace(old, new, 1)
    return out


def test_missing_section_d_heading(spec, lines):
    mangled = _mangle(lines, 265, "D. KINERJA ANGGARAN", "")
    with pytest.raises(LayoutMismatch) as e:
        adapter_for(spec["family"])(mangled, spec)
    assert e.value.line == 287  # section C runs on to 'E. FAKTOR ...': D was expected before it
    assert "kinerja_anggaran" in e.value.expected
    assert e.value.found.startswith("E. FAKTOR PENDUKUNG")


@pytest.mark.parametrize(
    ("line", "amount"), [(272, "Rp. 10.678.000,00 "), (277, "Rp. 5.100.000,00 "), (285, "Rp. 613.448,549 ")]
)
def test_serapan_sentence_without_amount(spec, lines, line, amount):
    mangled = _mangle(lines, line, amount, "")
    with pytest.raises(LayoutMismatch) as e:
        adapter_for(spec["family"])(mangled, spec)
    assert e.value.line == line
    assert "serapan_program" in e.value.expected
    assert e.value.found.startswith("Serapan Anggaran") or "Serapan Anggaran" in e.value.found


def test_realisation_paragraph_without_figure(spec, lines):
    mangled = _mangle(lines, 255, "0,02 % ", "")
    with pytest.raises(LayoutMismatch) as e:
        adapter_for(spec["family"])(mangled, spec)
    assert e.value.line == 251  # the paragraph saying 'sampai dengan Triwulan I ... sebesar'
    assert "realisasi_program" in e.value.expected


def test_missing_agency_total(spec, lines):
    mangled = _mangle(lines, 267, "(Rp. 658.426.549,00)", "")
    with pytest.raises(LayoutMismatch) as e:
        adapter_for(spec["family"])(mangled, spec)
    assert e.value.line == 267
    assert "total_anggaran" in e.value.expected


def test_unrecognisable_table_header(spec, lines):
    """A table whose header names no column the reader knows: its rows are reported, never dropped."""
    mangled = list(lines)
    for k, line in enumerate(lines):
        if line.startswith("No\tTujuan\tIndikator Tujuan"):
            mangled[k] = "\t".join(f"Kolom {j}" for j in range(10))
    mangled[72] = "Bagan 2.2"  # no caption either: the rows belong to no table
    with pytest.raises(LayoutMismatch) as e:
        adapter_for(spec["family"])(mangled, spec)
    assert e.value.line == 77 and e.value.found.startswith("Kolom 0")


def test_row_with_undeclared_cell(spec, lines):
    mangled = _mangle(lines, 93, "\t\t\t\t\t\tPelaksanaan Koordinasi", "\t\tstray\t\t\t\tPelaksanaan Koordinasi")
    with pytest.raises(LayoutMismatch) as e:
        adapter_for(spec["family"])(mangled, spec)
    assert e.value.line == 93
