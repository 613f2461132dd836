"""The one table reader on Badan Kesbangpol Provinsi Lampung, Rencana Aksi Kinerja 2023: a budget summary, a
budget history, Renstra and Renja tables, amounts in prose and one action-plan table per quarter (the layout the
removed `tabel_per_triwulan` family read; every figure below is unchanged).

Line numbers are those of raw/18-lampung-kesbangpol/2023/rencana_aksi_kinerja_2023.txt (the corpus copy).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from rekap.layouts import adapter_for
from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.spec import load_spec, resolve_spec_path
from rekap.layouts.textfile import read_lines
from rekap.tables.cells import LandedValue

ROOT = Path(__file__).resolve().parents[2]
# the document's tables in order (the reader numbers them; the names say what each one is)
T = {
    "anggaran_tahun": "tabel_1",  # budget summary: Tahun | Uraian | Pagu Dana
    "anggaran_riwayat": "tabel_2",  # budget history 2019-2023: Tahun | Uraian | Pagu Awal | Pagu Perubahan
    "tujuan_sasaran_utama": "tabel_3",  # Renstra tujuan/sasaran, targets per year
    "tujuan_sasaran_pendukung": "tabel_4",
    "renja_sasaran_utama": "tabel_5",  # Renja sasaran, pagu and share
    "renja_sasaran_pendukung": "tabel_6",
    "rencana_aksi_tw1": "tabel_7",  # one action-plan table per quarter
    "rencana_aksi_tw2": "tabel_8",
    "rencana_aksi_tw3": "tabel_9",
    "rencana_aksi_tw4": "tabel_10",
    "anggaran_dpa_prose": "tabel_prosa",  # the DPA total stated in a sentence
}
RAW = ROOT / "raw" / "18-lampung-kesbangpol" / "2023" / "rencana_aksi_kinerja_2023.txt"


@pytest.fixture(scope="module")
def spec() -> dict:
    return load_spec(resolve_spec_path("lampung_rencana_aksi"))


@pytest.fixture(scope="module")
def lines() -> list[str]:
    return read_lines(RAW.read_bytes())


@pytest.fixture(scope="module")
def values(lines: list[str], spec: dict) -> list[LandedValue]:
    return adapter_for(spec["family"])(lines, spec)


def find(values, **kw) -> list[LandedValue]:
    return [v for v in values if all(getattr(v, k) == x for k, x in kw.items())]


def one(values, **kw) -> LandedValue:
    found = find(values, **kw)
    assert len(found) == 1, (kw, found)
    return found[0]


def record(values, v: LandedValue) -> dict[str, list[LandedValue]]:
    out: dict[str, list[LandedValue]] = {}
    for w in values:
        if w.table_id == v.table_id and w.record_no == v.record_no:
            out.setdefault(w.role, []).append(w)
    return out


# ------------------------------------------------------------------------------------------ manifest / spec


def test_manifest_names_the_spec_and_family(spec: dict) -> None:
    import yaml

    manifest = yaml.safe_load((RAW.parent / "manifest.yml").read_text(encoding="utf-8"))
    assert manifest["region_code"] == "18"
    assert manifest["documents"][0]["file"] == RAW.name
    assert manifest["documents"][0]["layout"] == "lampung_rencana_aksi"
    assert spec["family"] == "tabel"
    # the one override: a "TARGET <year>" column that holds budget shares
    assert spec["columns"] == [{"header": r"^TARGET \d{4}$", "role": "budget_share_pct"}]


# ------------------------------------------------------------------------------------------- budget summary


def test_budget_summary(values) -> None:
    op = one(values, table_id=T["anggaran_tahun"], role="budget", text="24.644.927.377,15,-")
    assert (op.level, op.line, op.column, op.year_label, op.parent_record_no) == ("belanja", 11, 2, "2023", None)
    assert one(values, table_id=T["anggaran_tahun"], record_no=op.record_no, role="name").text == "Belanja Operasi"

    peg = one(values, table_id=T["anggaran_tahun"], role="budget", text="6.763.201.837,15,-")
    assert (peg.level, peg.line, peg.year_label, peg.parent_record_no) == ("belanja", 12, "2023", op.record_no)
    children = [
        v for v in find(values, table_id=T["anggaran_tahun"], role="name") if v.parent_record_no == op.record_no
    ]
    assert [c.text for c in children] == ["1.Belanja Pegawai", "2.Belanja Barang dan Jasa", "3.Belanja Hibah"]

    modal = one(values, table_id=T["anggaran_tahun"], role="budget", text="350.052.000,00,-")
    assert (modal.level, modal.line, modal.parent_record_no) == ("belanja", 15, None)

    total = one(values, table_id=T["anggaran_tahun"], role="budget", text="24.994.979.377,15,-")
    assert (total.level, total.line, total.column, total.year_label) == ("agency", 16, 2, "2023")


# ------------------------------------------------------------------------------------------- budget history


def test_budget_history(values) -> None:
    t = T["anggaran_riwayat"]
    awal_2019 = one(values, table_id=t, role="budget", text="12.346.096.500,-")
    assert (awal_2019.level, awal_2019.line, awal_2019.year_label, awal_2019.version_label) == (
        "agency",
        43,
        "2019",
        "pagu_awal",
    )
    perub_2019 = one(values, table_id=t, role="budget", text="11.441.218.700,-")
    assert (perub_2019.line, perub_2019.column, perub_2019.year_label, perub_2019.version_label) == (
        43,
        3,
        "2019",
        "pagu_perubahan",
    )
    assert perub_2019.record_no == awal_2019.record_no

    # mixed-style number kept verbatim; its year carried down from the first row of the 2022 group
    mixed = one(values, table_id=t, role="budget", text="20.481.768.777.15")
    assert (mixed.level, mixed.line, mixed.year_label, mixed.version_label) == ("agency", 53, "2022", "pagu_perubahan")

    modal_2023 = one(values, table_id=t, role="budget", text="350.052.000,-")
    assert (modal_2023.level, modal_2023.line, modal_2023.year_label, modal_2023.version_label) == (
        "belanja",
        55,
        "2023",
        "pagu_awal",
    )
    # 2023 has no pagu perubahan: empty cells land nothing
    assert find(values, table_id=t, year_label="2023", version_label="pagu_perubahan") == []
    assert len(find(values, table_id=t, year_label="2023", role="budget")) == 3
    assert Counter(v.year_label for v in find(values, table_id=t, role="budget")) == {
        "2019": 6,
        "2020": 6,
        "2021": 6,
        "2022": 6,
        "2023": 3,
    }


# ---------------------------------------------------------------------------------------- multi-year targets


def test_multi_year_targets(values) -> None:
    v = one(values, table_id=T["tujuan_sasaran_utama"], role="target_year", text="72.75")
    assert (v.level, v.line, v.column, v.year_label) == ("sasaran", 137, 6, "2023")
    rec = record(values, v)
    assert rec["indicator"][0].text == "prosentase penduduk yang menggunakan hak pilih"
    assert [w.year_label for w in rec["target_year"]] == ["2021", "2022", "2023", "2024"]
    tujuan = one(values, table_id=T["tujuan_sasaran_utama"], level="tujuan", role="name")
    assert v.parent_record_no == tujuan.record_no  # blank tujuan cell: same tujuan as the row above
    pend = find(values, table_id=T["tujuan_sasaran_pendukung"], role="target_year")
    assert [w.text for w in pend] == ["90%", "92%", "94%", "96%", "60%", "65%", "70%", "75%"]
    # separator and column-number rows are not data
    assert not find(values, text="--") and not find(values, table_id=T["tujuan_sasaran_utama"], text="8")


# ------------------------------------------------------------------------------------------- Renja sasaran


def test_renja_sasaran_budget(values) -> None:
    pagu = one(values, table_id=T["renja_sasaran_utama"], role="budget", text="3.993.686.600,00,-")
    assert (pagu.level, pagu.line, pagu.column, pagu.year_label) == ("sasaran", 157, 4, "2023")
    share = one(values, table_id=T["renja_sasaran_utama"], role="budget_share_pct", text="15,97%")
    assert (share.record_no, share.line, share.column) == (pagu.record_no, 157, 5)
    assert share.year_label == "2022"  # the header says 'TARGET 2022' (landed as written; reported)
    assert one(values, table_id=T["renja_sasaran_utama"], record_no=pagu.record_no, role="note").text == "4 Program"

    big = one(values, table_id=T["renja_sasaran_pendukung"], role="budget", text="19.358.421.177,15,-")
    assert (big.level, big.line, big.year_label) == ("sasaran", 164, "2023")
    assert (
        one(values, table_id=T["renja_sasaran_pendukung"], role="budget_share_pct", text="77,44%").year_label == "2023"
    )
    # second indicator of the same sasaran (blank sasaran cell) continues it
    cont = one(values, table_id=T["renja_sasaran_pendukung"], role="budget", text="350.052.000,00,-")
    assert (cont.line, cont.parent_record_no) == (165, big.record_no)


# ---------------------------------------------------------------------------------------------------- prose


def test_prose_amounts(values) -> None:
    total = one(values, table_id=T["anggaran_dpa_prose"], role="budget", text="24.994.979.377,15,-")
    assert (total.level, total.line, total.year_label) == ("agency", 167, "2023")
    line = RAW.read_text(encoding="utf-8").splitlines()[166]
    assert line[total.column : total.column + len(total.text)] == total.text
    assert "dengan rincian belanja Operasi" in total.context
    op = one(values, table_id=T["anggaran_dpa_prose"], role="budget", text="24.644.927.377,15,-")
    modal = one(values, table_id=T["anggaran_dpa_prose"], role="budget", text="350.052.000,-")
    for v in (op, modal):
        assert (v.level, v.line, v.parent_record_no, v.context) == ("belanja", 167, total.record_no, total.context)
        assert line[v.column : v.column + len(v.text)] == v.text
    assert one(values, table_id=T["anggaran_dpa_prose"], record_no=modal.record_no, role="name").text == "belanja Modal"


# ------------------------------------------------------------------------------------------ quarterly tables


def test_tw1_sasaran_and_program_targets(values) -> None:
    sas = find(values, table_id=T["rencana_aksi_tw1"], level="sasaran", role="target_quarter", line=175)
    assert [(v.text, v.column, v.quarter_label) for v in sas] == [("15%", 4, "1")]
    prog = one(values, table_id=T["rencana_aksi_tw1"], level="program", role="target_quarter", line=175)
    assert (prog.text, prog.column, prog.quarter_label, prog.parent_record_no) == ("10%", 8, "1", sas[0].record_no)
    assert one(values, table_id=T["rencana_aksi_tw1"], record_no=prog.record_no, role="name").text == (
        "Program Penunjang Urusan Pemerintah Daerah"
    )


def test_sub_kegiatan_targets_tw1_and_tw4(values) -> None:
    t1 = one(values, table_id=T["rencana_aksi_tw1"], role="target_quarter", line=176)
    assert (t1.level, t1.text, t1.column, t1.quarter_label) == ("sub_kegiatan", "3 Dok", 12, "1")
    keg = one(values, table_id=T["rencana_aksi_tw1"], level="kegiatan", role="name", line=175)
    assert t1.parent_record_no == keg.record_no
    t4 = one(values, table_id=T["rencana_aksi_tw4"], role="target_quarter", line=372)
    assert (t4.level, t4.text, t4.column, t4.quarter_label) == ("sub_kegiatan", "3 Dok", 12, "IV")
    name = one(values, table_id=T["rencana_aksi_tw4"], record_no=t4.record_no, role="name")
    assert name.text == "Sub Kegiatan Penyusunan Dokumen Perencanaan Perangkat Daerah"


def test_tw3_sasaran_target(values) -> None:
    v = one(values, table_id=T["rencana_aksi_tw3"], role="target_quarter", text="17.75%")
    assert (v.level, v.line, v.column, v.quarter_label, v.year_label) == ("sasaran", 362, 4, "III", "2023")


def test_aksi_with_tick(values) -> None:
    name = one(values, table_id=T["rencana_aksi_tw1"], level="aksi", role="name", line=177)
    assert name.text == "2 Rencana Aksi 2022"
    tick = one(values, table_id=T["rencana_aksi_tw1"], role="schedule_mark", line=177)
    assert (tick.text, tick.column, tick.quarter_label, tick.record_no) == ("v", 14, "I", name.record_no)
    # aksi number and text in separate cells, in the TW III table (tick 4 cells after the text: see spec)
    t3 = one(values, table_id=T["rencana_aksi_tw3"], role="schedule_mark", line=353)
    rec = record(values, t3)
    assert (rec["row_no"][0].text, rec["name"][0].text, t3.column, t3.quarter_label) == (
        "3",
        "Pembinaan Keagamaan",
        18,
        "III",
    )
    assert rec["name"][0].level == "aksi"


def test_placeholder_targets_landed_verbatim(values) -> None:
    v = one(values, table_id=T["rencana_aksi_tw1"], role="target_quarter", line=181)
    assert (v.text, v.level, v.quarter_label) == ("-", "sub_kegiatan", "1")
    assert one(values, table_id=T["rencana_aksi_tw1"], role="target_quarter", text="30 org/kl", line=199).column == 12


def test_shifted_tw4_program_row(values) -> None:
    # 'IV | 5% | Program ...' at columns 6-8: the quarter/target printed before the program's name
    name = one(values, table_id=T["rencana_aksi_tw4"], role="name", line=418)
    assert (name.level, name.column) == ("program", 8)
    assert name.text == "Program Pembinaan dan Pengembangan Ketahanan Ekonomi, Sosial dan Budaya"
    tgt = one(values, table_id=T["rencana_aksi_tw4"], role="target_quarter", line=418)
    assert (tgt.text, tgt.column, tgt.quarter_label, tgt.record_no) == ("5%", 7, "IV", name.record_no)
    sasaran = one(values, table_id=T["rencana_aksi_tw4"], level="sasaran", role="name", line=371)
    assert name.parent_record_no == sasaran.record_no
    # the sub kegiatan on the next row hangs under that program
    sub = one(values, table_id=T["rencana_aksi_tw4"], role="name", line=419, level="sub_kegiatan")
    assert (sub.level, sub.parent_record_no) == ("sub_kegiatan", name.record_no)


def test_program_in_kegiatan_column_tw1(values) -> None:
    prog = one(values, table_id=T["rencana_aksi_tw1"], role="name", line=217, level="program")
    keg = one(values, table_id=T["rencana_aksi_tw1"], role="name", line=217, level="kegiatan")
    assert prog.text.startswith("Program Penguatan Ideologi") and keg.parent_record_no == prog.record_no
    assert one(values, table_id=T["rencana_aksi_tw1"], role="target_quarter", line=217).text == "5%"


# ---------------------------------------------------------------------------------------------- counts etc.


def test_counts_per_role(values) -> None:
    assert dict(Counter(v.role for v in values)) == {
        "budget": 40,
        "budget_share_pct": 4,
        "indicator": 230,
        "name": 406,
        "note": 3,
        "row_no": 146,
        "schedule_mark": 152,
        "target_quarter": 184,
        "target_year": 16,
    }
    assert dict(Counter(v.table_id for v in values)) == {
        T["anggaran_tahun"]: 12,
        T["anggaran_riwayat"]: 42,
        T["tujuan_sasaran_utama"]: 14,
        T["tujuan_sasaran_pendukung"]: 14,
        T["renja_sasaran_utama"]: 12,
        T["renja_sasaran_pendukung"]: 9,
        T["anggaran_dpa_prose"]: 5,
        T["rencana_aksi_tw1"]: 258,
        T["rencana_aksi_tw2"]: 334,
        T["rencana_aksi_tw3"]: 183,
        T["rencana_aksi_tw4"]: 298,
    }


def test_every_value_is_verbatim(values, lines) -> None:
    for v in values:
        if v.context is None:
            assert lines[v.line - 1].split("\t")[v.column].strip() == v.text, v
        else:
            assert lines[v.line - 1][v.column : v.column + len(v.text)] == v.text, v


def test_deterministic(lines, spec, values) -> None:
    assert adapter_for(spec["family"])(list(lines), spec) == values


# --------------------------------------------------------------------------------------------- mismatches


def test_missing_quarterly_header_raises(lines, spec) -> None:
    # the TW II table's header (3 rows at lines 239-241) removed: its first data row moves to line 239
    assert lines[238].startswith("No\tSASARAN") and lines[240].startswith("1\t2\t3")
    mangled = lines[:238] + lines[241:]
    with pytest.raises(LayoutMismatch) as err:
        adapter_for(spec["family"])(mangled, spec)
    assert err.value.line == 239
    assert "kepala" in err.value.expected


def test_missing_budget_table_header_raises(lines, spec) -> None:
    # the budget history's header removed: its rows (from the column numbers on line 39) belong to no table
    mangled = [ln for ln in lines if not ln.startswith("Tahun\tUraian\tPagu Awal")]
    with pytest.raises(LayoutMismatch) as err:
        adapter_for(spec["family"])(mangled, spec)
    assert err.value.line == 39


def test_unparseable_row_raises(lines, spec) -> None:
    # a row whose cells fit no reading of the grammar (a lone target between two names)
    bad = "\t" * 9 + "Sub Kegiatan X\t3 Dok\tjumlah dokumen\tII\t-"
    mangled = lines[:248] + [bad] + lines[249:]
    with pytest.raises(LayoutMismatch) as err:
        adapter_for(spec["family"])(mangled, spec)
    assert err.value.line == 249


def test_item_name_stating_no_level_raises(lines, spec) -> None:
    # a budget table without a level column: an item is known by its name ("Total ...", "Belanja ...")
    assert lines[14] == "\tBelanja Modal\t350.052.000,00,-"
    mangled = [*lines[:14], "\tPengeluaran Lain\t350.052.000,00,-", *lines[15:]]
    with pytest.raises(LayoutMismatch) as err:
        adapter_for(spec["family"])(mangled, spec)
    assert (err.value.line, err.value.found) == (15, "Pengeluaran Lain")


def test_tables_of_another_kind_are_not_landed(values) -> None:
    # staff by education (lines 24-35) and the equipment inventory (lines 64-122): no planning table
    assert not [v for v in values if 24 <= v.line <= 35 or 64 <= v.line <= 122]


# ------------------------------------------------------------------------------------------------ onboarding


def test_onboard_without_spec_reproduces_the_figures(tmp_path, values) -> None:
    """`rekap onboard` on the document alone (no spec, no manifest): it loads with the inferred layout; every
    figure lands as with the spec except the four shares of the Renja tables, which the column titles call
    TARGET. The spec's one override (2 lines: `columns:` and its entry) makes them shares: then identical."""
    import shutil

    from rekap.extract import extract_document
    from rekap.manifest import load_manifest
    from rekap.onboard import onboard

    folder = tmp_path / "raw" / "18-lampung-kesbangpol" / "2023"
    folder.mkdir(parents=True)
    shutil.copy(RAW, folder / RAW.name)
    done = onboard(folder / RAW.name, "18", 2023, "rencana_aksi")
    assert done.layout == "tabel" and done.overrides_path is None
    assert done.manifest_path.read_text(encoding="utf-8").count("layout: tabel\n") == 1
    (entry,) = load_manifest(folder / "manifest.yml")
    assert entry.agency_name == "Badan Kesatuan Bangsa dan Politik Provinsi Lampung"
    inferred = extract_document(entry, tmp_path / "raw")
    assert inferred.ok, inferred.failure_expected

    def as_landed(vs, role_of=lambda v: v.role):
        return sorted(
            (
                v.table_id,
                v.record_no,
                v.parent_record_no,
                v.level,
                role_of(v),
                v.text,
                v.line,
                v.column,
                v.quarter_label,
                v.year_label,
                v.version_label,
                v.context,
            )
            for v in vs
        )

    shares = {(v.line, v.column) for v in values if v.role == "budget_share_pct"}
    assert len(shares) == 4
    assert {v.role for v in inferred.values if (v.line, v.column) in shares} == {"target_annual"}
    as_share = lambda v: "budget_share_pct" if (v.line, v.column) in shares else v.role  # noqa: E731
    assert as_landed(inferred.values, as_share) == as_landed(values)

    # the planner's override, beside the manifest
    override = "columns:\n  - {header: '^TARGET \\d{4}$', role: budget_share_pct}\n"
    (folder / "layout.yml").write_text("family: tabel\n" + override, encoding="utf-8")
    manifest = folder / "manifest.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("layout: tabel\n", "layout: ./layout.yml\n"))
    (entry,) = load_manifest(manifest)
    overridden = extract_document(entry, tmp_path / "raw")
    assert overridden.ok, overridden.failure_expected
    assert as_landed(overridden.values) == as_landed(values)
    assert len(override.splitlines()) == 2
