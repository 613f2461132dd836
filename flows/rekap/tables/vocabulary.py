"""The header words and cell looks of planning documents (vocabulary.yml), and how a header text is read."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rekap.manifest import YAML_LOADER

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yml")
UNASKED = object()  # what the memo holds for a question not asked yet (an answer may be None)
MEMO_LIMIT = 1 << 18  # answers kept per process: a national corpus asks about a few hundred thousand cell texts


@functools.lru_cache(maxsize=1 << 16)  # header candidates repeat on every page and in every document of a layout
def normalise(text: str) -> str:
    """Upper case, every run of non-alphanumerics one space: how header words are compared."""
    return " ".join(re.sub(r"[^0-9A-Za-z]+", " ", text).upper().split())


@dataclass(frozen=True)
class Vocabulary:
    levels: tuple[tuple[str, tuple[str, ...]], ...]
    roles: tuple[tuple[str, tuple[str, ...]], ...]
    numerals: dict[str, int]
    label_rx: re.Pattern[str]
    inline_rx: re.Pattern[str]
    cell_label_rx: re.Pattern[str]
    any_label_rx: re.Pattern[str]
    level_marker_rx: re.Pattern[str]
    item_marker_rx: re.Pattern[str]
    figure_start_rx: re.Pattern[str]
    looks: dict[str, re.Pattern[str]]
    checked: frozenset[str]
    end_rxs: tuple[re.Pattern[str], ...]
    not_row_rxs: tuple[re.Pattern[str], ...]
    # (question, text) -> answer: every question below depends on the text alone, and the same texts (header words,
    # names, units, indicators) are asked about on every line of every document of a layout
    memo: dict[tuple[str, Hashable], Any] = field(default_factory=dict, compare=False, repr=False)

    @staticmethod
    def from_dict(d: dict[str, Any]) -> Vocabulary:
        return Vocabulary(
            levels=tuple((e["level"], tuple(normalise(w) for w in e["words"])) for e in d["levels"]),
            roles=tuple((e["role"], tuple(normalise(w) for w in e["words"])) for e in d["roles"]),
            numerals={str(k): int(v) for k, v in d["quarters"]["numerals"].items()},
            label_rx=re.compile(d["quarters"]["label"]),
            inline_rx=re.compile(d["quarters"]["inline"]),
            cell_label_rx=re.compile(d["quarters"]["cell_label"]),
            any_label_rx=re.compile(d["quarters"]["any_label"]),
            level_marker_rx=re.compile(d["markers"]["level"]),
            item_marker_rx=re.compile(d["markers"]["item"]),
            figure_start_rx=re.compile(d["figure_start"]),
            looks={k: re.compile(v) for k, v in d["looks"].items()},
            checked=frozenset(d.get("checked") or ()),
            end_rxs=tuple(re.compile(p) for p in d.get("end_of_table") or ()),
            not_row_rxs=tuple(re.compile(p) for p in d.get("not_rows") or ()),
        )

    # ------------------------------------------------------------------------------------------ header words
    @staticmethod
    def _find(words: tuple[str, ...], text: str) -> int | None:
        """Position (in words) of the first vocabulary phrase found as whole words in a normalised text."""
        padded = f" {text} "
        best: int | None = None
        for w in words:
            k = padded.find(f" {w} ")
            if k >= 0 and (best is None or k < best):
                best = k
        return best

    def remember(self, question: str, text: Hashable, answer: Callable[[Any], Any]) -> Any:
        """answer(text), computed once per process for each (question, text): `text` is a cell's text, or a row's
        cells."""
        key = (question, text)
        try:
            return self.memo[key]
        except KeyError:
            if len(self.memo) > MEMO_LIMIT:
                self.memo.clear()
            found = self.memo[key] = answer(text)
            return found

    def _first(self, kind: str, entries: tuple[tuple[str, tuple[str, ...]], ...], text: str) -> str | None:
        return self.remember(kind, text, lambda t: self._first_entry(entries, normalise(t)))

    def _first_entry(self, entries: tuple[tuple[str, tuple[str, ...]], ...], normalised: str) -> str | None:
        return next((name for name, words in entries if self._find(words, normalised) is not None), None)

    def level_of(self, text: str) -> str | None:
        return self._first("level", self.levels, text)

    def level_prefix(self, text: str) -> str | None:
        """The level a name announces by its first words ("Sub Kegiatan Penyediaan ...", "Program ...")."""
        return self.remember("prefix", text, self._level_prefix)

    def _level_prefix(self, text: str) -> str | None:
        n = f"{normalise(text)} "
        found = [(len(w), level) for level, words in self.levels for w in words if n.startswith(f"{w} ")]
        return max(found)[1] if found else None

    def role_of(self, text: str) -> str | None:
        return self._first("role", self.roles, text)

    def is_header_word(self, text: str) -> bool:
        return bool(text) and (self.level_of(text) is not None or self.role_of(text) is not None)

    # --------------------------------------------------------------------------------------------- quarters
    def quarter_of(self, text: str) -> int | None:
        """The quarter a cell that is only a quarter label names ("II", "TW 2", "Triwulan II"), else None."""
        return self.remember("quarter", text, self._quarter_of)

    def _quarter_of(self, text: str) -> int | None:
        m = self.label_rx.fullmatch(text.strip().rstrip(":=").strip())
        return self.numerals.get(m.group("n").upper()) if m else None

    def fits(self, role: str, text: str) -> bool:
        """False only for a cell of a checked role (a figure, a number) that does not look like one."""
        return role not in self.checked or self.looks_like(role, text)

    def looks_like(self, role: str, text: str) -> bool:
        rx = self.looks.get(role)
        if rx is None:
            return True
        found = self.memo.get(("looks", (role, text)))  # asked of most cells: a bool once answered
        if found is None:
            found = self.remember("looks", (role, text), lambda _: rx.fullmatch(text) is not None)
        return found


@functools.cache
def vocabulary_data() -> dict[str, Any]:
    """vocabulary.yml parsed once per process: every reader that needs a section of it reads it from here. Callers
    must not change it."""
    return yaml.load(VOCABULARY_FILE.read_text(encoding="utf-8"), Loader=YAML_LOADER)


@functools.cache
def vocabulary() -> Vocabulary:
    return Vocabulary.from_dict(vocabulary_data())
