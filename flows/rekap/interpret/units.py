"""The unit words the parser needs, read from the reference data dbt conforms units with.

`dbt_project/seeds/unit_aliases.csv` maps every unit spelling seen in the submissions to its canonical unit; the
spellings of 'persen' there are also what makes a written figure a percentage ('15 %', '15 prosen') and what makes
a record's unit hint the parser towards percent. One list: a new spelling added to the seed is read both ways.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from rekap.paths import dbt_project_dir

PERCENT_UNIT = "persen"


def aliases_csv() -> Path:
    return dbt_project_dir() / "seeds" / "unit_aliases.csv"


@cache
def unit_aliases() -> dict[str, str]:
    """Written unit (case-folded, as the seed has it) -> canonical unit."""
    with aliases_csv().open(encoding="utf-8", newline="") as fh:
        return {row["alias_normalised"].strip().casefold(): row["canonical_unit"].strip() for row in csv.DictReader(fh)}


@cache
def percent_words() -> tuple[str, ...]:
    """The spellings of a percentage ('%', 'persen', 'prosen', ...), longest first (a regex alternation tries them
    in order)."""
    words = {alias for alias, unit in unit_aliases().items() if unit == PERCENT_UNIT}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def percent_pattern() -> str:
    """A regex alternation (no group) of `percent_words`, to be compiled case-insensitively."""
    return "|".join(re.escape(w) for w in percent_words())
