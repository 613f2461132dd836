"""Discovery: a layout spec kept beside its manifest is configuration, never an undeclared submission."""

from __future__ import annotations

import shutil
from pathlib import Path

from rekap.discover import discover
from rekap.layouts.spec import SPEC_DIR

REPO = Path(__file__).resolve().parents[2]
BANGKA = REPO / "raw/19.01-bangka-kesbangpol/2024"


def _copy_bangka(raw: Path, layout_line: str) -> Path:
    folder = raw / "19.01-bangka-kesbangpol" / "2024"
    folder.mkdir(parents=True)
    shutil.copy(BANGKA / "rencana_aksi_2024.txt", folder)
    manifest = (BANGKA / "manifest.yml").read_text(encoding="utf-8")
    (folder / "manifest.yml").write_text(manifest.replace("layout: tabel_rencana_aksi", layout_line), encoding="utf-8")
    return folder


def test_spec_beside_manifest_is_configuration(tmp_path: Path) -> None:
    folder = _copy_bangka(tmp_path, "layout: ./layout.yml")
    shutil.copy(SPEC_DIR / "tabel_rencana_aksi.yml", folder / "layout.yml")
    found = discover(tmp_path)
    assert [d.file.name for d in found.documents] == ["rencana_aksi_2024.txt"]
    assert found.problems == []


def test_unreferenced_yaml_beside_manifest_is_still_reported(tmp_path: Path) -> None:
    folder = _copy_bangka(tmp_path, "layout: tabel_rencana_aksi")
    shutil.copy(SPEC_DIR / "tabel_rencana_aksi.yml", folder / "layout.yml")
    found = discover(tmp_path)
    assert [p.source_path.name for p in found.problems] == ["layout.yml"]
