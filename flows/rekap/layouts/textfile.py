"""Shared helpers for text extracted from PDFs: tab-separated cells, repeated page headers, wrapped cells."""

from __future__ import annotations

import re
from collections.abc import Iterable


def read_lines(raw: bytes) -> list[str]:
    """Decode a submitted text file into lines (index 0 is line 1). Raises UnicodeDecodeError if not text."""
    text = raw.decode("utf-8")
    if "\x00" in text:
        raise UnicodeDecodeError("utf-8", raw, text.index("\x00"), text.index("\x00") + 1, "NUL byte: not a text file")
    return text.splitlines()


def cells(line: str) -> list[str]:
    """Split a table line into its cells, stripped of surrounding whitespace (inner text kept verbatim)."""
    return [c.strip() for c in line.split("\t")]


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
