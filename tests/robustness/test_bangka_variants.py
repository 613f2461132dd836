"""Variants of Bangka's Rencana Aksi as other agencies and PDF extractors write the same table: each lands the
same figures as the original (value by value: record, parent, level, role, verbatim text, quarter), read by the
one table reader with the same spec (`tabel_rencana_aksi`) and no edit."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest

from rekap.tables.vocabulary import vocabulary
from tests.robustness.variants import DEMOS, assert_same_figures, land, original_figures, original_lines

DEMO = DEMOS["bangka"]
H1, H2 = 2, 3  # 0-based indexes of the two header lines
QUARTERS = [5, 6, 7, 8]
WIDTH = 13


def _grid(lines: list[str]) -> list[list[str] | str]:
    """Tabbed lines as cell lists padded to the table width; other lines kept as text."""
    out: list[list[str] | str] = []
    for line in lines:
        if "\t" in line:
            cs = line.split("\t")
            out.append(cs + [""] * (WIDTH - len(cs)))
        else:
            out.append(line)
    return out


def _text(grid: list[list[str] | str]) -> list[str]:
    return [row if isinstance(row, str) else "\t".join(row) for row in grid]


def permute(order: list[int]) -> Callable[[list[str]], list[str]]:
    """Columns reordered; a cell the extraction had pushed one column right stays one right of its column."""

    def run(lines: list[str]) -> list[str]:
        out: list[list[str] | str] = []
        for row in _grid(lines):
            if isinstance(row, str):
                out.append(row)
                continue
            cells = [row[k] for k in order]
            if len(row) > WIDTH and any(row[WIDTH:]):
                cells.insert(order.index(WIDTH - 1) + 1, row[WIDTH])
            out.append(cells)
        return _text(out)

    return run


def rename(mapping: dict[str, str], case: Callable[[str], str] = lambda s: s) -> Callable[[list[str]], list[str]]:
    def run(lines: list[str]) -> list[str]:
        g = _grid(lines)
        g[H1] = [case(mapping.get(c, c)) for c in g[H1]]
        return _text(g)

    return run


def split_header(numbers: bool, three: bool = False) -> Callable[[list[str]], list[str]]:
    """The header over two or three lines (words wrapped in their cells), optionally the column numbers below."""
    top = [
        "NO",
        "SASARAN",
        "INDIKATOR",
        "SATUAN",
        "TARGET",
        "TARGET",
        "",
        "",
        "",
        "PROGRAM",
        "KEGIATAN",
        "SUB",
        "ANGGARAN",
    ]
    mid = ["", "KINERJA", "KINERJA", "", "", "TRIWULAN", "", "", "", "", "", "KEGIATAN", "(Rp)"]
    low = ["", "", "", "", "", "I", "II", "III", "IV", "", "", "", ""]

    def run(lines: list[str]) -> list[str]:
        if three:
            head = [top, mid, low]
        else:  # the title words on the first line, their last word and the quarter labels on the second
            head = [list(top), [m or q for m, q in zip(mid, low, strict=True)]]
            head[0][5], head[1][5] = "TARGET TRIWULAN", "I"
        if numbers:
            head.append([str(k + 1) for k in range(WIDTH)])
        return lines[:H1] + ["\t".join(r) for r in head] + lines[H2 + 1 :]

    return run


def inline_quarters(fmt: str, header_label: str = "TARGET") -> Callable[[list[str]], list[str]]:
    """The TW I-IV columns folded into the TARGET cell: '80 TW 1 : 0 TW 2 : 0 ...' (fmt formats one quarter)."""
    keep = [k for k in range(WIDTH) if k not in QUARTERS]

    def run(lines: list[str]) -> list[str]:
        out = []
        for i, row in enumerate(_grid(lines)):
            if isinstance(row, str):
                out.append(row)
                continue
            if i == H2:
                continue  # the quarter label line goes with the quarter columns; keep line count below
            cells = list(row)
            if i > H2 and any(cells[k] for k in QUARTERS):
                inline = " ".join(fmt.format(n=n, v=cells[k]) for n, k in enumerate(QUARTERS, 1) if cells[k])
                cells[4] = f"{cells[4]} {inline}".strip()
            if i == H1:
                cells[4] = header_label
            out.append("\t".join([cells[k] for k in keep] + cells[WIDTH:]))
        return out

    return run


def quarters_in_rows(label: str) -> Callable[[list[str]], list[str]]:
    """The TW I-IV columns replaced by rows of their own under each indicator: label cell, value cell."""
    keep = [k for k in range(WIDTH) if k not in QUARTERS]
    roman = {1: "I", 2: "II", 3: "III", 4: "IV"}

    def run(lines: list[str]) -> list[str]:
        out = []
        for i, row in enumerate(_grid(lines)):
            if isinstance(row, str):
                out.append(row)
                continue
            if i == H2:
                continue  # the quarter label line goes with the quarter columns
            out.append("\t".join([row[k] for k in keep] + row[WIDTH:]))
            if i > H2:
                for n, k in enumerate(QUARTERS, 1):
                    if row[k]:
                        out.append("\t".join(["", "", "", label.format(n=n, r=roman[n]), row[k]]))
        return out

    return run


def shift_some_rows(seed: int, every: int = 3) -> Callable[[list[str]], list[str]]:
    """An empty cell inserted into some data rows (merged-cell drift): the cells right of it move one column."""

    def run(lines: list[str]) -> list[str]:
        rng = random.Random(seed)
        out = list(lines)
        for i in range(H2 + 1, len(lines)):
            cs = lines[i].split("\t")
            if len(cs) < 5 or i % every:
                continue
            filled = [k for k, c in enumerate(cs) if c]
            at = rng.randint(1, max(filled))
            out[i] = "\t".join(cs[:at] + [""] + cs[at:])
        return out

    return run


def page_breaks(at: list[int], cut: int | None, title: bool = True) -> Callable[[list[str]], list[str]]:
    """A page break before the given data lines: page number, page title, the header again. With `cut`, the record
    on that line is cut by the break (its cells from column `cut` on continue on the next page)."""

    def run(lines: list[str]) -> list[str]:
        out: list[str] = []
        for i, line in enumerate(lines):
            page = ["", "- 2 -"] + (["RENCANA AKSI PERANGKAT DAERAH", ""] if title else []) + lines[H1 : H2 + 1]
            if i in at:
                if cut is None:
                    out += page + [line]
                else:
                    cs = line.split("\t")
                    out += ["\t".join(cs[:cut] + [""] * (len(cs) - cut))] + page
                    out.append("\t".join([""] * cut + cs[cut:]))
                continue
            out.append(line)
        return out

    return run


def combine(*fs: Callable[[list[str]], list[str]]) -> Callable[[list[str]], list[str]]:
    def run(lines: list[str]) -> list[str]:
        for f in fs:
            lines = f(lines)
        return lines

    return run


SYNONYMS = {
    "NO": "No.",
    "SASARAN KINERJA": "SASARAN STRATEGIS",
    "INDIKATOR KINERJA": "INDIKATOR",
    "SATUAN": "SAT.",
    "TARGET": "TARGET TAHUNAN",
    "TRIWULAN": "TW",
    "ANGGARAN": "PAGU (Rp)",
    "SUB KEGIATAN": "SUB-KEGIATAN",
}
ABBREVIATIONS = {
    "NO": "NOMOR",
    "INDIKATOR KINERJA": "IKU",
    "SATUAN": "SAT",
    "TRIWULAN": "TRW",
    "ANGGARAN": "PAGU ANGGARAN",
    "SUB KEGIATAN": "SUBKEGIATAN",
}

VARIANTS: dict[str, Callable[[list[str]], list[str]]] = {
    "reorder_unit_target": permute([0, 1, 2, 4, 3, 5, 6, 7, 8, 9, 10, 11, 12]),
    "reorder_budget_first": permute([0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 9, 10, 11]),
    "reorder_names_reversed": permute([0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 10, 9, 12]),
    "reorder_unit_before_indicator": permute([0, 1, 3, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]),
    "rename_synonyms": rename(SYNONYMS),
    "rename_abbreviations": rename(ABBREVIATIONS),
    "rename_lower_case": rename({}, str.lower),
    "rename_title_case": rename(SYNONYMS, str.title),
    "header_two_lines": split_header(numbers=False),
    "header_two_lines_numbers": split_header(numbers=True),
    "header_three_lines_numbers": split_header(numbers=True, three=True),
    "shifted_cells_a": shift_some_rows(1),
    "shifted_cells_b": shift_some_rows(2, every=2),
    "shifted_cells_c": shift_some_rows(3, every=5),
    "inline_tw_colon": inline_quarters("TW {n} : {v}"),
    "inline_tw_roman_equals": inline_quarters("TW {r} = {v}".replace("{r}", "{n}")),
    "inline_triwulan": inline_quarters("Triwulan {n}: {v}", header_label="TARGET / TRIWULAN"),
    "quarters_own_rows_tw": quarters_in_rows("TW {r}"),
    "quarters_own_rows_triwulan": quarters_in_rows("Triwulan {n} :"),
    "page_breaks": page_breaks([20, 45, 70], cut=None),
    "page_breaks_without_title": page_breaks([30, 60], cut=None, title=False),
    "page_break_cuts_record": page_breaks([20, 57], cut=5),
    "page_break_cuts_record_late": page_breaks([33], cut=9),
    "combined_rename_reorder_split": combine(permute([0, 1, 2, 4, 3, 5, 6, 7, 8, 11, 10, 9, 12]), rename(SYNONYMS)),
    "combined_split_shift_breaks": combine(split_header(numbers=True), shift_some_rows(4), page_breaks([40], cut=None)),
}


@pytest.fixture(scope="module")
def expected():
    return original_figures(DEMO)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_lands_the_same_figures(name: str, expected) -> None:
    assert_same_figures(DEMO, VARIANTS[name], expected, inside=True)


def joined(values) -> list[tuple]:
    """Figures with the fragments of a text wrapped across a page break joined again (in line order)."""
    voc = vocabulary()
    parts: dict[tuple, list] = {}
    for v in sorted(values, key=lambda v: (v.line, v.column)):
        key = (
            v.record_no,
            v.parent_record_no,
            v.level,
            v.role,
            voc.quarter_of(v.quarter_label) if v.quarter_label else None,
        )
        parts.setdefault(key, []).append(v.text)
    return sorted((*k, " ".join(t)) for k, t in parts.items())


def wrap_across_page(at: list[int], columns: tuple[int, ...]) -> Callable[[list[str]], list[str]]:
    """The row on each of these lines wraps its texts in `columns` across a page break: the first half of each
    text before the break, the page header, then a row holding only the second halves."""

    def run(lines: list[str]) -> list[str]:
        out: list[str] = []
        for i, line in enumerate(lines):
            if i not in at:
                out.append(line)
                continue
            cs = line.split("\t")
            rest = [""] * len(cs)
            for c in columns:
                words = cs[c].split(" ")
                cs[c], rest[c] = " ".join(words[: len(words) // 2]), " ".join(words[len(words) // 2 :])
            out += ["\t".join(cs), "", "- 2 -", *lines[H1 : H2 + 1], "\t".join(rest)]
        return out

    return run


WRAPPED = {
    "page_break_wraps_sasaran_name": wrap_across_page([9], (1,)),
    "page_break_wraps_name_and_indicator": wrap_across_page([14, 50], (1, 2)),
    "page_break_wraps_program_name": wrap_across_page([5], (9,)),
}


@pytest.mark.parametrize("name", sorted(WRAPPED))
def test_text_wrapped_across_a_page_break_joins_its_record(name: str) -> None:
    lines = original_lines(DEMO)
    variant = WRAPPED[name](lines)
    got = land(variant, DEMO.spec)
    assert joined(got) == joined(land(lines, DEMO.spec))
    assert len(got) > 575  # the second halves are landed as fragments of their own (line, column)
