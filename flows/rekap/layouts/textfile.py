"""Shared helpers for text extracted from PDFs: tab-separated cells, repeated page headers, wrapped cells."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8 dengan BOM"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
# control characters no text document carries (tab, line breaks, form feed and vertical tab are text)
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode_text(raw: bytes) -> tuple[str, str | None]:
    """The text of a submitted file and, when it is not plain UTF-8, a note saying how it was decoded.

    UTF-8 (with or without BOM), UTF-16/UTF-32 with a BOM, and Windows-1252 / Latin-1 (what older Windows
    software writes) are read; a file with NUL bytes or control characters is binary and raises
    UnicodeDecodeError. The note is in Bahasa Indonesia: it is landed as a finding for the agency.
    """
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            text = raw.decode(codec)
            if "\x00" in text:
                raise UnicodeDecodeError(codec, raw, 0, 1, "NUL character in decoded text: not a text file")
            return text, f"berkas teks berkodekan {name}; dibaca sebagai {name} (isi tidak diubah)"
    if b"\x00" in raw:
        at = raw.index(b"\x00")
        raise UnicodeDecodeError("utf-8", raw, at, at + 1, "NUL byte: not a text file (UTF-16 without a BOM?)")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError:
        pass
    try:
        text, name = raw.decode("cp1252"), "Windows-1252 (cp1252)"
    except UnicodeDecodeError:
        text, name = raw.decode("latin-1"), "Latin-1 (ISO-8859-1)"
    bad = _BINARY.search(text)
    if bad:
        raise UnicodeDecodeError(name, raw, bad.start(), bad.start() + 1, "control characters: not a text file")
    return text, (
        f"berkas teks bukan UTF-8; dibaca sebagai {name} — periksa huruf beraksen dan simbol "
        "(sebaiknya simpan sebagai UTF-8)"
    )


class Lines(list):
    """A file's lines (index 0 is line 1), carrying how the file was decoded when it was not plain UTF-8."""

    encoding_note: str | None = None


def read_lines(raw: bytes) -> Lines:
    """Decode a submitted text file into lines (index 0 is line 1). Raises UnicodeDecodeError if not text."""
    text, note = decode_text(raw)
    lines = Lines(text.splitlines())
    lines.encoding_note = note
    return lines


def cells(line: str) -> list[str]:
    """Split a table line into its cells, stripped of surrounding whitespace (inner text kept verbatim)."""
    return list(map(str.strip, line.split("\t")))


def is_blank(line: str) -> bool:
    return not line.strip()


def first_match(lines: list[str], pattern: str, start: int = 0, flags: int = 0) -> int | None:
    """Index of the first line at or after `start` matching `pattern` (re.search), or None."""
    rx = re.compile(pattern, flags)
    for i in range(start, len(lines)):
        if rx.search(lines[i]):
            return i
    return None


def matches_any(line: str, patterns: Iterable[str]) -> bool:
    return any(re.search(p, line) for p in patterns)
