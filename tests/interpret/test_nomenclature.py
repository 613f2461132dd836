"""Pure tests for rekap.interpret.nomenclature on the real name variants of the four provided documents."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rekap.interpret.nomenclature import (
    candidates_from_rows,
    decide,
    normalise,
    region_government_level,
)
from rekap.warehouse.reference import nomenclature
from tests.conftest import examples

# the candidates the warehouse's matcher gets: dbt's int_nomenclature over the seeds, as int_nomenclature_matched reads it
CANDS = candidates_from_rows(nomenclature())


def code(name, level, region="19.01", parent=None):
    return decide(name, level, CANDS, parent, region_government_level(region)).code


def test_normalise_prefixes_and_markers():
    assert normalise("Sub Kegiatan Penyediaan Gaji dan Tunjangan ASN") == "penyediaan gaji dan tunjangan asn"
    assert normalise("a. Penyediaan gaji dan tunjangan ASN") == "penyediaan gaji dan tunjangan asn"
    assert normalise("6.1 Kegiatan Administrasi Keuangan") == "administrasi keuangan"
    assert normalise("C.4. Porgram Pemberdayaan") == "pemberdayaan"
    assert normalise("Administrasi Barang 3. Milik Daerah") == "administrasi barang milik daerah"
    assert normalise("Bulanan/ Triwulanan/ Semesteran") == "bulanan/triwulanan/semesteran"


@pytest.mark.parametrize(
    "wrong,right",
    [
        ("Penyalagunaan", "penyalahgunaan"),
        ("Bineka", "bhinneka"),
        ("Bhineka", "bhinneka"),
        ("Pembaurnan", "pembauran"),
        ("Kordinasi", "koordinasi"),
        ("Dibiidang", "di bidang"),
    ],
)
def test_misspellings(wrong, right):
    assert normalise(f"Pelaksanaan {wrong} Kebangsaan") == f"pelaksanaan {right} kebangsaan"


# the five ways the documents write 8.01.03.2.01.03
POLITIK_VARIANTS = [
    "Pelaksanaan Kebijakan Di Bidang Pendidikan Politik, Etika Budaya Politik, Peningkatan Demokrasi, Fasilitasi Kelembagaan Pemerintahan, Perwakilan dan Partai Politik, Pemilihan Umum/Pemilihan Umum Kepala Daerah, Serta Pemanta",
    "Sub Kegiatan Pelaksanaan Kebijakan di Bidang Pendidikan Politik Etika Budaya Politik Peningkatan Demokrasi Fasilitasi Kelembagaan Pemerintahan Perwakilan dan Partai Politik Pemilihan Umum/Pemilihan Umum Kepala Daerah serta Pemant",
    "Pelaksanaan kebijakan di bidang pendidikan politik, etika budaya politik, peningkatan demokrasi, fasilitasi kelembagaan b. pemerintahan, perwakilan dan partai politik, pemilihan umum/pemilihan umum kepala daerah, serta pemantauan situasi politik di daerah",
    "Terlaksananya Kebijakan di Bidang Pendidikan Politik, Etika Budaya Politik, Peningkatan Demokrasi, Fasilitasi Kelembagaan Pemerintahan, Perwakilan dan Partai Politik, Pemilihan Umum/ Pemilihan Umum Kepala Daerah, serta Pemantauan Situasi Politik di Daerah".replace(
        "Terlaksananya", "Pelaksanaan"
    ),
    "PELAKSANAAN KEBIJAKAN DI BIDANG PENDIDIKAN POLITIK, ETIKA BUDAYA POLITIK, PENINGKATAN DEMOKRASI, FASILITASI KELEMBAGAAN PEMERINTAHAN, PERWAKILAN DAN PARTAI POLITIK, PEMILIHAN UMUM/PEMILIHAN UMUM KEPALA DAERAH, SERTA PEMANTAUAN SITUASI POLITIK DI DAERAH",
]


@pytest.mark.parametrize("name", POLITIK_VARIANTS)
def test_politik_variants_get_one_code(name):
    assert code(name, "sub_kegiatan") == "8.01.03.2.01.03"


@pytest.mark.parametrize(
    "name,level,region,expected",
    [
        ("Program Penunjang Urusan Pemerintahan Daerah", "program", "19.01", "X.XX.01"),
        ("Program Penunjang Urusan Pemerintah Daerah", "program", "18", "X.XX.01"),
        (
            "C.3. Program Penin darigkatan Peran partai politik dan Lembaga Pendidikan melalui Pendidikan Politik dan Pengembangan Etika serta Budaya Politik",
            "program",
            "35.08",
            "8.01.03",
        ),
        (
            "Pelaksanaan Kebijakan di Bidang Ideologi Wawasan Kebangsaan, Bela Negara, Karakter Bangsa, Pembaurnan Kebangsaan, Bhineka Tunggal Ika dan Sejarah kebangsaan",
            "sub_kegiatan",
            "19.01",
            "8.01.02.2.01.03",
        ),
        ("Pelaksanaan Forum Koordinasi Pimpinan Daerah Provinsi", "sub_kegiatan", "18", "8.01.06.1.01.06"),
        ("Pelaksanaan Forum Koordinasi Pimpinan Daerah Kabupaten/Kota", "sub_kegiatan", "19.01", "8.01.06.2.01.06"),
        ("Sub Kegiatan Penyusunan Dokumen Perencanaan Perangkat Daerah", "sub_kegiatan", "18", "X.XX.01.1.01.01"),
        ("Kegiatan Penyedia Jasa Penunjang Urusan Pemerintah Daerah", "kegiatan", "18", "X.XX.01.1.08"),
        (
            "a. Pelaksanaan koordinasi dibidang ketahanan ekonomi, sosial, Budaya, fasilitasi pencegahan penyalahgunaan narkoba, fasilitasi kerukunan umat beragama dan penghayat kepercayaan",
            "sub_kegiatan",
            "73.24",
            "8.01.05.2.01.04",
        ),
        ("Administrasi Barang 3. Milik Daerah pada Perangkat Daerah", "kegiatan", "73.24", "X.XX.01.2.03"),
        ("Penyediaan jasa b. komunikasi, sumber daya air dan listrik", "sub_kegiatan", "73.24", "X.XX.01.2.08.02"),
    ],
)
def test_real_names(name, level, region, expected):
    assert code(name, level, region) == expected


def test_parent_disambiguates_truncated_kegiatan():
    name = "Perumusan kebijakan teknis dan pemantapan pelaksanaan bidang"
    assert code(name, "kegiatan", "73.24") is None  # four siblings tie: no guess
    assert code(name, "kegiatan", "73.24", parent="8.01.04") == "8.01.04.2.01"


def test_unrelated_text_unmatched():
    assert code("Persentase Potensi Konflik Sosial yang terjadi", "program") is None
    assert code("Kasubag. Perencanaan dan Keuangan", "sub_kegiatan") is None


def test_variant_by_region_level():
    assert code("Penyediaan Gaji dan Tunjangan ASN", "sub_kegiatan", "18") == "X.XX.01.1.02.01"
    assert code("Penyediaan Gaji dan Tunjangan ASN", "sub_kegiatan", "19.01") == "X.XX.01.2.02.01"


PREFIXES = st.sampled_from(["", "Sub Kegiatan ", "a. ", "1. ", "6.1 ", "b) ", "SUB KEGIATAN ", "2. Sub Kegiatan "])
NAMES = st.sampled_from([c.name for c in CANDS if c.level == "sub_kegiatan" and c.government_level == "kabkota"])


@settings(max_examples=examples(150), deadline=None)
@given(NAMES, PREFIXES, st.sampled_from([str.upper, str.lower, str.title, lambda s: s]))
def test_prefix_and_case_never_change_the_match(name, prefix, case):
    assert code(prefix + case(name), "sub_kegiatan") == code(name, "sub_kegiatan")


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=80))
def test_normalise_idempotent(text):
    once = normalise(text)
    assert normalise(once) == once
