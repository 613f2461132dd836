"""Variants of the four demo documents, made by the transformations other agencies and other years produce.

A variant is a function ``lines -> lines`` that keeps every line where it was (so lineage compares one to one)
plus a function ``text -> text`` saying how a verbatim cell of the original reads in the variant (identity for
pure layout changes, the same substitution for renamed years and places).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rekap.landing.schema import VALUE_FIELDS, value_row
from rekap.layouts import adapter_for
from rekap.layouts.spec import load_spec, resolve_spec_path
from rekap.layouts.textfile import read_lines
from rekap.tables.cells import LandedValue
from rekap.tables.vocabulary import vocabulary

REPO = Path(__file__).resolve().parents[2]

LINEAGE = ("line", "column", "page")  # where a value sits: variants move lines and cells
_TEXTS = frozenset({"text", "year_label", "context"})  # verbatim texts a renamed place or year reads differently
YEAR_RX = re.compile(r"(?<![\d.,])((?:19|20)\d\d)(?![\d]|[.,]\d)")


@dataclass(frozen=True)
class Demo:
    name: str
    path: Path
    spec: str
    places: tuple[tuple[str, str], ...]  # (as written in the document, what another agency writes there)
    signature: tuple[str, ...] = field(default=())  # place/date block appended after the table (trimmed from raw/)


DEMOS: dict[str, Demo] = {
    d.name: d
    for d in (
        Demo(
            "bangka",
            REPO / "raw/19.01-bangka-kesbangpol/2024/rencana_aksi_2024.txt",
            "tabel_rencana_aksi",
            (("KABUPATEN BANGKA", "KABUPATEN TOLI-TOLI"), ("Badan Kesbangpol", "Dinas Kominfo")),
            ("", "Kabupaten Toli-Toli, Januari 2024", "Kepala Dinas Komunikasi", "dan Informatika"),
        ),
        Demo(
            "luwu_timur",
            REPO / "raw/73.24-luwu-timur-kesbangpol/2022/rencana_aksi_perubahan_2022.txt",
            "tabel_rencana_aksi",
            (
                ("KABUPATEN LUWU TIMUR", "KAB. BOLAANG MONGONDOW TIMUR"),
                ("BADAN KESATUAN BANGSA DAN POLITIK", "DINAS PEMBERDAYAAN MASYARAKAT DAN DESA"),
                ("Mallii", "Tutuyan"),
            ),
        ),
        Demo(
            "lumajang",
            REPO / "raw/35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023.txt",
            "lumajang_laporan_kinerja",
            (
                ("KABUPATEN LUMAJANG", "KOTA PANGKALPINANG"),
                ("Kabupaten Lumajang", "Kota Pangkalpinang"),
                ("BADAN KESATUAN BANGSA DAN POLITIK", "BADAN PERENCANAAN PEMBANGUNAN D'AERAH"),
            ),
        ),
        Demo(
            "lampung",
            REPO / "raw/18-lampung-kesbangpol/2023/rencana_aksi_kinerja_2023.txt",
            "lampung_rencana_aksi",
            (
                ("PROVINSI LAMPUNG", "PROVINSI SULAWESI TENGAH"),
                ("Provinsi Lampung", "Provinsi Sulawesi Tengah"),
                ("Lampung", "Sulawesi Tengah"),
            ),
        ),
    )
}


def original_lines(demo: Demo) -> list[str]:
    return read_lines(demo.path.read_bytes()) + list(demo.signature)


def land(lines: list[str], spec_name: str) -> list[LandedValue]:
    spec = load_spec(resolve_spec_path(spec_name))
    return adapter_for(spec["family"])(lines, spec)


def land_variant(demo: Demo, make: Callable[[list[str]], list[str]]) -> tuple[list[str], list[LandedValue]]:
    """The demo's lines through `make` (which must change them), and what the demo's spec lands from them."""
    lines = original_lines(demo)
    variant = make(lines)
    assert variant != lines
    return variant, land(variant, demo.spec)


def assert_lineage(values: list[LandedValue], lines: list[str], inside: bool = False) -> None:
    """Every text is the cell it points at (`inside`: within it, for cells holding several values such as inline
    quarters); a figure in a sentence is the substring at its character offset."""
    for v in values:
        assert v.column is not None
        if v.context is not None:
            assert lines[v.line - 1][v.column : v.column + len(v.text)] == v.text
        elif inside:
            assert v.text in lines[v.line - 1].split("\t")[v.column].strip()
        else:
            assert lines[v.line - 1].split("\t")[v.column].strip() == v.text


def figures(
    values: list[LandedValue],
    sub: Callable[[str], str] = lambda s: s,
    drop: tuple[str, ...] = LINEAGE,
    quarter_numbers: bool = True,
) -> list[tuple]:
    """Value by value, sorted: every landed field (rekap.landing.schema.VALUE_FIELDS) but `drop`, the texts of the
    original read as the variant writes them (`sub`), the quarter as its number (`quarter_numbers`: variants
    write quarters their own way) or verbatim."""
    voc = vocabulary()

    def field(name: str, x):
        if x is None:
            return None
        if name == "quarter_label" and quarter_numbers:
            return voc.quarter_of(x)
        return sub(x) if name in _TEXTS else x

    return sorted(
        tuple(field(name, x) for name, x in zip(VALUE_FIELDS, value_row(v)) if name not in drop) for v in values
    )


def original_figures(demo: Demo) -> list[tuple]:
    return figures(land(original_lines(demo), demo.spec))


def assert_same_figures(
    demo: Demo, make: Callable[[list[str]], list[str]], expected: list[tuple], inside: bool = False
) -> None:
    """The variant `make` writes of the demo lands, with lineage (`inside`: see assert_lineage), the expected
    figures."""
    variant, landed = land_variant(demo, make)
    assert_lineage(landed, variant, inside)
    got = figures(landed)
    assert len(got) == len(expected)
    assert got == expected


def wrapped_header(line: str) -> list[str]:
    """A header line over two lines, each title wrapped after its first word."""
    cells = line.split("\t")
    return [
        "\t".join(c.split(" ", 1)[0] for c in cells),
        "\t".join(c.split(" ", 1)[1] if " " in c else "" for c in cells),
    ]


def year_shift(k: int) -> Callable[[str], str]:
    """Every 4-digit year (not part of a longer figure) moved by k years."""
    return lambda s: YEAR_RX.sub(lambda m: str(int(m.group(1)) + k), s)


def renamer(pairs: tuple[tuple[str, str], ...]) -> Callable[[str], str]:
    def rename(s: str) -> str:
        for old, new in pairs:
            s = s.replace(old, new)
        return s

    return rename


def compose(*fs: Callable[[str], str]) -> Callable[[str], str]:
    def run(s: str) -> str:
        for f in fs:
            s = f(s)
        return s

    return run


def comparable(values: list[LandedValue], sub: Callable[[str], str] = lambda s: s) -> list[tuple]:
    """Every landed value as a tuple, its texts read as the variant writes them. The column is kept for table
    cells (same grid); for a figure found in prose it is a character offset, which a longer place name moves, so
    there the sentence (`context`) and the text stand for where it is."""

    def t(x: str | None) -> str | None:
        return None if x is None else sub(x)

    return sorted(
        (
            v.table_id,
            v.record_no,
            v.level,
            v.role,
            t(v.text),
            v.line,
            v.column if v.context is None else None,
            v.parent_record_no,
            t(v.quarter_label),
            v.version_label,
            t(v.year_label),
            t(v.context),
        )
        for v in values
    )
