"""The one error an adapter raises: the document stopped fitting its layout spec."""

from __future__ import annotations


class LayoutMismatch(Exception):
    """Raised with the 1-based line where parsing stopped and what the spec expected there."""

    def __init__(self, line: int | None, expected: str, found: str | None = None) -> None:
        self.line = line
        self.expected = expected
        self.found = found
        where = f"line {line}" if line is not None else "the whole file"
        msg = f"{where}: expected {expected}"
        if found is not None:
            shown = found if len(found) <= 80 else found[:77] + "..."
            msg += f", found {shown!r}"
        super().__init__(msg)
