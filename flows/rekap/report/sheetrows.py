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
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'


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
