"""`rekap validate` on a PDF as received: it reads it like the refresh does (through extract)."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from rekap.cli import app
from tests.sources.render_pdf import render_scan
from tests.sources.test_pdf_roundtrip import DOCS, RAW, _as_submission, extract_file, pdf_bytes, text_lines

runner = CliRunner()


def test_validate_reads_a_pdf_like_its_text_twin(tmp_path):
    rel = DOCS["bangka"]
    text = extract_file(tmp_path / "txt", rel, (RAW / rel).read_bytes(), Path(rel).name)
    entry = _as_submission(
        tmp_path / "pdf", rel, pdf_bytes("bangka", "landscape_repeated_header_merged_header"), "rencana_aksi_2024.pdf"
    )
    result = runner.invoke(app, ["validate", str(entry.file)])
    assert result.exit_code == 0, result.output
    assert str(len(text.values)) in result.output


def test_validate_says_a_scan_needs_ocr(tmp_path):
    rel = DOCS["bangka"]
    entry = _as_submission(tmp_path, rel, render_scan(list(text_lines("bangka"))), "rencana_aksi_2024.pdf")
    result = runner.invoke(app, ["validate", str(entry.file)])
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "OCR" in out and "Traceback" not in result.output
