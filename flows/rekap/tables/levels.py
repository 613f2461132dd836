"""Which level a name is when the document does not say: a name column holding programs, kegiatan and sub
kegiatan alike, with no numbering and no level word in front of the names.

A name announcing its level ("PROGRAM ...", "Sub Kegiatan ...") is that level. Otherwise the national
nomenclature (the dbt seed the warehouse conforms to) tells a kegiatan from a sub kegiatan: the level whose best
entry names it closest, when that entry is close enough to be the same name and closer than the other level's.
The same reference tells a name cut by a page break: its fragment on the next page names nothing on its own,
while the fragments joined name an entry.
"""

from __future__ import annotations

import csv
import functools

from rekap.interpret.nomenclature import normalise, score
from rekap.paths import dbt_project_dir
from rekap.tables.vocabulary import Vocabulary

ITEM_LEVELS = ("kegiatan", "sub_kegiatan")
SAME_NAME = 85.0  # a score from which two names are the same name written differently (typos, wrapping)
SEED_FILES = ("nomenclature.csv", "nomenclature_additions.csv")


@functools.cache
def _entries() -> dict[str, tuple[str, ...]]:
    """Normalised nomenclature names per level (kegiatan, sub kegiatan), read once."""
    out: dict[str, set[str]] = {lv: set() for lv in ITEM_LEVELS}
    seeds = dbt_project_dir() / "seeds"
    for name in SEED_FILES:
        path = seeds / name
        if not path.is_file():
            continue
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("level") in out and row.get("name"):
                    out[row["level"]].add(normalise(row["name"]))
    return {lv: tuple(sorted(names)) for lv, names in out.items()}


@functools.lru_cache(maxsize=4096)
def _best(name: str) -> dict[str, float]:
    n = normalise(name)
    return {lv: max((score(n, c) for c in names), default=0.0) for lv, names in _entries().items()}


def nomenclature_level(name: str) -> str | None:
    """kegiatan or sub_kegiatan when the nomenclature names it clearly, else None."""
    best = _best(name)
    level = max(ITEM_LEVELS, key=lambda lv: best[lv])
    other = min(ITEM_LEVELS, key=lambda lv: best[lv])
    if best[level] >= SAME_NAME and best[level] > best[other]:
        return level
    return None


def closeness(name: str) -> float:
    """How closely the nomenclature names it (0-100): the best entry of any level."""
    return max(_best(name).values(), default=0.0)


def name_level(voc: Vocabulary, name: str, allowed: tuple[str, ...]) -> str | None:
    """The level a name in a mixed column is: announced by its first words, else from the nomenclature."""
    announced = voc.level_prefix(name)
    if announced in allowed:
        return announced
    level = nomenclature_level(name)
    return level if level in allowed else None


def continues_name(previous: str, fragment: str) -> bool:
    """The fragment is the rest of `previous`, cut by a page break: alone it names no nomenclature entry, joined
    to `previous` it names one, and better than `previous` alone."""
    alone = max(_best(fragment).values())
    joined = max(_best(f"{previous} {fragment}").values())
    return alone < SAME_NAME <= joined and joined > max(_best(previous).values())
