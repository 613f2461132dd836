"""Manifests: a wrong one is reported with its file, line and what was expected."""

from __future__ import annotations

from pathlib import Path

import pytest

from rekap.manifest import ManifestError, load_manifest

GOOD = """agency_name: Badan Kesatuan Bangsa dan Politik Kabupaten Bangka
region_code: "19.01"
fiscal_year: 2024
documents:
  - file: ra.txt
    document_type: rencana_aksi
    plan_version: murni
    layout: bangka_rencana_aksi
    received_date: 2024-01-31
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "manifest.yml"
    p.write_text(text, encoding="utf-8")
    return p


def test_good_manifest_loads(tmp_path: Path) -> None:
    (entry,) = load_manifest(write(tmp_path, GOOD))
    assert entry.region_code == "19.01"
    assert entry.fiscal_year == 2024
    assert entry.file == tmp_path / "ra.txt"
    assert str(entry.received_date) == "2024-01-31"
    assert entry.manifest_line == 5


@pytest.mark.parametrize(
    "broken, line, expected",
    [
        (GOOD.replace('"19.01"', '"Bangka"'), 2, "kode wilayah Kemendagri"),
        (GOOD.replace("2024\n", "24\n", 1), 3, "tahun anggaran"),
        (GOOD.replace("plan_version: murni", "plan_version: revisi"), 7, "plan_version 'murni' atau 'perubahan'"),
        (GOOD.replace("document_type: rencana_aksi", "document_type: memo"), 6, "document_type salah satu dari"),
        (GOOD.replace("    layout: bangka_rencana_aksi\n", ""), 5, "kunci 'layout' (nama spesifikasi tata letak)"),
        (GOOD.replace("2024-01-31", "31/01/2024"), 9, "received_date dalam bentuk YYYY-MM-DD"),
        (GOOD.replace("agency_name: Badan", "agency_name: [Badan"), 2, "YAML yang sah"),
        (GOOD.replace("  - file: ra.txt", "  - file: ../ra.txt"), 5, "nama berkas biasa"),
    ],
)
def test_broken_manifest_names_line_and_expectation(tmp_path: Path, broken: str, line: int, expected: str) -> None:
    path = write(tmp_path, broken)
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    assert info.value.line == line
    assert expected in info.value.expected
    assert str(path) in str(info.value)


def test_manifest_error_in_english_on_request(tmp_path: Path) -> None:
    from rekap.i18n import set_language

    path = write(tmp_path, GOOD.replace("plan_version: murni", "plan_version: revisi"))
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    assert str(info.value) == f"{path}, baris 7: diharapkan plan_version 'murni' atau 'perubahan', tertulis 'revisi'"
    set_language("en")
    try:
        with pytest.raises(ManifestError) as info:
            load_manifest(path)
    finally:
        set_language(None)
    assert str(info.value) == f"{path}, line 7: expected plan_version 'murni' or 'perubahan', got 'revisi'"
