"""The PDF reader on what real PDFs do to tables, each on its own, with PDFs printed from the demo documents.

The round trip of whole documents is in test_pdf_roundtrip.py; here each behaviour is pinned separately: a
repeated header is dropped, a row cut by a page break is joined (and two rows a page break separates are
not), wrapped cells are one cell, a merged cell keeps its text once, a rotated page reads upright, a scan is
quarantined with a message in Bahasa Indonesia, a damaged PDF is quarantined too, and the landing zone keeps
each cell's page.
"""

from __future__ import annotations

import datetime as dt
import io
from functools import cache
from pathlib import Path

import duckdb
import pdfplumber
import pypdfium2
import pytest

from rekap.extract import Extraction
from rekap.landing import store
from rekap.sources.pdf import NEEDS_OCR, NoTextLayer, PdfText, is_pdf, read_pdf
from tests.sources.render_pdf import Style, render, render_scan
from tests.sources.test_pdf_roundtrip import DOCS, RAW, extract_file, pdf_bytes, text_lines

BANGKA_HEADER = (
    "NO\tSASARAN KINERJA\tINDIKATOR KINERJA\tSATUAN\tTARGET\tTRIWULAN\t\t\t\tPROGRAM\tKEGIATAN\tSUB KEGIATAN\tANGGARAN"
)


@cache
def read(doc: str, style: str) -> PdfText:
    """A demo document printed in one of the round trip's styles, as read (reading a PDF takes seconds, and
    several tests look at the same printing)."""
    return read_pdf(pdf_bytes(doc, style))


@pytest.fixture(scope="module")
def bangka_pdf(tmp_path_factory) -> Extraction:
    """Bangka's document printed with rows cut by page breaks, extracted as a refresh does."""
    tmp = tmp_path_factory.mktemp("bangka_pdf")
    return extract_file(tmp, DOCS["bangka"], pdf_bytes("bangka", "rows_cut_by_page_break"), "rencana_aksi_2024.pdf")


def _rows(lines: list[str]) -> list[str]:
    """Table rows and prose lines as the text version has them: no blank lines, no trailing empty cells."""
    return ["\t".join(c.strip() for c in ln.split("\t")).rstrip("\t") for ln in lines if ln.strip()]


def test_is_pdf_by_magic_bytes():
    assert is_pdf(b"%PDF-1.7\n...")
    assert is_pdf(b"\xef\xbb\xbf junk %PDF-1.4\n")
    assert not is_pdf(b"NO\tSASARAN KINERJA\n")


def test_each_page_repeats_the_header_and_the_reader_keeps_it_once():
    pdf = read("bangka", "landscape_repeated_header_merged_header")
    assert pdf.origins[-1].page >= 3  # the table runs over several pages, each printing the header again
    assert [ln.rstrip("\t") for ln in pdf.lines].count(BANGKA_HEADER) == 1
    assert _rows(pdf.lines) == _rows(list(text_lines("bangka")))


def test_page_numbers_and_running_headers_do_not_break_a_table():
    lines = list(text_lines("bangka"))
    raw = render(lines, Style(page_furniture=True))
    doc = pypdfium2.PdfDocument(raw)  # every page prints them (page text by another PDF engine, pdfium)
    assert all("Dokumen Perencanaan Kinerja" in doc[n].get_textpage().get_text_range() for n in range(len(doc)))
    doc.close()
    pdf = read_pdf(raw)
    assert not any("Dokumen Perencanaan Kinerja" in ln or ln.startswith("- ") for ln in pdf.lines)
    assert _rows(pdf.lines) == _rows(lines)


def test_a_row_cut_by_a_page_break_is_one_row_again():
    pdf = read("bangka", "rows_cut_by_page_break")
    joined = [(ln, o) for ln, o in zip(pdf.lines, pdf.origins) if o.continued_on is not None]
    assert len(joined) >= 2
    assert all(o.continued_on == o.page + 1 for _, o in joined)
    assert _rows(pdf.lines) == _rows(list(text_lines("bangka")))


def test_rows_a_page_break_separates_stay_two_rows():
    """Two single-line rows 'TW. 3 | 1 Laporan' / 'TW. 4 | 1 Laporan' across a page break look like one cut row
    by their text alone (Luwu Timur's quarter rows); the reader keeps them apart."""
    for doc in ("luwu_timur", "bangka"):
        pdf = read(doc, "landscape_repeated_header_merged_header")
        assert not any(o.continued_on for o in pdf.origins), doc
        assert _rows(pdf.lines) == _rows(list(text_lines(doc))), doc


def test_wrapped_cells_are_one_cell_and_numbers_cut_by_a_wrap_are_rejoined():
    lines = list(text_lines("bangka"))
    # columns so narrow that names wrap over many lines and budgets are broken inside the number
    pdf = read_pdf(render(lines, Style(landscape=False, font_size=6, max_column_chars=6)))
    budgets = [c for ln in pdf.lines for c in ln.split("\t") if c.endswith(".00")]
    assert "2,720,900,248.00" in budgets and "1,830,807,540.00" in budgets
    names = [c for ln in pdf.lines for c in ln.split("\t")]
    assert "Program Penunjang Urusan Pemerintahan Daerah" in names


def test_merged_cells_keep_their_text_once_in_their_first_row_and_column():
    lines = list(text_lines("bangka"))
    pdf = read_pdf(render(lines, Style(merge_rows=(1,), merge_columns=(9, 10))))
    rows = [ln.split("\t") for ln in pdf.lines if "\t" in ln]
    # 'TRIWULAN' spans the four quarter columns; the row below holds the labels
    header = next(i for i, r in enumerate(rows) if r[0] == "NO")
    assert rows[header][5:9] == ["TRIWULAN", "", "", ""] and rows[header + 1][5:9] == ["I", "II", "III", "IV"]
    # the sasaran spans its program rows: its name once, the rows below empty in that column
    first = next(i for i, r in enumerate(rows) if r[1].startswith("Menurunnya Potensi Konflik"))
    assert rows[first + 1][1] == "" and rows[first + 1][9].startswith("Program Pembinaan")
    assert _rows(pdf.lines) == _rows(lines)


def test_a_rotated_page_reads_like_a_landscape_page():
    pdf = read("bangka", "rotated_pages")
    assert _rows(pdf.lines) == _rows(list(text_lines("bangka")))


def test_a_page_printed_sideways_without_rotate_is_turned_upright():
    lines = list(text_lines("bangka"))
    raw = render(lines, Style(sideways=True))
    with pdfplumber.open(io.BytesIO(raw)) as doc:  # as printed: portrait, no /Rotate, text running upwards
        page = doc.pages[0]
        assert page.rotation == 0 and page.width < page.height and not page.chars[0]["upright"]
    assert _rows(read_pdf(raw).lines) == _rows(lines)


def test_prose_outside_tables_stays_in_reading_order():
    pdf = read("lumajang", "landscape_repeated_header_merged_header")
    prose = [ln for ln in pdf.lines if "\t" not in ln]
    want = [ln.strip() for ln in text_lines("lumajang") if ln.strip() and "\t" not in ln]
    assert prose == [" ".join(w.split()) for w in want]
    assert all(o.table is None and o.text_line for ln, o in zip(pdf.lines, pdf.origins) if "\t" not in ln)


def test_wrapped_prose_is_one_line_at_one_and_a_half_spacing_and_headings_stay_apart():
    lines = list(text_lines("lumajang"))
    pdf = read_pdf(render(lines, Style(landscape=False, prose_spacing=1.5)))
    prose = [ln for ln in pdf.lines if "\t" not in ln]
    want = [" ".join(ln.split()) for ln in lines if ln.strip() and "\t" not in ln]
    assert max(len(w) for w in want) > 200  # some sentences wrap over several printed lines
    assert prose == want


def test_a_scan_is_quarantined_saying_it_needs_ocr(tmp_path):
    scan = render_scan(list(text_lines("bangka")))
    try:
        read_pdf(scan)
        raise AssertionError("a scan must not read as an empty document")
    except NoTextLayer:
        pass
    rel = DOCS["bangka"]
    ex = extract_file(tmp_path, rel, scan, Path(rel).with_suffix(".pdf").name)
    assert not ex.ok and not ex.values
    assert ex.failure_expected == NEEDS_OCR
    assert "OCR" in ex.message and "pindaian" in ex.message and ex.source_file.endswith(".pdf")


def test_a_damaged_pdf_is_quarantined_not_raised(tmp_path):
    rel = DOCS["bangka"]
    good = pdf_bytes("bangka", "landscape_repeated_header_merged_header")
    for name, content in [("cut.pdf", good[: len(good) // 3]), ("junk.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4)]:
        ex = extract_file(tmp_path / name, rel, content, name)
        assert not ex.ok, name
        assert ex.failure_expected, name


def test_a_pdf_that_does_not_fit_its_layout_names_the_page(tmp_path):
    lines = list(text_lines("bangka"))
    broken = [ln for ln in lines if not ln.startswith("NO\t")]  # no header row: no table the layout can read
    rel = DOCS["bangka"]
    ex = extract_file(tmp_path, rel, render(broken, Style()), "rencana_aksi_2024.pdf")
    assert not ex.ok
    assert "rencana_aksi_2024.pdf" in ex.message


def test_landing_keeps_the_page_of_each_cell(tmp_path, bangka_pdf):
    rel = DOCS["bangka"]
    ex_txt = extract_file(tmp_path / "txt", rel, (RAW / rel).read_bytes(), Path(rel).name)
    assert bangka_pdf.ok and ex_txt.ok
    con = store.connect(tmp_path / "landing.duckdb")
    store.replace_submissions(con, [bangka_pdf], dt.datetime(2024, 1, 31))
    pages = con.execute(
        "select min(source_page), max(source_page), count(*) filter (where source_page is null) from cells"
    ).fetchone()
    assert pages[0] == 1 and pages[1] >= 3 and pages[2] == 0
    # the budget of the sub kegiatan 'Penyediaan Gaji dan Tunjangan ASN' sits on a later page than the title
    page = con.execute("select source_page from cells where value_text = '1,800,807,540.00'").fetchone()[0]
    assert page > 1
    con.close()


def test_a_landing_file_from_before_pdfs_gets_the_page_column(tmp_path, bangka_pdf):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    old_schema = store.SCHEMA_SQL.split("-- landing files created before")[0].replace(
        "    source_page       INTEGER,              -- 1-based PDF page (NULL for text files and spreadsheets)\n", ""
    )
    con.execute(old_schema)
    assert "source_page" not in [r[0] for r in con.execute("describe cells").fetchall()]
    con.close()
    con = store.connect(path)
    assert [r[0] for r in con.execute("describe cells").fetchall()][-1] == "source_page"
    store.replace_submissions(con, [bangka_pdf], dt.datetime(2024, 1, 31))
    count = con.execute("select count(*) from cells where source_page is not null").fetchone()[0]
    assert count == len(bangka_pdf.values) > 0
    con.close()


def test_a_new_pdf_reader_version_re_parses_pdfs_only(tmp_path, monkeypatch):
    from rekap.extract import fingerprint_of
    from rekap.sources import pdf
    from tests.sources.test_pdf_roundtrip import _as_submission

    rel = DOCS["bangka"]
    pdf_entry = _as_submission(
        tmp_path / "pdf", rel, pdf_bytes("bangka", "landscape_repeated_header_merged_header"), "ra.pdf"
    )
    txt_entry = _as_submission(tmp_path / "txt", rel, (RAW / rel).read_bytes(), "ra.txt")
    before = fingerprint_of(pdf_entry), fingerprint_of(txt_entry)
    monkeypatch.setattr(pdf, "VERSION", pdf.VERSION + "-next")
    after = fingerprint_of(pdf_entry), fingerprint_of(txt_entry)
    assert before[0] != after[0] and before[1] == after[1]
