"""Nothing may depend on a document's year, place or agency: next year's document of another region lands the
same figures, value by value, with no spec edit."""

from __future__ import annotations

import pytest

from tests.robustness.variants import DEMOS, comparable, compose, land, original_lines, renamer, year_shift


@pytest.mark.parametrize("shift", [1, 2])
@pytest.mark.parametrize("name", sorted(DEMOS))
def test_other_year_and_place_land_the_same_figures(name: str, shift: int) -> None:
    demo = DEMOS[name]
    sub = compose(renamer(demo.places), year_shift(shift))
    lines = original_lines(demo)
    variant = [sub(line) for line in lines]
    assert variant != lines
    expected = comparable(land(lines, demo.spec), sub)
    got = comparable(land(variant, demo.spec))
    assert len(got) == len(expected) > 50
    assert got == expected


@pytest.mark.parametrize(
    "place",
    [
        "Kabupaten Toli-Toli",
        "Kota Pangkalpinang",
        "Kab. Bolaang Mongondow Timur",
        "Kabupaten Pangkajene dan Kepulauan",
        "Sungailiat",
        "Tanjung Jabung Barat",
        "Ma'rang",
    ],
)
@pytest.mark.parametrize("name", ["bangka", "luwu_timur"])
def test_signature_line_of_any_place_ends_the_table(name: str, place: str) -> None:
    demo = DEMOS[name]
    lines = original_lines(demo)
    date = "15 Januari 2025" if name == "luwu_timur" else "Januari 2025"
    signed = [*lines, "", f"{place}, {date}", "KEPALA BADAN", "", "NAMA PEJABAT", "NIP. 19700101 199003 1 001"]
    assert comparable(land(signed, demo.spec)) == comparable(land(lines, demo.spec))
