"""`rekap onboard`: a demo document with no spec is onboarded by inference and lands the figures of the shipped
spec (which are those the removed kolom_triwulan family landed)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rekap.cli import app
from rekap.extract import extract_document
from rekap.layouts import adapter_for
from rekap.layouts.spec import load_spec, resolve_spec_path
from rekap.layouts.textfile import read_lines
from rekap.manifest import load_manifest
from rekap.onboard import onboard, preview
from tests.conftest import REPO

BANGKA = REPO / "raw/19.01-bangka-kesbangpol/2024/rencana_aksi_2024.txt"
LUWU = REPO / "raw/73.24-luwu-timur-kesbangpol/2022/rencana_aksi_perubahan_2022.txt"


def _strip(values) -> list[tuple]:
    return [
        (v.record_no, v.parent_record_no, v.level, v.role, v.text, v.line, v.column, v.quarter_label) for v in values
    ]


@pytest.fixture
def bangka_alone(tmp_path: Path) -> Path:
    folder = tmp_path / "raw" / "19.01-bangka-kesbangpol" / "2024"
    folder.mkdir(parents=True)
    return Path(shutil.copy(BANGKA, folder))


def test_onboard_bangka_without_spec_reproduces_its_figures(bangka_alone: Path) -> None:
    result = CliRunner().invoke(
        app, ["onboard", str(bangka_alone), "--region", "19.01", "--year", "2024", "--type", "rencana_aksi"]
    )
    assert result.exit_code == 0, result.output
    out = result.output
    assert "judul kolom baris 3-4" in out
    assert "5 TRIWULAN I" in out and "(sasaran, target triwulan, triwulan I)" in out
    assert "575 nilai akan dimuat, 0 sel tidak ditempatkan" in out
    assert not (bangka_alone.parent / "layout.yml").exists()  # nothing to override
    (entry,) = load_manifest(bangka_alone.parent / "manifest.yml")
    assert (entry.region_code, entry.fiscal_year, entry.plan_version, entry.layout) == ("19.01", 2024, "murni", "tabel")
    assert entry.agency_name == "Badan Kesatuan Bangsa dan Politik Kabupaten Bangka"
    landed = extract_document(entry, bangka_alone.parents[2])
    assert landed.ok, landed.message
    shipped = load_spec(resolve_spec_path("tabel_rencana_aksi"))
    expected = adapter_for(shipped["family"])(read_lines(BANGKA.read_bytes()), shipped)
    assert _strip(landed.values) == _strip(expected)


def test_onboard_refuses_bad_options_in_bahasa_indonesia(bangka_alone: Path) -> None:
    result = CliRunner().invoke(
        app, ["onboard", str(bangka_alone), "--region", "19-01", "--year", "2024", "--type", "rencana_aksi"]
    )
    assert result.exit_code != 0
    assert "diharapkan kode wilayah Kemendagri" in result.output
    assert not (bangka_alone.parent / "manifest.yml").exists()


def test_onboard_never_overwrites_a_manifest(bangka_alone: Path) -> None:
    (bangka_alone.parent / "manifest.yml").write_text("agency_name: x\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["onboard", str(bangka_alone), "--region", "19.01", "--year", "2024", "--type", "rencana_aksi"]
    )
    assert result.exit_code != 0
    assert "sudah ada" in result.output
    assert (bangka_alone.parent / "manifest.yml").read_text(encoding="utf-8") == "agency_name: x\n"


def test_onboard_luwu_timur_without_spec_reproduces_its_figures(tmp_path: Path) -> None:
    folder = tmp_path / "raw" / "73.24-luwu-timur-kesbangpol" / "2022"
    folder.mkdir(parents=True)
    doc = Path(shutil.copy(LUWU, folder))
    result = CliRunner().invoke(
        app,
        [
            "onboard",
            str(doc),
            "--region",
            "73.24",
            "--year",
            "2022",
            "--type",
            "rencana_aksi",
            "--version",
            "perubahan",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "475 nilai akan dimuat, 0 sel tidak ditempatkan" in result.output
    (entry,) = load_manifest(folder / "manifest.yml")
    assert (entry.plan_version, entry.layout) == ("perubahan", "tabel")
    assert entry.agency_name == "Badan Kesatuan Bangsa dan Politik Kabupaten Luwu Timur"
    landed = extract_document(entry, tmp_path / "raw")
    assert landed.ok, landed.message
    shipped = load_spec(resolve_spec_path("tabel_rencana_aksi"))
    assert _strip(landed.values) == _strip(adapter_for("tabel")(read_lines(LUWU.read_bytes()), shipped))


def test_validate_shows_the_onboard_preview() -> None:
    result = CliRunner().invoke(app, ["validate", str(BANGKA)])
    assert result.exit_code == 0, result.output
    assert "Tabel rencana_aksi: judul kolom baris 3-4, data sampai baris 82" in result.output
    assert "(sasaran, target triwulan, triwulan IV)" in result.output
    assert "575 nilai akan dimuat, 0 sel tidak ditempatkan" in result.output


def test_unknown_column_gets_an_override_the_planner_corrects(bangka_alone: Path) -> None:
    """A header word inference does not know ("RINCIAN" for the budget): onboard lands its cells as notes through
    an overrides spec beside the manifest and says so; the planner changes one word and gets the figures."""
    text = bangka_alone.read_text(encoding="utf-8").replace("\tANGGARAN\n", "\tRINCIAN\n", 1)
    bangka_alone.write_text(text, encoding="utf-8")
    done = onboard(bangka_alone, "19.01", 2024, "rencana_aksi")
    assert done.layout == "./layout.yml"
    assert any("layout.yml" in note for note in done.notes)
    override = (bangka_alone.parent / "layout.yml").read_text(encoding="utf-8")
    assert "header: ^RINCIAN$" in override and "role: note" in override
    out = preview(done.reading, "x")
    assert "12 RINCIAN" in out and "[override]" in out
    (bangka_alone.parent / "layout.yml").write_text(override.replace("role: note", "role: budget"), encoding="utf-8")
    (entry,) = load_manifest(bangka_alone.parent / "manifest.yml")
    landed = extract_document(entry, bangka_alone.parents[2])
    assert landed.ok, landed.message
    shipped = load_spec(resolve_spec_path("tabel_rencana_aksi"))
    assert _strip(landed.values) == _strip(adapter_for("tabel")(read_lines(BANGKA.read_bytes()), shipped))
