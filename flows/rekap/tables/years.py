"""Years in a table: columns titled by a year alone ("Tahun 2022 | Tahun 2023"), and the year a document states
for itself, which a realisation column without a year of its own belongs to.

No year is ever written in a spec or in code: a column's year is read from its own title, the document's year
from the document (the year it states most often, as in the title repeated on every page; a five-year plan it
cites names other years once). Next year's report, with every year moved, reads the same.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace

from rekap.tables.layout import Column

YEAR_TITLE_RX = re.compile(r"(?i)^\s*(?:TAHUN|THN\.?|TH\.?)?\s*((?:19|20)\d\d)\s*$")
# "TAHUN 2023" as a word of its own: the word start is checked apart (_WORD), as a leading \b would slow the
# search four-fold on a long document
STATED_YEAR_RX = re.compile(r"(?i)TAHUN\s+((?:19|20)\d\d)\b")
# the same search in the text lower-cased: a literal start the regex engine finds at once, where a case-insensitive
# one is tried at every position. It finds the same matches wherever lower-casing left every character one character
# (checked for every code point: only T/t lower-cases to "t", and so on; spaces, digits and word characters stay so)
STATED_YEAR_LOWER_RX = re.compile(r"tahun\s+((?:19|20)\d\d)\b")
_WORD = re.compile(r"\w")
MEASURED_ROLES = frozenset({"realisation", "realisation_pct"})


def document_year(texts: Iterable[str]) -> str | None:
    """The year stated most often ("... TAHUN 2023"); the latest year breaks a tie."""
    # one search over the texts joined by NUL: neither a word character nor a space, it lets no match cross two
    # texts and bounds a word as a text's start or end does, so the matches are each text's own
    joined = "\x00".join(texts)
    lower = joined.lower()
    rx, text = (STATED_YEAR_LOWER_RX, lower) if len(lower) == len(joined) else (STATED_YEAR_RX, joined)
    years = Counter(m.group(1) for m in rx.finditer(text) if not m.start() or not _WORD.match(text, m.start() - 1))
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))


def year_columns(cols: dict[int, Column], year: str | None) -> dict[int, Column]:
    """Columns titled by a year alone hold that year's figures: realisations in a table that measures
    (it has a REALISASI or CAPAIAN column), targets otherwise. A realisation column whose title names no year
    measures the document's year."""
    measured = any(c.role in MEASURED_ROLES for c in cols.values())
    names = sorted(j for j, c in cols.items() if c.role == "name" and c.level)
    out = dict(cols)
    for j, c in cols.items():
        m = YEAR_TITLE_RX.fullmatch(c.title) if c.role in (None, "year") else None
        if m is not None:
            left = [k for k in names if k < j]
            level = cols[left[-1]].level if left else c.level
            role = "realisation" if measured else "target_annual"
            out[j] = replace(c, role=role, level=level, year_label=m.group(1))
        elif c.role in MEASURED_ROLES and c.year_label is None:
            found = re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", c.title)
            out[j] = replace(c, year_label=found.group(0) if found else year)
    return out
