"""The one table reader on Luwu Timur's Rencana Aksi Perubahan 2022: levels side by side, quarters in own rows
and inline (the layout the removed `baris_triwulan` family read; every figure below is unchanged).

Line numbers are those of raw/73.24-luwu-timur-kesbangpol/2022/rencana_aksi_perubahan_2022.txt.
"""

from __future__ import annotations

from collections import Counter

import pytest

from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.textfile import cells
from rekap.tables.cells import LandedValue
from tests.layouts.conftest import DEMO, run

DOC = DEMO["luwu_timur"]
SPEC = "tabel_rencana_aksi"


def find(values, *, role, level, text, line, quarter_label=None) -> LandedValue:
    hits = [
        v
        for v in values
        if (v.role, v.level, v.text, v.line, v.quarter_label) == (role, level, text, line, quarter_label)
    ]
    assert len(hits) == 1, f"expected one {role}/{level} {text!r} on line {line} ({quarter_label}), got {hits}"
    return hits[0]


# (role, level, text, line, quarter_label)
EXACT = [
    # sasaran
    ("row_no", "sasaran", "1", 6, None),
    ("target_annual", "sasaran", "80.5", 6, None),
    ("target_annual", "sasaran", "79.18", 36, None),
    ("indicator", "sasaran", "Nilai SAKIP", 50, None),
    ("target_annual", "sasaran", "67", 50, None),
    # program: own-row notation splits the program target by quarter; a single cell is the annual target
    ("target_quarter", "program", "0%", 6, "TW. 1"),
    ("target_quarter", "program", "95%", 9, "TW. 4"),
    ("target_annual", "program", "95%", 14, None),
    ("target_quarter", "program", "95%", 41, "TW 4"),
    ("target_annual", "program", "100%", 50, None),
    # kegiatan, own-row quarters
    ("target_annual", "kegiatan", "95%", 6, None),
    ("target_quarter", "kegiatan", "0%", 6, "TW. 1"),
    ("target_quarter", "kegiatan", "95%", 17, "TW. 4"),  # label and value shifted to columns 16/17
    ("target_quarter", "kegiatan", "95%", 41, "TW 4"),  # inline in the TARGET column after the page break
    # sub kegiatan, own-row quarters ("TW. n")
    ("target_annual", "sub_kegiatan", "3 Lap", 10, None),
    ("target_quarter", "sub_kegiatan", "0 Laporan", 10, "TW. 1"),
    ("target_quarter", "sub_kegiatan", "1 Laporan", 11, "TW. 2"),  # label in column 8, value in column 10
    # inline quarters ("TW n : ...")
    ("target_annual", "sub_kegiatan", "20 Orang", 42, None),
    ("target_quarter", "sub_kegiatan", "0 Orang", 42, "TW 1"),
    ("target_quarter", "sub_kegiatan", "20 Orang", 42, "TW 2"),
    # kegiatan 110 Unit cut by a page break: TW 1-2 before, TW 3-4 after the repeated header
    ("target_annual", "kegiatan", "110 Unit", 45, None),
    ("target_quarter", "kegiatan", "25 unit", 45, "TW 2"),
    ("target_quarter", "kegiatan", "35 Unit", 48, "TW 4"),
    ("target_annual", "kegiatan", "14 dok", 50, None),
    ("target_annual", "sub_kegiatan", "12", 58, None),
    ("target_quarter", "sub_kegiatan", "19 Orang", 58, "TW 1"),
    ("target_quarter", "sub_kegiatan", "0 Orang", 67, "TW 3"),  # "TW 3:" without space
    ("target_annual", "sub_kegiatan", "60 Exp", 73, None),
    ("target_quarter", "sub_kegiatan", "15 Eksampler", 73, "TW 4"),
    ("target_annual", "sub_kegiatan", "470 Kali", 78, None),
    ("target_quarter", "sub_kegiatan", "220 Kali", 78, "TW 4"),
    # "TW 4 :" and its value in separate cells, on the row after a page header
    ("target_quarter", "sub_kegiatan", "50 Surat", 87, "TW 4"),
    ("target_quarter", "sub_kegiatan", "6 Rekening", 88, "TW 1"),
    # last data row: the annual target and the inline quarters in one cell
    ("target_annual", "sub_kegiatan", "1 Unit", 114, None),
    ("target_quarter", "sub_kegiatan", "1 Unit", 114, "TW 1"),
    ("target_quarter", "sub_kegiatan", "0 Unit", 114, "TW 4"),
    # officers and displaced markers
    ("officer", "kegiatan", "Kepala Bidang Politik Dalam Negeri dan Organisasi Masyarakat", 36, None),
    ("officer", "sub_kegiatan", "Kasubag. Umum dan Kepegawaian", 114, None),
    ("row_no", "sub_kegiatan", "a.", 28, None),
    ("row_no", "kegiatan", "3.", 60, None),
    ("row_no", "kegiatan", "4.", 62, None),
]


@pytest.mark.parametrize("role,level,text,line,quarter_label", EXACT)
def test_exact_figures(values, role, level, text, line, quarter_label):
    find(values, role=role, level=level, text=text, line=line, quarter_label=quarter_label)


def test_columns_of_split_cells(values):
    assert (
        find(values, role="target_quarter", level="sub_kegiatan", text="50 Surat", line=87, quarter_label="TW 4").column
        == 11
    )
    tw2 = find(values, role="target_quarter", level="sub_kegiatan", text="20 Orang", line=42, quarter_label="TW 2")
    assert tw2.column == 10 and tw2.context is None
    last = [v for v in values if v.line == 114 and v.role.startswith("target")]
    assert {v.column for v in last} == {9}


def test_counts_per_role_and_level(values):
    assert Counter(v.role for v in values) == {
        "target_quarter": 195,
        "name": 64,
        "indicator": 62,
        "target_annual": 58,
        "officer": 51,
        "row_no": 45,
    }
    assert Counter(v.level for v in values) == {"sub_kegiatan": 299, "kegiatan": 128, "program": 36, "sasaran": 12}
    records = {(v.level, v.record_no) for v in values}
    assert Counter(level for level, _ in records) == {"sasaran": 3, "program": 6, "kegiatan": 13, "sub_kegiatan": 33}


def test_every_item_has_four_quarters_once(values):
    per_record: dict[int, list[str]] = {}
    for v in values:
        if v.role == "target_quarter" and v.level in ("kegiatan", "sub_kegiatan"):
            per_record.setdefault(v.record_no, []).append(v.quarter_label.replace(".", "").replace(" ", ""))
    assert len(per_record) == 46
    assert all(sorted(q) == ["TW1", "TW2", "TW3", "TW4"] for q in per_record.values())


def test_texts_are_verbatim_cells_or_substrings(values, lines):
    for v in values:
        cell = cells(lines[v.line - 1])[v.column]
        assert v.text in cell, (v, cell)


def test_hierarchy_links(values):
    by_record = {}
    for v in values:
        by_record.setdefault(v.record_no, (v.level, v.parent_record_no))
    for no, (level, parent) in by_record.items():
        expected_parent = {"sasaran": None, "program": "sasaran", "kegiatan": "program", "sub_kegiatan": "kegiatan"}
        if level == "sasaran":
            assert parent is None
        else:
            assert by_record[parent][0] == expected_parent[level], (no, level, parent)
    # the last sub kegiatan (d., line 114) hangs under kegiatan 8. (line 96), under the support program (line 50)
    last = find(values, role="row_no", level="sub_kegiatan", text="d.", line=114)
    keg = find(values, role="row_no", level="kegiatan", text="8.", line=96)
    prog = find(
        values, role="name", level="program", text="Penunjang Urusan Pemerintahan Daerah Kabupaten / Kota", line=50
    )
    sas = find(values, role="target_annual", level="sasaran", text="67", line=50)
    assert last.parent_record_no == keg.record_no
    assert keg.parent_record_no == prog.record_no
    assert prog.parent_record_no == sas.record_no


def test_page_break_fragments_join_their_record(values):
    # "3. kualitas dan fasilitasi ..." continues the program "3. Peningkatan kewaspadaan nasional dan peningkatan"
    first = find(
        values, role="name", level="program", text="3. Peningkatan kewaspadaan nasional dan peningkatan", line=22
    )
    cont = find(
        values, role="name", level="program", text="3. kualitas dan fasilitasi penanganan konflik sosial", line=26
    )
    assert cont.record_no == first.record_no and cont.column == 4
    name = find(values, role="name", level="sub_kegiatan", text="f. Fasilitasi kunjungan", line=74)
    assert find(values, role="name", level="sub_kegiatan", text="f. tamu", line=77).record_no == name.record_no
    assert (
        find(values, role="indicator", level="sub_kegiatan", text="difasilitasi", line=77).record_no == name.record_no
    )
    # "Administrasi keuangan" gets its level from the marker on its continuation ("2. perangkat daerah")
    adm = find(values, role="name", level="kegiatan", text="Administrasi keuangan", line=54)
    assert find(values, role="row_no", level="kegiatan", text="2.", line=57).record_no == adm.record_no
    # a complete item before the page break: the row after the header starts a new record
    c = find(values, role="row_no", level="sub_kegiatan", text="c.", line=108)
    d = find(values, role="row_no", level="sub_kegiatan", text="d.", line=114)
    assert d.record_no != c.record_no and d.parent_record_no == c.parent_record_no


def test_deterministic(lines, spec, values):
    assert run(list(lines), spec) == values
    assert run(list(lines), spec) == run(list(lines), spec)


def test_first_header_missing_raises(lines, spec):
    header_line = next(i for i, line in enumerate(lines) if line.startswith("NO\tSASARAN RENSTRA"))
    assert header_line == 4  # line 5
    mangled = lines[:header_line] + lines[header_line + 1 :]
    with pytest.raises(LayoutMismatch) as err:
        run(mangled, spec)
    assert err.value.line == 5  # the first data row now sits where the header was
    assert "kepala tabel" in err.value.expected


@pytest.mark.parametrize(
    "line_no,old,new",
    [
        (42, "TW 4 : 0 Orang", "TW 5 : 0 Orang"),  # inline notation
        (7, "TW. 2", "TW. 5"),  # own-row notation
    ],
)
def test_unknown_quarter_raises(lines, spec, line_no, old, new):
    mangled = list(lines)
    assert old in mangled[line_no - 1]
    mangled[line_no - 1] = mangled[line_no - 1].replace(old, new)
    with pytest.raises(LayoutMismatch) as err:
        run(mangled, spec)
    assert err.value.line == line_no
    assert err.value.found == new.split(" :")[0]  # the verbatim label, colon stripped


def test_missing_end_line_is_the_end_of_the_file(lines, spec, values):
    """The signature line ends the table when there is one; without it the end of the file does."""
    assert lines[-1].startswith("Mallii, 19 Oktober")
    assert run(lines[:-1], spec) == values


def test_repeated_quarter_raises(lines, spec):
    mangled = list(lines)
    mangled[7] = mangled[7].replace("TW. 3", "TW. 2")  # line 8: a second TW. 2 for the same kegiatan
    with pytest.raises(LayoutMismatch) as err:
        run(mangled, spec)
    assert err.value.line == 8
