"""`rekap validate` on hostile files: one clear sentence naming the file, never a traceback; notes are shown."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from typer.testing import CliRunner

from rekap.cli import app
from tests.conftest import REPO

runner = CliRunner(env={"COLUMNS": "400"})  # a long temporary path is not wrapped mid-name


def test_validate_never_prints_a_traceback_for_a_damaged_workbook(tmp_path: Path) -> None:
    """A workbook whose [Content_Types].xml is cut in half: one sentence naming the file, exit code 1."""
    from rekap.template import write_template
    from tests.hostile.conftest import rezip, write_xlsx_manifest
    from tests.template import helpers as H

    xlsx, _ = write_template(H.REGION, H.YEAR, tmp_path / "tpl")
    data = H.fill(xlsx, tmp_path / "filled.xlsx").read_bytes()
    ct = zipfile.ZipFile(io.BytesIO(data)).read("[Content_Types].xml")
    folder = tmp_path / "35.09-fiktif" / "2025"
    folder.mkdir(parents=True)
    (folder / "rencana_aksi_2025.xlsx").write_bytes(rezip(data, {"[Content_Types].xml": ct[: len(ct) // 2]}))
    write_xlsx_manifest(folder)
    result = runner.invoke(app, ["validate", str(folder / "rencana_aksi_2025.xlsx")])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "rencana_aksi_2025.xlsx" in out and "XML di dalam berkas XLSX rusak" in out
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_validate_reads_a_utf16_file_and_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "19.01-bangka-kesbangpol" / "2024"
    shutil.copytree(REPO / "raw" / "19.01-bangka-kesbangpol" / "2024", folder)
    doc = folder / "rencana_aksi_2024.txt"
    doc.write_bytes(b"\xff\xfe" + doc.read_text(encoding="utf-8").encode("utf-16-le"))
    result = runner.invoke(app, ["validate", str(doc)])
    assert result.exit_code == 0, result.output
    assert "catatan" in result.output and "UTF-16" in result.output


def test_validate_names_a_misspelt_manifest_key_and_suggests_the_right_one(tmp_path: Path) -> None:
    folder = tmp_path / "19.01-bangka-kesbangpol" / "2024"
    shutil.copytree(REPO / "raw" / "19.01-bangka-kesbangpol" / "2024", folder)
    m = folder / "manifest.yml"
    m.write_text(m.read_text(encoding="utf-8").replace("received_date", "recieved_date"), encoding="utf-8")
    result = runner.invoke(app, ["validate", str(folder / "rencana_aksi_2024.txt")])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "baris 9" in out and "'recieved_date'" in out and "'received_date'" in out
    assert "Traceback" not in result.output


def test_validate_refuses_links_loops_and_special_files_without_a_traceback(tmp_path: Path) -> None:
    import os

    folder = tmp_path / "19.01-bangka-kesbangpol" / "2024"
    shutil.copytree(REPO / "raw" / "19.01-bangka-kesbangpol" / "2024", folder)
    (folder / "lampiran.txt").symlink_to("/etc/passwd")
    (folder / "putaran").symlink_to(folder / "putaran")
    os.mkfifo(folder / "antrian.txt")
    for name, said in [
        ("lampiran.txt", "tautan simbolik"),
        ("putaran", "tautan simbolik"),
        ("putaran/x.txt", "tidak dapat dibaca"),
        ("antrian.txt", "bukan berkas biasa"),
    ]:
        result = runner.invoke(app, ["validate", str(folder / name)])
        out = " ".join(result.output.split())
        assert result.exit_code == 1, (name, result.output)
        assert said in out and "Traceback" not in result.output, (name, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (name, result.exception)
