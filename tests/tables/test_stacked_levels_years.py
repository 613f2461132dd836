"""The one reader's helpers for reports: levels of a mixed name column, year columns, captions."""

from __future__ import annotations

import pytest

from rekap.tables.captions import caption_above, in_captioned_block, table_name
from rekap.tables.grid import grid_from_lines
from rekap.tables.layout import Column
from rekap.tables.levels import continues_name, name_level
from rekap.tables.vocabulary import vocabulary
from rekap.tables.years import document_year, year_columns

MIXED = ("program", "kegiatan", "sub_kegiatan")


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA", "program"),
        ("Program Pembinaan dan Pengembangan Ketahanan Ekonomi", "program"),
        ("Administrasi Keuangan Perangkat Daerah", "kegiatan"),
        (
            "Perumusan Kebijakan Teknis dan Pemantapan Pelaksanaan Bidang Ideologi Pancasila dan Karakter Kebangsaan",
            "kegiatan",
        ),
        ("Perumusan Kebijakan Teknis di Bidang Ideologi Wawasan Kebangsaan, Bela Negara", "sub_kegiatan"),
        ("Penyediaan Gaji dan Tunjangan ASN", "sub_kegiatan"),
        ("Sub Kegiatan Penyediaan Gaji dan Tunjangan ASN", "sub_kegiatan"),
        ("Pembangunan Jalan Desa Sukamaju", None),  # unknown to the nomenclature: the reader's fallback decides
    ],
)
def test_name_level(name: str, level: str | None) -> None:
    assert name_level(vocabulary(), name, MIXED) == level


def test_a_name_cut_by_a_page_break() -> None:
    head = "Penyediaan Komponen Instalasi"
    assert continues_name(head, "Listrik/Penerangan Bangunan Kantor")
    assert not continues_name(head, "Penyediaan Bahan Logistik Kantor")  # a name of its own


def test_document_year_is_the_one_stated_most_often() -> None:
    lines = ["RENSTRA TAHUN 2018 - 2023", "LAPORAN KINERJA TAHUN 2024", "x TAHUN 2024", "Tahun 2023\tTahun 2024"]
    assert document_year(lines) == "2024"
    assert document_year(["no year here"]) is None
    assert document_year(["Tahun 2023", "Tahun 2024"]) == "2024"  # a tie: the latest


def test_document_year_reads_alike_whether_or_not_lower_casing_keeps_the_text_length() -> None:
    # "İ" lower-cases to two characters: the year is then searched in the text as written
    lines = ["tAhUn 2022 ke-2", "KotaTAHUN 2025", "TAHUN\t2021", "tahun 2021;", "Tahun 20215", "TAHUN 2023 — ²"]
    assert document_year(lines) == "2021"
    assert document_year(["İstanbul", *lines]) == "2021"
    assert document_year(["İ TAHUN 2022", "ß Tahun 2022", "TAHUN 2021"]) == "2022"


def _cols(*titles: tuple[str, str | None, str | None]) -> dict[int, Column]:
    return {j: Column(j, t, lv, role) for j, (t, lv, role) in enumerate(titles)}


def test_year_columns_hold_realisations_where_the_table_measures() -> None:
    cols = _cols(
        ("Sasaran", "sasaran", "name"),
        ("Tahun 2024", None, None),
        ("TH. 2025", None, None),
        ("Capaian", None, "realisation_pct"),
    )
    got = year_columns(cols, "2025")
    assert [(c.role, c.level, c.year_label) for c in got.values()][1:] == [
        ("realisation", "sasaran", "2024"),
        ("realisation", "sasaran", "2025"),
        ("realisation_pct", None, "2025"),
    ]


def test_year_columns_hold_targets_elsewhere() -> None:
    cols = _cols(("Program", "program", "name"), ("2026", None, None), ("2027", None, None))
    got = year_columns(cols, None)
    assert [(c.role, c.year_label) for c in got.values()][1:] == [("target_annual", "2026"), ("target_annual", "2027")]


def test_captions() -> None:
    rows = grid_from_lines(
        ["Tabel. 2.2", "**RENCANA STRATEGIS**", "", "No\tTujuan\tTarget", "Tabel 1.1", "Jumlah", "", "No.\tSD\t-"]
    )
    assert caption_above(rows, 3) == "2.2" and table_name("2.2") == "tabel_2_2" and table_name("III.4") == "tabel_iii_4"
    assert in_captioned_block(rows, 7)
    assert caption_above(grid_from_lines(["Judul", "No\tTujuan\tTarget"]), 1) is None
