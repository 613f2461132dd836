"""Each demo document printed to PDF (by the tests, from its text version) lands the same figures as its text
version, value by value, with each value's lineage pointing at the page that prints it.

The PDFs are made with reportlab the way office software prints: ruled tables, wrapped cells, header rows
repeated on every page, rows cut by a page break, merged header and body cells, landscape and rotated pages.
"""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path

import pypdfium2
import pytest
import yaml

from rekap.extract import Extraction, extract_document
from rekap.manifest import load_manifest
from tests.sources.render_pdf import Style, render

REPO = Path(__file__).resolve().parents[2]
RAW = REPO / "raw"

DOCS = {
    "bangka": "19.01-bangka-kesbangpol/2024/rencana_aksi_2024.txt",
    "luwu_timur": "73.24-luwu-timur-kesbangpol/2022/rencana_aksi_perubahan_2022.txt",
    "lampung": "18-lampung-kesbangpol/2023/rencana_aksi_kinerja_2023.txt",
    "lumajang": "35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023.txt",
}

# One printing per thing real PDFs do to tables (each also wraps cells: columns are capped in width).
STYLES = {
    "landscape_repeated_header_merged_header": Style(),
    "rows_cut_by_page_break": Style(cut_rows=3),
    "merged_body_cells": Style(merge_rows=(1,), merge_columns=(9, 10), font_size=5, max_column_chars=40),
    "rotated_pages": Style(rotated=True, page_furniture=True),
    "portrait_narrow_columns": Style(landscape=False, font_size=6, max_column_chars=14, page_furniture=True),
}


def _as_submission(tmp: Path, rel: str, content: bytes, name: str):
    """A copy of the document's folder where the manifest declares `name` (the PDF) with the same layout."""
    src = RAW / rel
    folder = tmp / src.parent.relative_to(RAW)
    folder.mkdir(parents=True, exist_ok=True)
    manifest = yaml.safe_load((src.parent / "manifest.yml").read_text(encoding="utf-8"))
    entry = next(d for d in manifest["documents"] if d["file"] == src.name)
    manifest["documents"] = [{**entry, "file": name}]
    (folder / "manifest.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    (folder / name).write_bytes(content)
    return load_manifest(folder / "manifest.yml")[0]


def extract_file(tmp: Path, rel: str, content: bytes, name: str) -> Extraction:
    return extract_document(_as_submission(tmp, rel, content, name), tmp)


@cache
def text_lines(doc: str) -> tuple[str, ...]:
    return tuple((RAW / DOCS[doc]).read_text(encoding="utf-8").splitlines())


@cache
def pdf_bytes(doc: str, style: str) -> bytes:
    return render(list(text_lines(doc)), STYLES[style])


def figures(ex: Extraction) -> list[tuple]:
    """What a value *is*, without where it sits in the file (line numbers differ between the two files)."""
    return [
        (
            v.table_id,
            v.record_no,
            v.parent_record_no,
            v.level,
            v.role,
            v.quarter_label,
            v.version_label,
            v.year_label,
            v.column,
            v.text,
        )
        for v in ex.values
    ]


@pytest.fixture(scope="module")
def text_extractions(tmp_path_factory) -> dict[str, Extraction]:
    tmp = tmp_path_factory.mktemp("text")
    return {doc: extract_file(tmp / doc, rel, (RAW / rel).read_bytes(), Path(rel).name) for doc, rel in DOCS.items()}


# Without a full run, each document and each printing style once (a PDF takes seconds to print and read);
# the slow run reads every document in every style.
FAST_CASES = set(zip(itertools.cycle(DOCS), STYLES))
CASES = [
    pytest.param(doc, style, marks=() if (doc, style) in FAST_CASES else pytest.mark.slow)
    for doc in DOCS
    for style in STYLES
]


@pytest.mark.parametrize("doc,style", CASES)
def test_pdf_lands_the_same_figures_as_the_text(doc, style, text_extractions, tmp_path):
    text = text_extractions[doc]
    assert text.ok, text.message
    pdf = extract_file(tmp_path, DOCS[doc], pdf_bytes(doc, style), Path(DOCS[doc]).with_suffix(".pdf").name)
    assert pdf.ok, pdf.message
    got, want = figures(pdf), figures(text)
    missing = [f for f in want if f not in got]
    extra = [f for f in got if f not in want]
    assert not missing and not extra, f"missing {missing[:5]} extra {extra[:5]}"
    assert got == want  # same values in the same order
    # lineage: every value names the page that prints it (page text by another PDF engine, pdfium)
    pdf_doc = pypdfium2.PdfDocument(pdf_bytes(doc, style))
    page_text = {n + 1: " ".join(pdf_doc[n].get_textpage().get_text_range().split()) for n in range(len(pdf_doc))}
    pdf_doc.close()
    assert all(v.page is not None for v in pdf.values)
    misplaced = [(v.text, v.page) for v in pdf.values if v.text.split()[0] not in page_text[v.page]]
    assert not misplaced, misplaced[:5]
    assert all(v.page is None for v in text.values)
