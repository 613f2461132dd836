"""rekap.interpret.units: the percent spellings are the seed's, and the parser and the readings use them."""

from __future__ import annotations

import csv
from decimal import Decimal

import pytest

from rekap.interpret.numbers import parse_number
from rekap.interpret.units import aliases_csv, percent_words
from rekap.landing.readings import hint_for


def _seed_percent_aliases() -> set[str]:
    with aliases_csv().open(encoding="utf-8", newline="") as fh:
        return {r["alias_normalised"].strip().casefold() for r in csv.DictReader(fh) if r["canonical_unit"] == "persen"}


def test_percent_words_are_the_seeds_spellings_of_persen() -> None:
    assert set(percent_words()) == _seed_percent_aliases()
    assert {"%", "persen", "prosen"} <= set(percent_words())


@pytest.mark.parametrize("word", sorted(_seed_percent_aliases()))
def test_every_spelling_of_persen_in_the_seed_makes_a_percentage(word: str) -> None:
    for text in (f"87,5 {word}", f"87,5{word}", f"87,5 {word.upper()}"):
        p = parse_number(text)
        assert (p.kind, p.value) == ("percent", Decimal("87.5")), text
    assert hint_for("target_annual", word.title()) == "percent"


def test_a_unit_that_is_not_a_percentage_gives_no_hint() -> None:
    assert parse_number("3 Dok").kind == "number" and parse_number("3 Dok").unit_text == "Dok"
    assert hint_for("target_annual", "Dokumen") is None
