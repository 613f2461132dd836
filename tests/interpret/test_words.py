"""Tests for rekap.interpret.words (terbilang)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rekap.interpret.words import number_to_words, words_to_number
from tests.conftest import examples


@pytest.mark.parametrize(
    "text,value",
    [
        # the real phrases (Lumajang LKj TW I 2023, lines 517-532)
        ("dua puluh lima juta delapan ratus ribu rupiah", 25_800_000),
        ("satu juta tujuh ratus ribu rupiah", 1_700_000),
        (
            "sepuluh juta enam ratus 8 ribu rupiah",
            10_608_000,
        ),  # a digit between words; the digits beside it say 10.678.000
        ("lima juta seratus ribu rupiah", 5_100_000),
        (
            "enam ratus tiga belas juta empat ratus empat puluh delapan ribu lima ratus empat puluh Sembilan rupiah",
            613_448_549,
        ),
        # counts in parentheses: '2 (dua)', '5 (lima)'
        ("enam", 6),
        ("dua", 2),
        ("lima", 5),
        ("dua belas", 12),
        ("tiga puluh tujuh", 37),
        # the vocabulary
        ("nol", 0),
        ("satu", 1),
        ("sembilan", 9),
        ("sepuluh", 10),
        ("sebelas", 11),
        ("sembilan belas", 19),
        ("dua puluh", 20),
        ("sembilan puluh sembilan", 99),
        ("seratus", 100),
        ("seratus satu", 101),
        ("seratus sebelas", 111),
        ("dua ratus", 200),
        ("seribu", 1000),
        ("seribu satu", 1001),
        ("sebelas ribu", 11_000),
        ("seratus ribu", 100_000),
        ("satu juta", 1_000_000),
        ("sejuta", 1_000_000),
        ("dua miliar", 2_000_000_000),
        ("dua milyar", 2_000_000_000),
        ("tiga triliun", 3 * 10**12),
        ("tiga trilyun lima", 3 * 10**12 + 5),
        (
            "delapan miliar tiga ratus tiga puluh delapan juta lima ratus enam puluh ribu sembilan ratus dua puluh sembilan",
            8_338_560_929,
        ),
        ("SATU JUTA TUJUH RATUS RIBU RUPIAH", 1_700_000),
        ("(satu juta tujuh ratus ribu rupiah)", 1_700_000),
        ("satu juta, tujuh ratus ribu rupiah saja", 1_700_000),
        ("25 juta", 25_000_000),
        ("enam ratus 13 juta", 613_000_000),
    ],
)
def test_words_to_number(text, value):
    assert words_to_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "rupiah",
        "v",
        "Persen",
        "1 Forum",
        "32 Eksamplar",
        "dua tiga",
        "ratus",
        "puluh lima",
        "ribu juta",
        "satu juta dua juta",
        "dua ratus tiga ratus",
        "tiga puluh dua puluh",
        "lima belas puluh",
        "sebelas belas",
        "satu seratus",
        "dua seribu",
        "empat puluh sepuluh",
        "nol nol",
        "nol ribu",
        "koma lima",
        "dua koma lima",
        "tiga puluh 25",
    ],
)
def test_words_to_number_rejects(text):
    assert words_to_number(text) is None


@pytest.mark.parametrize(
    "n,words",
    [
        (0, "nol"),
        (1, "satu"),
        (10, "sepuluh"),
        (11, "sebelas"),
        (15, "lima belas"),
        (100, "seratus"),
        (1000, "seribu"),
        (1_000_000, "satu juta"),
        (25_800_000, "dua puluh lima juta delapan ratus ribu"),
        (
            613_448_549,
            "enam ratus tiga belas juta empat ratus empat puluh delapan ribu lima ratus empat puluh sembilan",
        ),
        (10**12, "satu triliun"),
        (
            999_999_999_999_999,
            "sembilan ratus sembilan puluh sembilan triliun sembilan ratus sembilan puluh sembilan miliar "
            "sembilan ratus sembilan puluh sembilan juta sembilan ratus sembilan puluh sembilan ribu "
            "sembilan ratus sembilan puluh sembilan",
        ),
    ],
)
def test_number_to_words(n, words):
    assert number_to_words(n) == words


@pytest.mark.parametrize("n", [-1, 10**15])
def test_number_to_words_range(n):
    with pytest.raises(ValueError):
        number_to_words(n)


@settings(max_examples=examples(3000), deadline=None)
@given(n=st.integers(min_value=0, max_value=10**15 - 1))
def test_round_trip(n):
    assert words_to_number(number_to_words(n)) == n


@settings(max_examples=examples(500), deadline=None)
@given(n=st.integers(min_value=1, max_value=10**15 - 1))
def test_round_trip_with_rupiah_and_case(n):
    assert words_to_number(number_to_words(n).title() + " Rupiah") == n


@settings(max_examples=examples(1000), deadline=None)
@given(text=st.text())
def test_words_never_raise(text):
    r = words_to_number(text)
    assert r is None or (isinstance(r, int) and r >= 0)


@settings(max_examples=examples(1000), deadline=None)
@given(
    tokens=st.lists(
        st.sampled_from(
            [
                "satu",
                "dua",
                "belas",
                "puluh",
                "ratus",
                "seratus",
                "ribu",
                "seribu",
                "juta",
                "miliar",
                "sepuluh",
                "sebelas",
                "8",
                "rupiah",
            ]
        ),
        max_size=8,
    )
)
def test_words_never_raise_on_word_salad(tokens):
    r = words_to_number(" ".join(tokens))
    assert r is None or r >= 0
