"""The one error an adapter raises: the document stopped fitting its layout spec."""

from __future__ import annotations

from rekap.i18n import t


class LayoutMismatch(Exception):
    """Raised with the 1-based line where parsing stopped and what the spec expected there."""

    def __init__(self, line: int | None, expected: str, found: str | None = None) -> None:
        self.line = line
        self.expected = expected
        self.found = found
        where = t("mismatch.at_line", line=line) if line is not None else t("mismatch.whole_file")
        msg = t("mismatch", where=where, expected=expected)
        if found is not None:
            shown = found if len(found) <= 80 else found[:77] + "..."
            msg += t("mismatch.found", found=shown)
        super().__init__(msg)
