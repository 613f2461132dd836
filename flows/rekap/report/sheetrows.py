"""The finding rows of a 'daftar perbaikan' sheet written as the XML openpyxl writes for them, without a cell
object per value: openpyxl spent most of a national report building and serialising half a million cells whose
XML is a fixed pattern. Only values whose XML is that pattern are written here (str, int, None: `plain`); when any
other value is in a sheet, openpyxl writes it cell by cell. Either way the bytes are the same (a test compares
them).

openpyxl's rules followed here (openpyxl.cell.cell and cell._writer, serialised by lxml): a str becomes an inline
string, marked xml:space="preserve" when it has surrounding whitespace; an int is written as "%.16g" formats it;
an empty cell that has a style is an empty element of type 'n' (open and close tag); the sheet is ASCII, every
other character a character reference. Strings openpyxl would change or refuse (a formula, an error code,
control characters, longer than a cell holds) are left to openpyxl."""

from __future__ import annotations

import re
from collections.abc import Sequence

from openpyxl.utils import get_column_letter

CELL_MAX = 32767  # characters openpyxl keeps in a cell
ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")  # openpyxl's ILLEGAL_CHARACTERS_RE


def plain(value: object) -> bool:
    """Whether the value's cell is one written here (else openpyxl writes the sheet)."""
    if value is None or type(value) is int:
        return True
    if type(value) is not str:
        return False
    return not (
        len(value) > CELL_MAX or (len(value) > 1 and value[0] == "=") or value in ERROR_CODES or _ILLEGAL.search(value)
    )


def _escape(text: str) -> str:
    """lxml's escaping of text."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _cell(ref: str, style: int, value: object) -> str:
    if value is None:
        return f'<c r="{ref}" s="{style}" t="n"></c>'
    if type(value) is int:
        return f'<c r="{ref}" s="{style}" t="n"><v>{value:.16g}</v></c>'
    assert isinstance(value, str)
    if value == "":
        return f'<c r="{ref}" s="{style}" t="inlineStr"></c>'
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is>{_text(value)}</is></c>'


def _text(value: str) -> str:
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f"<t{space}>{_escape(value)}</t>"


def rows_xml(first_row: int, rows: Sequence[tuple[Sequence[object], Sequence[int]]]) -> str:
    """`<row>` elements from first_row on, one per (values, style id of each value), every value `plain` and in its
    own styled cell from column A."""
    letters = [get_column_letter(c) for c in range(1, 1 + max((len(v) for v, _ in rows), default=0))]
    out = []
    for r, (values, styles) in enumerate(rows, start=first_row):
        out.append(f'<row r="{r}">')
        out.extend(_cell(f"{letter}{r}", style, value) for letter, style, value in zip(letters, styles, values))
        out.append("</row>")
    return "".join(out)


def splice(
    xml: bytes,
    header_row: int,
    columns: int,
    keys: Sequence[str | None],
    rows: Sequence[tuple[Sequence[object], str | None]],
    title: str,
    title_mark: str,
    last_mark: int,
) -> bytes:
    """The sheet openpyxl wrote with the title `title_mark`, an auto-filter down to row `last_mark` and one row per
    fill key (`keys`, in order) below the header, made the sheet of `title` and all `rows` (values, fill key): the
    rows' style ids are the ones openpyxl gave the cells of its rows, the dimension and auto-filter are the whole
    list's."""
    text = xml.decode("utf-8")
    first = header_row + 1
    head, rest = text.split(f'<row r="{first}">', 1)
    written_rows, tail = rest.split("</sheetData>", 1)

    def style_of(cell: str) -> int:
        found = re.search(f'<c r="{cell}" s="(\\d+)"', written_rows)
        if found is None:
            raise RuntimeError(f"unexpected sheet from openpyxl: no styled cell {cell}")
        return int(found[1])

    wrap = style_of(f"A{first}")
    fill = {key: style_of(f"B{r}") for r, key in enumerate(keys, start=first)}
    last, end = get_column_letter(columns), header_row + max(len(rows), 1)
    for part, old, new in (
        (
            "head",
            f'<dimension ref="A1:{last}{first + len(keys) - 1}"/>',
            f'<dimension ref="A1:{last}{header_row + len(rows)}"/>',
        ),
        ("head", f"<t>{_escape(title_mark)}</t>", _text(title)),
        (
            "tail",
            f'<autoFilter ref="A{header_row}:{last}{last_mark}"/>',
            f'<autoFilter ref="A{header_row}:{last}{end}"/>',
        ),
    ):
        where = head if part == "head" else tail
        if where.count(old) != 1:
            raise RuntimeError(f"unexpected sheet from openpyxl: not one {old}")
        if part == "head":
            head = head.replace(old, new)
        else:
            tail = tail.replace(old, new)
    body = rows_xml(first, [(values, [wrap, fill[key]] + [wrap] * (len(values) - 2)) for values, key in rows])
    return (head + body + "</sheetData>" + tail).encode("ascii", "xmlcharrefreplace")
