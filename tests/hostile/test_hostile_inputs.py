"""Hostile inputs a province really receives: text, XLSX, manifest and file-system tricks.

Each case damages one agency's submission in a copy of the demo corpus (plus a filled XLSX template) and lands
it with the plain ingest functions. Expected: the damaged file is quarantined with a message naming it (and the
line or cell where there is one), or it loads with a note / with exactly the figures it carries; the other
agencies' landed cells are unchanged; raw/ is byte-identical; nothing raises (see conftest.run_case).
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from rekap.interpret.numbers import parse_number
from tests.hostile.conftest import (
    DIRS,
    DOCS,
    XLSX_DIR,
    build_project,
    edit_workbook,
    rezip,
    run_case,
)
from tests.template import helpers as H


@dataclass
class Case:
    id: str
    group: str  # text | xlsx | manifest | fs
    apply: Callable[[Path, Path, bytes], None]  # (raw, a scratch folder outside raw/, the filled xlsx bytes)
    expect: str  # quarantined | loaded
    target: str  # fragment of the quarantined source_path, or the loaded submission_id
    fragments: tuple[str, ...] = ()  # in the quarantine message (quarantined) or in a note (loaded)
    line: int | None = None  # the quarantine row's / note's line
    touched: tuple[str, ...] | None = None  # agency folders allowed to differ (default: the target's)
    same_figures: bool = False  # loaded: its cells equal the baseline's of `target`
    check: Callable[[object], None] | None = None
    env: dict[str, str] = field(default_factory=dict)


CASES: list[Case] = []


@dataclass(frozen=True)
class Group:
    """The cases of one kind of hostile input, each declared by what must become of the damaged file: quarantined
    with a message holding `fragments`, or loaded (with notes holding them)."""

    name: str

    def quarantined(self, id: str, apply: Callable, target: str, *fragments: str, **kw) -> None:
        CASES.append(Case(id, self.name, apply, "quarantined", target, fragments, **kw))

    def loaded(self, id: str, apply: Callable, target: str, *fragments: str, **kw) -> None:
        CASES.append(Case(id, self.name, apply, "loaded", target, fragments, **kw))


TEXT, WORKBOOK, MANIFEST, FILES = Group("text"), Group("xlsx"), Group("manifest"), Group("fs")


# --- helpers that damage a copy -------------------------------------------------------------------------------


def text_of(raw: Path, who: str) -> str:
    return (raw / DOCS[who]).read_text(encoding="utf-8")


def write(raw: Path, who: str, data: bytes) -> None:
    (raw / DOCS[who]).write_bytes(data)


def edit_text(who: str, fn: Callable[[str], str]) -> Callable[[Path, Path, bytes], None]:
    def apply(raw: Path, _tmp: Path, _x: bytes) -> None:
        write(raw, who, fn(text_of(raw, who)).encode("utf-8"))

    return apply


def encode_as(
    who: str, encoding: str, bom: bytes = b"", newline: str | None = None
) -> Callable[[Path, Path, bytes], None]:
    def apply(raw: Path, _tmp: Path, _x: bytes) -> None:
        text = text_of(raw, who)
        if newline is not None:
            text = text.replace("\n", newline)
        write(raw, who, bom + text.encode(encoding))

    return apply


def put_xlsx(fn: Callable[[bytes], bytes]) -> Callable[[Path, Path, bytes], None]:
    def apply(raw: Path, _tmp: Path, xlsx: bytes) -> None:
        (raw / DOCS["xlsx"]).write_bytes(fn(xlsx))

    return apply


def edit_sheets(edit: Callable[[object], None]) -> Callable[[Path, Path, bytes], None]:
    """The filled workbook as `edit` leaves it (given the openpyxl workbook)."""
    return put_xlsx(lambda x: edit_workbook(x, edit))


def edit_manifest(who: str, fn: Callable[[str], str]) -> Callable[[Path, Path, bytes], None]:
    def apply(raw: Path, _tmp: Path, _x: bytes) -> None:
        m = raw / DIRS[who] / "manifest.yml"
        m.write_text(fn(m.read_text(encoding="utf-8")), encoding="utf-8")

    return apply


def luwu_manifest_with(old: str, new: str) -> Callable[[Path, Path, bytes], None]:
    """Luwu Timur's manifest with `old` written as `new`."""
    return edit_manifest("luwu", lambda m: m.replace(old, new))


def manifest_bytes(who: str, data: bytes) -> Callable[[Path, Path, bytes], None]:
    def apply(raw: Path, _tmp: Path, _x: bytes) -> None:
        (raw / DIRS[who] / "manifest.yml").write_bytes(data)

    return apply


def sheet_member(xlsx: bytes, sheet: str = H.SHEET) -> str:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx), read_only=True)
    try:
        return wb[sheet]._worksheet_path.lstrip("/")
    finally:
        wb.close()


def xlsx_cell(code: str, header: str) -> Callable[[object], str]:
    """The coordinate of `header` in the row of nomenclature `code`, resolved on the workbook."""

    def find(ws) -> str:
        hrow, cols = H.header_map(ws)
        row = next(r for r in range(hrow + 1, ws.max_row + 1) if ws.cell(r, cols["Kode"]).value == code)
        return ws.cell(row, cols[header]).coordinate

    return find


def set_xlsx_cell(code: str, header: str, value) -> Callable[[Path, Path, bytes], None]:
    def edit(wb) -> None:
        ws = wb[H.SHEET]
        ws[xlsx_cell(code, header)(ws)] = value

    return edit_sheets(edit)


def landed(out, sid: str, line: int | None = None, role: str | None = None) -> list[tuple]:
    # cells tuples: (value_no, table_id, record_no, parent_record_no, level, role, value_text, source_line, ...)
    return [c for c in out.cells.get(sid, []) if (line is None or c[7] == line) and (role is None or c[5] == role)]


def one_value(sid: str, text: str, hint: str, value: Decimal, role: str | None = None) -> Callable[[object], None]:
    """The edited cell landed verbatim and the warehouse's number reader reads it as `value`."""

    def check(out) -> None:
        hits = [c for c in out.cells[sid] if c[6] == text and (role is None or c[5] == role)]
        assert hits, f"{text!r} was not landed verbatim"
        parsed = parse_number(text, hint)
        assert parsed.value == value
        if "(" in text or not text.replace(" ", "").isascii() or " " in text:
            assert parsed.note  # the interpreter says how it read the grouping / the parentheses

    return check


def same_except(who: str, old: str, new: str) -> Callable[[object], None]:
    """Every cell as in the baseline, except the edited one whose text is now `new`."""

    def check(out, baseline=None) -> None:
        base = out.baseline[DOCS[who]]
        got = out.cells[DOCS[who]]
        assert len(got) == len(base)
        diffs = [(b, g) for b, g in zip(base, got) if b != g]
        assert len(diffs) == 1, diffs[:3]
        ((b, g),) = diffs
        assert b[6] == old and g[6] == new and b[:6] == g[:6] and b[7:] == g[7:]

    return check


BANGKA_BUDGET = "165,000,000.00"  # the first budget cell, line 6


def bangka_budget(new: str) -> Callable[[Path, Path, bytes], None]:
    return edit_text("bangka", lambda t: t.replace(BANGKA_BUDGET, new, 1))


# --- text ------------------------------------------------------------------------------------------------------

TEXT.quarantined("text-empty", lambda r, t, x: write(r, "lumajang", b""), DOCS["lumajang"], "berkasnya kosong")
TEXT.quarantined(
    "text-whitespace-only", lambda r, t, x: write(r, "lumajang", b" \r\n\t\n  \n"), DOCS["lumajang"], "berkasnya kosong"
)
TEXT.quarantined(
    "text-binary-junk",
    lambda r, t, x: write(r, "lumajang", bytes(range(256)) * 64),
    DOCS["lumajang"],
    "bukan berkas teks",
)
TEXT.quarantined(
    "text-nul-bytes",
    lambda r, t, x: write(r, "bangka", text_of(r, "bangka").encode().replace(b"\n", b"\n\x00", 3)),
    DOCS["bangka"],
    "bukan berkas teks",
    "NUL",
)
TEXT.quarantined(
    "text-pdf-bytes-named-txt",
    lambda r, t, x: write(
        r, "luwu", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 5 >>\nstream\n\x01\x02\x03\x04\x05\nendstream\n"
    ),
    DOCS["luwu"],
    "PDF",
)  # a damaged PDF: the PDF reader says so
TEXT.quarantined(
    "text-very-long-line",
    edit_text(
        "lumajang", lambda t: "\n".join(l if i != 4 else l + " x" * 120_000 for i, l in enumerate(t.split("\n")))
    ),
    DOCS["lumajang"],
    "baris 5:",
    "panjangnya",
    "melebihi batas",
    line=5,
)
TEXT.quarantined(
    "text-over-size-limit",
    edit_text("bangka", lambda t: t + "\n" * 1_500_000),
    DOCS["bangka"],
    "ukuran berkas",
    "melebihi batas",
    env={"REKAP_MAX_FILE_MB": "1"},
)
TEXT.loaded(
    "text-utf8-bom",
    encode_as("bangka", "utf-8", b"\xef\xbb\xbf"),
    DOCS["bangka"],
    "UTF-8 dengan BOM",
    same_figures=True,
)
TEXT.loaded("text-utf16le-bom", encode_as("luwu", "utf-16-le", b"\xff\xfe"), DOCS["luwu"], "UTF-16", same_figures=True)
TEXT.loaded(
    "text-utf16be-bom", encode_as("lumajang", "utf-16-be", b"\xfe\xff"), DOCS["lumajang"], "UTF-16", same_figures=True
)
TEXT.loaded(
    "text-utf16-crlf", encode_as("bangka", "utf-16", newline="\r\n"), DOCS["bangka"], "UTF-16", same_figures=True
)
TEXT.loaded(
    "text-cp1252", encode_as("lampung", "cp1252"), DOCS["lampung"], "bukan UTF-8", "Windows-1252", same_figures=True
)
TEXT.loaded(
    "text-latin1",
    lambda r, t, x: write(r, "bangka", text_of(r, "bangka").replace("Pembinaan", "Pembinaän", 1).encode("latin-1")),
    DOCS["bangka"],
    "bukan UTF-8",
    check=lambda out: same_except(
        "bangka",
        "Program Pembinaan dan Pengembangan Ketahanan Ekonomi, Sosial, dan Budaya",
        "Program Pembinaän dan Pengembangan Ketahanan Ekonomi, Sosial, dan Budaya",
    )(out),
)
TEXT.quarantined("text-utf16-without-bom", encode_as("luwu", "utf-16-le"), DOCS["luwu"], "bukan berkas teks")
TEXT.loaded("text-crlf", encode_as("bangka", "utf-8", newline="\r\n"), DOCS["bangka"], same_figures=True)
TEXT.loaded("text-cr-only", encode_as("luwu", "utf-8", newline="\r"), DOCS["luwu"], same_figures=True)
TEXT.quarantined(
    "text-unrelated-letter",
    lambda r, t, x: write(r, "bangka", b"Kepada Yth. Kepala Badan\nDengan hormat,\nTerlampir kami kirimkan.\n"),
    DOCS["bangka"],
    "diharapkan",
)
for name, written, amount in (  # Bangka's first budget cell as other spreadsheets write it
    ("num-space-grouped", "165 000 000.00", "165000000.00"),
    ("num-nbsp-grouped", "165\u00a0000\u00a0000.00", "165000000.00"),
    ("num-thin-space-grouped", "165\u202f000\u2009000.00", "165000000.00"),
    ("num-negative-leading-minus", "-165,000,000.00", "-165000000.00"),
    ("num-negative-parentheses", "(165,000,000.00)", "-165000000.00"),
):
    TEXT.loaded(
        name,
        bangka_budget(written),
        DOCS["bangka"],
        check=one_value(DOCS["bangka"], written, "money", Decimal(amount), "budget"),
    )
TEXT.loaded(
    "num-beyond-decimal-18-2",
    bangka_budget("999,999,999,999,999,999,999.00"),
    DOCS["bangka"],
    check=same_except("bangka", BANGKA_BUDGET, "999,999,999,999,999,999,999.00"),
)
TEXT.loaded(
    "num-negative-target",
    edit_text("luwu", lambda t: t.replace("\t80.5\t", "\t-80.5\t", 1)),
    DOCS["luwu"],
    check=one_value(DOCS["luwu"], "-80.5", None, Decimal("-80.5")),
)


# --- XLSX ------------------------------------------------------------------------------------------------------

XLSX = DOCS["xlsx"]
WORKBOOK.quarantined("xlsx-empty", put_xlsx(lambda x: b""), XLSX, "berkasnya kosong")
WORKBOOK.quarantined("xlsx-truncated", put_xlsx(lambda x: x[: len(x) // 2]), XLSX, "XLSX")
WORKBOOK.quarantined("xlsx-garbage", put_xlsx(lambda x: bytes((i * 37) % 256 for i in range(5000))), XLSX, "XLSX")
WORKBOOK.quarantined("xlsx-is-text", put_xlsx(lambda x: b"Kode\tTingkat\tNama\n1\tProgram\tX\n"), XLSX, "XLSX")
WORKBOOK.quarantined(
    "xlsx-content-types-cut",
    put_xlsx(
        lambda x: rezip(
            x, {"[Content_Types].xml": __import__("zipfile").ZipFile(io.BytesIO(x)).read("[Content_Types].xml")[:300]}
        )
    ),
    XLSX,
    "XML di dalam berkas XLSX rusak",
)
WORKBOOK.quarantined(
    "xlsx-sheet-xml-cut",
    put_xlsx(
        lambda x: rezip(x, {sheet_member(x): __import__("zipfile").ZipFile(io.BytesIO(x)).read(sheet_member(x))[:5000]})
    ),
    XLSX,
    "XLSX",
)
WORKBOOK.quarantined("xlsx-workbook-xml-missing", put_xlsx(lambda x: rezip(x, {"xl/workbook.xml": None})), XLSX, "XLSX")
WORKBOOK.quarantined(
    "xlsx-zip-bomb-ratio",
    put_xlsx(lambda x: rezip(x, add={"xl/media/image1.bin": b"\0" * (24 << 20)})),
    XLSX,
    "memampat",
    "bom zip",
)
WORKBOOK.quarantined(
    "xlsx-many-members",
    put_xlsx(lambda x: rezip(x, add={f"xl/media/m{i}.bin": b"x" for i in range(300)})),
    XLSX,
    "bagian",
    "melebihi batas 200",
    env={"REKAP_MAX_XLSX_MEMBERS": "200"},
)
WORKBOOK.quarantined(
    "xlsx-uncompressed-total",
    put_xlsx(lambda x: x),
    XLSX,
    "isi XLSX setelah dibuka",
    "melebihi batas",
    env={"REKAP_MAX_XLSX_UNCOMPRESSED_MB": "0.05"},
)


def _entity_bomb(x: bytes) -> bytes:
    """The read sheet's XML with the 'billion laughs' entities (10^9 'lol's if expanded) used in a text cell."""
    import zipfile

    member = sheet_member(x)
    xml = zipfile.ZipFile(io.BytesIO(x)).read(member).decode("utf-8")
    dtd = (
        '<!DOCTYPE worksheet [<!ENTITY l0 "lol">'
        + "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
        + "]>"
    )
    head, rest = xml.split("?>", 1) if xml.startswith("<?xml") else ("", xml)
    assert "<t>" in rest
    return rezip(x, {member: ((head + "?>") if head else "") + dtd + rest.replace("<t>", "<t>&l9;", 1)})


WORKBOOK.quarantined("xlsx-entity-bomb", put_xlsx(_entity_bomb), XLSX, "XML di dalam berkas XLSX rusak")


def _far_row(wb) -> None:
    wb[H.SHEET].cell(row=5000, column=2).value = "x"


def _far_column(wb) -> None:
    wb[H.SHEET].cell(row=12, column=4000).value = "x"


WORKBOOK.quarantined(
    "xlsx-huge-row-count",
    edit_sheets(_far_row),
    XLSX,
    "lebih dari 1.000 baris",
    env={"REKAP_MAX_SHEET_ROWS": "1000"},
)
WORKBOOK.quarantined(
    "xlsx-huge-cell-count",
    edit_sheets(_far_column),
    XLSX,
    "lebih dari 50.000 sel",
    env={"REKAP_MAX_SHEET_CELLS": "50000"},
)


def _hidden_sheet(wb) -> None:
    ws = wb.create_sheet("Cadangan")
    ws["A1"], ws["B1"] = "Pagu (Rp)", 999_000_000
    ws.sheet_state = "hidden"


def _hidden_read_sheet(wb) -> None:
    wb.active = 0
    wb[H.SHEET].sheet_state = "hidden"


def _hidden_row(wb) -> None:
    ws = wb[H.SHEET]
    coord = xlsx_cell(H.PROGRAM, "Pagu (Rp)")(ws)
    ws.row_dimensions[ws[coord].row].hidden = True


def _hidden_row_number(xlsx: bytes) -> int:
    import openpyxl

    ws = openpyxl.load_workbook(io.BytesIO(xlsx))[H.SHEET]
    return ws[xlsx_cell(H.PROGRAM, "Pagu (Rp)")(ws)].row


WORKBOOK.loaded(
    "xlsx-hidden-sheet",
    edit_sheets(_hidden_sheet),
    XLSX,
    "sheet tersembunyi 'Cadangan'",
    "TIDAK dibaca",
    same_figures=True,
)
WORKBOOK.loaded(
    "xlsx-read-sheet-hidden",
    edit_sheets(_hidden_read_sheet),
    XLSX,
    "tersembunyi",
    "tetap dibaca",
    same_figures=True,
)


def _hidden_row_noted(out) -> None:
    row = _hidden_row_number((out.raw / XLSX).read_bytes())
    assert [(line, kind) for sid, line, kind, _ in out.notes if sid == XLSX] == [(row, "hidden_rows")]
    assert any(f"(baris {row})" in m for *_, m in out.notes)


WORKBOOK.loaded(
    "xlsx-hidden-row",
    edit_sheets(_hidden_row),
    XLSX,
    "1 baris tersembunyi",
    "TETAP dibaca",
    same_figures=True,
    check=_hidden_row_noted,
)
for name, written, landed_as, amount in (  # a pagu cell as other spreadsheets hold it
    ("xlsx-negative-pagu-parentheses", "(1.250.000.000)", "(1.250.000.000)", -1250000000),
    ("xlsx-space-grouped-pagu", "1\u00a0250\u00a0000\u00a0000", "1\u00a0250\u00a0000\u00a0000", 1250000000),
    ("xlsx-negative-pagu-minus", -1250000000, "-1250000000", -1250000000),
):
    WORKBOOK.loaded(
        name,
        set_xlsx_cell(H.KEGIATAN, "Pagu (Rp)", written),
        XLSX,
        check=one_value(XLSX, landed_as, "money", Decimal(amount), "budget"),
    )
WORKBOOK.quarantined(
    "xlsx-region-differs-from-manifest",
    edit_sheets(lambda wb: wb[H.SHEET].__setitem__("B2", "35.10")),
    XLSX,
    "B2",
    line=2,
)


# --- manifests -------------------------------------------------------------------------------------------------

LUWU_M = f"{DIRS['luwu']}/manifest.yml"
MANIFEST.quarantined(
    "manifest-misspelt-key",
    luwu_manifest_with("received_date", "recieved_date"),
    LUWU_M,
    "'recieved_date' tidak dikenal",
    "maksud Anda 'received_date'",
    line=9,
)
MANIFEST.quarantined(
    "manifest-misspelt-top-key",
    luwu_manifest_with("agency_name", "agency_nama"),
    LUWU_M,
    "maksud Anda 'agency_name'",
    line=1,
)
MANIFEST.quarantined(
    "manifest-unknown-key-no-suggestion",
    edit_manifest("luwu", lambda m: m + "    catatan_internal: ya\n"),
    LUWU_M,
    "'catatan_internal' tidak dikenal",
    "kunci yang dikenal",
    line=10,
)


def _luwu_loaded_once(out) -> None:
    assert [sid for sid in out.status if sid.startswith("73.24")] == [DOCS["luwu"]]
    assert out.status[DOCS["luwu"]] == "loaded" and out.cells[DOCS["luwu"]] == out.baseline[DOCS["luwu"]]


MANIFEST.quarantined(
    "manifest-duplicate-entry",
    edit_manifest("luwu", lambda m: m + "".join(m.splitlines(keepends=True)[4:])),
    LUWU_M,
    "sudah dideklarasikan pada baris 5",
    line=10,
    check=_luwu_loaded_once,
)

MANIFEST.quarantined(
    "manifest-duplicate-key",
    luwu_manifest_with('region_code: "73.24"\n', 'region_code: "73.24"\nregion_code: "73.25"\n'),
    LUWU_M,
    "'region_code' muncul dua kali",
    line=3,
)
MANIFEST.quarantined(
    "manifest-yaml-bomb",
    edit_manifest(
        "luwu",
        lambda m: (
            'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(f"{c}: &{c} [" + ",".join([f"*{p}"] * 9) + "]\n" for p, c in zip("abcdefgh", "bcdefghi"))
            + m
        ),
    ),
    LUWU_M,
    "'a' tidak dikenal",
    line=1,
)
MANIFEST.quarantined(
    "manifest-yaml-bomb-in-documents",
    manifest_bytes(
        "luwu",
        (
            'agency_name: X\nregion_code: "73.24"\nfiscal_year: 2022\n'
            'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 9) + "]\n" for i in range(1, 9))
            + "documents: *a8\n"
        ).encode(),
    ),
    LUWU_M,
    "'a0' tidak dikenal",
    line=4,
)
MANIFEST.quarantined(
    "manifest-alias-as-key", edit_manifest("luwu", lambda m: "? &k [1, 2]\n: x\n" + m), LUWU_M, "harus berupa teks"
)
# 5,000 levels, five times Python's recursion limit; libyaml composes deep nesting in quadratic time (20,000 took 2 s)
MANIFEST.quarantined("manifest-deep-nesting", manifest_bytes("luwu", b"[" * 5000 + b"]" * 5000), LUWU_M, "manifest")
MANIFEST.quarantined(
    "manifest-is-a-list",
    manifest_bytes("luwu", b"- file: a.txt\n- file: b.txt\n"),
    LUWU_M,
    "diharapkan pemetaan (mapping)",
)
MANIFEST.quarantined(
    "manifest-is-a-scalar", manifest_bytes("luwu", b"just a sentence\n"), LUWU_M, "diharapkan pemetaan (mapping)"
)
MANIFEST.quarantined("manifest-empty", manifest_bytes("luwu", b""), LUWU_M, "diharapkan pemetaan (mapping)")
MANIFEST.quarantined(
    "manifest-wrong-types",
    luwu_manifest_with("fiscal_year: 2022", "fiscal_year: [2022]"),
    LUWU_M,
    "tahun anggaran",
    line=3,
)
MANIFEST.quarantined(
    "manifest-documents-mapping",
    manifest_bytes("luwu", b'agency_name: X\nregion_code: "73.24"\nfiscal_year: 2022\ndocuments:\n  file: a.txt\n'),
    LUWU_M,
    "daftar dokumen yang tidak kosong",
    line=5,
)
MANIFEST.quarantined(
    "manifest-invalid-yaml",
    luwu_manifest_with("    layout:", "\tlayout:"),
    LUWU_M,
    "YAML yang sah",
)
MANIFEST.quarantined(
    "manifest-two-documents", edit_manifest("luwu", lambda m: m + "---\n" + m), LUWU_M, "YAML yang sah"
)
MANIFEST.quarantined(
    "manifest-cp1252",
    manifest_bytes("luwu", "agency_name: Badan Kesbangpol Luwu Timur – é\n".encode("cp1252")),
    LUWU_M,
    "UTF-8",
)
MANIFEST.quarantined(
    "manifest-escaped-control-chars",
    luwu_manifest_with(
        "agency_name: Badan Kesatuan Bangsa dan Politik Kabupaten Luwu Timur",
        'agency_name: "Badan\\0 Kesbangpol \\ud800"',
    ),
    LUWU_M,
    line=1,
)  # refused by libyaml's escapes or by the control-character check
MANIFEST.quarantined(
    "manifest-impossible-date",
    luwu_manifest_with("2022-10-19", "2022-02-30"),
    LUWU_M,
    "YYYY-MM-DD",
    line=9,
)
MANIFEST.loaded(
    "manifest-utf8-bom",
    lambda r, t, x: (r / LUWU_M).write_bytes(b"\xef\xbb\xbf" + (r / LUWU_M).read_bytes()),
    DOCS["luwu"],
    same_figures=True,
)
MANIFEST.loaded(
    "manifest-utf16",
    lambda r, t, x: (r / LUWU_M).write_bytes(
        b"\xff\xfe" + (r / LUWU_M).read_text(encoding="utf-8").encode("utf-16-le")
    ),
    DOCS["luwu"],
    same_figures=True,
)
MANIFEST.quarantined(
    "manifest-declares-missing-file",
    lambda r, t, x: (r / DOCS["lumajang"]).unlink(),
    f"{DIRS['lumajang']}/manifest.yml",
    "laporan_kinerja_tw1_2023.txt",
    line=5,
)
MANIFEST.quarantined(
    "manifest-path-in-file-name",
    luwu_manifest_with("file: rencana", "file: ../../18-lampung-kesbangpol/2023/rencana"),
    LUWU_M,
    "nama berkas biasa",
)


# --- the file system -------------------------------------------------------------------------------------------


def _declare_in_bangka(raw: Path, name: str) -> None:
    m = raw / DIRS["bangka"] / "manifest.yml"
    text = m.read_text(encoding="utf-8")
    m.write_text(
        text + "".join(text.splitlines(keepends=True)[4:]).replace("rencana_aksi_2024.txt", name), encoding="utf-8"
    )


def _link_passwd(raw: Path, tmp: Path, x: bytes) -> None:
    (raw / DIRS["bangka"] / "lampiran.txt").symlink_to("/etc/passwd")
    _declare_in_bangka(raw, "lampiran.txt")


def _link_outside_doc(raw: Path, tmp: Path, x: bytes) -> None:
    outside = tmp / "outside.txt"
    outside.write_bytes((raw / DOCS["bangka"]).read_bytes())
    (raw / DIRS["bangka"] / "salinan.txt").symlink_to(outside)
    _declare_in_bangka(raw, "salinan.txt")


def _link_inside_doc(raw: Path, tmp: Path, x: bytes) -> None:
    (raw / DIRS["bangka"] / "salinan.txt").symlink_to(raw / DOCS["bangka"])
    _declare_in_bangka(raw, "salinan.txt")


def _link_agency_folder(raw: Path, tmp: Path, x: bytes) -> None:
    import shutil

    shutil.copytree(raw / "19.01-bangka-kesbangpol", tmp / "99-luar")
    (raw / "99.99-luar").symlink_to(tmp / "99-luar", target_is_directory=True)


def _link_year_folder(raw: Path, tmp: Path, x: bytes) -> None:
    (raw / "19.01-bangka-kesbangpol" / "2025").symlink_to(raw / DIRS["bangka"], target_is_directory=True)


def _dangling(raw: Path, tmp: Path, x: bytes) -> None:
    (raw / DIRS["lumajang"] / "hilang.txt").symlink_to(tmp / "does-not-exist.txt")


def _fifo(raw: Path, tmp: Path, x: bytes) -> None:
    os.mkfifo(raw / DIRS["lumajang"] / "antrian.txt")


def _link_manifest(raw: Path, tmp: Path, x: bytes) -> None:
    m = raw / LUWU_M
    (tmp / "manifest.yml").write_bytes(m.read_bytes())
    m.unlink()
    m.symlink_to(tmp / "manifest.yml")


NFD_NAME = unicodedata.normalize("NFD", "laporan_kinérja_tw1_2023.txt")


def _nfd_name(raw: Path, tmp: Path, x: bytes) -> None:
    folder = raw / DIRS["lumajang"]
    (folder / "laporan_kinerja_tw1_2023.txt").rename(folder / NFD_NAME)
    m = folder / "manifest.yml"
    m.write_text(
        m.read_text(encoding="utf-8").replace(
            "laporan_kinerja_tw1_2023.txt", unicodedata.normalize("NFC", "laporan_kinérja_tw1_2023.txt")
        ),
        encoding="utf-8",
    )


def _nfd_loaded(out) -> None:
    sid = f"{DIRS['lumajang']}/{NFD_NAME}"
    assert out.status.get(sid) == "loaded", out.status
    assert out.cells[sid] == out.baseline[DOCS["lumajang"]]


def _no_passwd(out) -> None:
    assert not any("root:" in c[6] for cells in out.cells.values() for c in cells)
    assert all("lampiran" not in sid for sid in out.status)


def _bangka_once(out) -> None:
    assert [sid for sid in out.status if sid.startswith("19.01")] == [DOCS["bangka"]]


FILES.quarantined(
    "fs-symlink-to-etc-passwd",
    _link_passwd,
    f"{DIRS['bangka']}/lampiran.txt",
    "tautan simbolik",
    "luar folder raw/",
    touched=(),
    check=_no_passwd,
)
FILES.quarantined(
    "fs-symlink-to-outside-copy",
    _link_outside_doc,
    f"{DIRS['bangka']}/salinan.txt",
    "tautan simbolik",
    "luar folder raw/",
    touched=(),
    check=_bangka_once,
)
FILES.quarantined(
    "fs-symlink-inside-raw",
    _link_inside_doc,
    f"{DIRS['bangka']}/salinan.txt",
    "tautan simbolik",
    "di dalam raw/",
    touched=(),
    check=_bangka_once,
)
FILES.quarantined(
    "fs-symlinked-agency-folder",
    _link_agency_folder,
    "99.99-luar",
    "folder ini adalah tautan simbolik",
    "TIDAK dibaca",
    touched=(),
    check=_bangka_once,
)
FILES.quarantined(
    "fs-symlinked-year-folder-inside",
    _link_year_folder,
    "19.01-bangka-kesbangpol/2025",
    "folder ini adalah tautan simbolik",
    "di dalam raw/",
    touched=(),
    check=_bangka_once,
)
FILES.quarantined("fs-dangling-symlink", _dangling, f"{DIRS['lumajang']}/hilang.txt", "tautan simbolik", touched=())
FILES.quarantined("fs-fifo", _fifo, f"{DIRS['lumajang']}/antrian.txt", "bukan berkas biasa", touched=())
FILES.quarantined("fs-symlinked-manifest", _link_manifest, LUWU_M, "tautan simbolik")
FILES.loaded("fs-nfd-name-on-disk", _nfd_name, f"{DIRS['lumajang']}/{NFD_NAME}", check=_nfd_loaded)
FILES.quarantined(
    "fs-undeclared-file",
    lambda r, t, x: (r / DIRS["bangka"] / "catatan.txt").write_text("catatan\n", encoding="utf-8"),
    f"{DIRS['bangka']}/catatan.txt",
    "manifest.yml",
    touched=(),
)
FILES.quarantined(
    "fs-directory-named-like-document",
    lambda r, t, x: ((r / DOCS["lumajang"]).unlink(), (r / DOCS["lumajang"]).mkdir()),
    f"{DIRS['lumajang']}/manifest.yml",
    "yang dideklarasikan ada di",
)
FILES.quarantined(
    "fs-xlsx-name-nfd-and-symlink-elsewhere",
    lambda r, t, x: (r / XLSX_DIR / "lain.xlsx").symlink_to(r / DOCS["xlsx"]),
    f"{XLSX_DIR}/lain.xlsx",
    "tautan simbolik",
    touched=(),
)


def _deep_tree(raw: Path, tmp: Path, x: bytes) -> None:
    folder = raw / "99.98-dalam"
    for i in range(40):
        folder = folder / f"d{i}"
    folder.mkdir(parents=True)
    (folder / "manifest.yml").write_bytes((raw / DIRS["bangka"] / "manifest.yml").read_bytes())
    (folder / "rencana_aksi_2024.txt").write_bytes((raw / DOCS["bangka"]).read_bytes())


def _link_loop(raw: Path, tmp: Path, x: bytes) -> None:
    (raw / DIRS["lumajang"] / "putaran").symlink_to(raw / DIRS["lumajang"] / "putaran")
    (raw / "99.97-siklus").symlink_to(raw, target_is_directory=True)


FILES.quarantined(
    "fs-deep-nesting",
    _deep_tree,
    "99.98-dalam/d0/d1/d2/d3",
    "bersarang lebih dari 12 tingkat",
    touched=(),
    check=_bangka_once,
)
FILES.quarantined(
    "fs-symlink-loops",
    _link_loop,
    "99.97-siklus",
    "tautan simbolik",
    touched=(),
    check=lambda out: (_bangka_once(out), [q for q in out.quarantine if q[0].endswith("putaran")] or 1 / 0),
)


def _non_utf8_names(raw: Path, tmp: Path, x: bytes) -> None:
    base = os.fsencode(raw)
    with open(os.path.join(base, os.fsencode(DIRS["bangka"]), b"lampiran-\xff.txt"), "wb") as fh:
        fh.write(b"isi")
    os.mkdir(os.path.join(base, b"99.96-\xfe\xfd"))


FILES.quarantined(
    "fs-non-utf8-names",
    _non_utf8_names,
    "lampiran-\\xff.txt",
    "bukan teks UTF-8",
    touched=(),
    check=lambda out: [q for q in out.quarantine if q[0] == "99.96-\\xfe\\xfd"] or 1 / 0,
)


def _junk_spec(raw: Path, tmp: Path, x: bytes) -> None:
    folder = raw / DIRS["luwu"]
    (folder / "tata_letak.yml").write_text("family: [1, 2]\ncolumns: {a: &a [*a]}\n", encoding="utf-8")
    m = folder / "manifest.yml"
    m.write_text(re.sub(r"layout: \S+", "layout: ./tata_letak.yml", m.read_text(encoding="utf-8")), encoding="utf-8")


MANIFEST.quarantined("manifest-junk-layout-spec", _junk_spec, DOCS["luwu"], DOCS["luwu"])


# --- the test --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("c", CASES, ids=[c.id for c in CASES])
def test_hostile_input(c: Case, tmp_path: Path, filled_xlsx: bytes, baseline, monkeypatch) -> None:
    for k, v in c.env.items():
        monkeypatch.setenv(k, v)
    root = build_project(tmp_path / "project", filled_xlsx)
    scratch = tmp_path / "outside"
    scratch.mkdir()
    c.apply(root / "raw", scratch, filled_xlsx)
    agency = "/".join(c.target.split("/")[:1])
    touched = {agency} if c.touched is None else set(c.touched)
    out = run_case(root, baseline, touched, fresh=bool(c.env))  # a changed limit applies to every file
    out.baseline = baseline
    if c.expect == "quarantined":
        hits = out.messages_for(c.target)
        assert hits, f"nothing quarantined for {c.target}: {out.quarantine}"
        text = " | ".join(m for _, _, m in hits)
        for f in c.fragments:
            assert f in text, f"{f!r} not in {text!r}"
        if c.line is not None:
            assert any(line == c.line for _, line, _ in hits), hits
            assert any(f"line {c.line}" in m or f"baris {c.line}" in m or f"{c.line}" in m for _, _, m in hits)
        assert out.status.get(c.target) != "loaded"
    else:
        assert out.status.get(c.target) == "loaded", (out.status.get(c.target), out.quarantine)
        notes = [m for sid, _, _, m in out.notes if sid == c.target]
        for f in c.fragments:
            assert any(f in n for n in notes), f"{f!r} not in the notes {notes!r}"
        if c.same_figures:
            assert out.cells[c.target] == baseline[c.target]
        assert not [q for q in out.quarantine if c.target in q[0]]
    if c.check is not None:
        c.check(out)


def test_the_suite_is_broad() -> None:
    groups = {g: sum(1 for c in CASES if c.group == g) for g in ("text", "xlsx", "manifest", "fs")}
    assert len(CASES) >= 40 and all(n >= 8 for n in groups.values()), groups
