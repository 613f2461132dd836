"""Tests for rekap.interpret.numbers: the rules, every real string from the seeds, and properties."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rekap.interpret.numbers import KINDS, STYLES, ParsedNumber, parse_money, parse_number
from tests.conftest import examples

REAL = Path(__file__).with_name("real_strings.csv")


def D(s: str) -> Decimal:
    return Decimal(s)


def _same(a: Decimal | None, b: Decimal | None) -> bool:
    """Equal value AND equal written scale."""
    if a is None or b is None:
        return a is b
    return a == b and a.as_tuple().exponent == b.as_tuple().exponent


# --------------------------------------------------------------------------------------------
# the rules


@pytest.mark.parametrize(
    "text,hint,value,style",
    [
        ("24.644.927.377,15", None, "24644927377.15", "id"),
        ("3.993.686.600,00,-", "money", "3993686600.00", "id"),
        ("5.920.884.000,-", "money", "5920884000", "id"),
        ("19.358.421.177,15,-", None, "19358421177.15", "id"),
        ("1.700.000.-", "money", "1700000", "id"),
        ("Rp. 1.700.000,00", None, "1700000.00", "id"),
        ("Rp 1.700.000", None, "1700000", "id"),
        ("Rp1.700.000", "money", "1700000", "id"),
        ("1,030,000.00", None, "1030000.00", "us"),
        ("27,144,383,200.00", "money", "27144383200.00", "us"),
        ("207,440.00", "count", "207440.00", "us"),
        ("1.092.819.000", None, "1092819000", "id"),
        ("1,092,819,000", None, "1092819000", "us"),
        ("250", "money", "250", "plain"),
    ],
)
def test_styles(text, hint, value, style):
    r = parse_number(text, hint)
    assert r.kind == "number"
    assert _same(r.value, D(value)), r
    assert r.style == style
    assert not r.ambiguous


def test_mixed_dots_with_decimals():
    r = parse_money("20.481.768.777.15")
    assert _same(r.value, D("20481768777.15"))
    assert r.style == "mixed"
    assert not r.ambiguous
    assert r.note and "decimals" in r.note


@pytest.mark.parametrize(
    "text,value,kind",
    [
        ("87,50", "87.50", "number"),
        ("72.75", "72.75", "number"),
        ("15%", "15", "percent"),
        ("100%", "100", "percent"),
        ("12,5 %", "12.5", "percent"),
        ("0,004 %", "0.004", "percent"),
        ("11,78 persen", "11.78", "percent"),
        ("11,78 Persen", "11.78", "percent"),
        ("43.48%", "43.48", "percent"),
        ("17.75%", "17.75", "percent"),
        ("66.92 %", "66.92", "percent"),
        ("0%", "0", "percent"),
    ],
)
def test_percent(text, value, kind):
    r = parse_number(text)
    assert r.kind == kind
    assert _same(r.value, D(value)), r  # not divided by 100


@pytest.mark.parametrize(
    "text", ["6.25", "64.78", "33,33", "33.33", "2.75", "0.00", "80.5", "79.18", "0,02", "0.125", "1234.567"]
)
def test_decimals_without_thousands(text, hint=None):
    for hint in (None, "money", "percent", "count"):
        r = parse_number(text, hint)
        assert _same(r.value, D(text.replace(",", "."))), (hint, r)
        assert not r.ambiguous


@pytest.mark.parametrize(
    "text,hint,value,ambiguous,alternatives",
    [
        ("1.030", None, "1030", True, ("1030", "1.030")),
        ("207,440", None, "207.440", True, ("207.440", "207440")),
        ("1.030", "money", "1030", False, ()),
        ("207,440", "money", "207440", False, ()),
        ("1.030", "count", "1030", False, ()),
        ("1.030", "percent", "1.030", False, ()),
        ("207,440", "percent", "207.440", False, ()),
        ("613.448,549", "money", "613448549", True, ("613448549", "613448.549")),
        ("613.448,549", None, "613448.549", True, ("613448.549", "613448549")),
        ("613.448,549", "percent", "613448.549", False, ()),
        ("1,234.567", "money", "1234567", True, ("1234567", "1234.567")),
    ],
)
def test_ambiguity_policy(text, hint, value, ambiguous, alternatives):
    r = parse_number(text, hint)
    assert _same(r.value, D(value)), r
    assert r.ambiguous is ambiguous
    assert r.alternatives == tuple(D(a) for a in alternatives)
    if ambiguous:
        assert r.value in r.alternatives
        assert r.note  # the decision is always explained
        assert r.style in ("ambiguous", "id", "us")


def test_ambiguous_without_hint_has_style_ambiguous():
    assert parse_number("1.030").style == "ambiguous"
    assert parse_number("1.030", "money").style == "id"
    assert parse_number("207,440", "money").style == "us"


def test_real_ambiguous_amount_settled_by_its_words():
    text = (
        "Rp. 613.448,549 (enam ratus tiga belas juta empat ratus empat puluh delapan ribu lima ratus "
        "empat puluh Sembilan rupiah)"
    )
    r = parse_number(text)
    assert r.value == 613448549 and r.ambiguous
    assert "say the same" in r.note
    # and for the no-hint literal reading, the words pick the other alternative
    r = parse_number(
        "613.448,549 (enam ratus tiga belas juta empat ratus empat puluh delapan ribu lima ratus empat puluh sembilan)"
    )
    assert r.value == 613448549 and r.ambiguous and "pick" in r.note


def test_words_that_disagree_are_noted():
    r = parse_number("Rp. 10.678.000,00 (sepuluh juta enam ratus 8 ribu rupiah)")
    assert r.value == D("10678000.00")
    assert "disagree" in r.note and "10608000" in r.note


@pytest.mark.parametrize(
    "text,value,unit,qualifier",
    [
        ("3 Dok", "3", "Dok", None),
        ("150 org", "150", "org", None),
        ("4 Lap.", "4", "Lap.", None),
        ("110 Unit", "110", "Unit", None),
        ("2 Dok", "2", "Dok", None),
        ("30 org/kl", "30", "org/kl", None),
        ("1 dok.", "1", "dok.", None),
        ("3 Bulan", "3", "Bulan", None),
        ("20 Orang", "20", "Orang", None),
        ("0 Laporan", "0", "Laporan", None),
        ("14 dok", "14", "dok", None),
        ("1 Unit", "1", "Unit", None),
        ("36 Fasilitasi", "36", "Fasilitasi", None),
        ("850 m2", "850", "m2", None),
        ("1 RKA Tahun 2023", "1", "RKA Tahun 2023", None),
        ("3 Jenis Dokumen (32 Eksamplar)", "3", "Jenis Dokumen", "32 Eksamplar"),
        ("1 Jenis Dokumen (50 Eksamplar)", "1", "Jenis Dokumen", "50 Eksamplar"),
        ("30 (1 Forum)", "30", None, "1 Forum"),
        ("5 (lima)", "5", None, "lima"),
    ],
)
def test_units_and_qualifiers(text, value, unit, qualifier):
    r = parse_number(text, "count")
    assert r.kind == "number"
    assert _same(r.value, D(value))
    assert r.unit_text == unit
    assert r.qualifier == qualifier


def test_percent_with_unit_free_value():
    r = parse_number("95%", "count")
    assert r.kind == "percent" and r.value == 95 and r.unit_text is None


def test_wrapped_fragment_is_not_a_value():
    r = parse_number("(50 Eksamplar)")
    assert r.kind == "text" and r.value is None and r.qualifier == "50 Eksamplar"
    assert r.note


@pytest.mark.parametrize(
    "text,grade,value",
    [("B (67,34)", "B", "67.34"), ("BB (70.5)", "BB", "70.5"), ("67,34 (B)", "B", "67.34"), ("A", "A", None)],
)
def test_grades(text, grade, value):
    r = parse_number(text)
    assert r.kind == "grade"
    assert r.grade == grade
    assert _same(r.value, None if value is None else D(value))


@pytest.mark.parametrize("text", ["-", "–", "—", "N/A", "N/K", "n/a", " - ", "Rp -", "Rp. -", "--", "nihil"])
def test_placeholders_are_never_zero(text):
    for hint in (None, "money", "percent", "count"):
        r = parse_number(text, hint)
        assert r.kind == "placeholder"
        assert r.value is None
        assert r.note


@pytest.mark.parametrize("text", ["", "   ", "\t", "\u00a0"])
def test_empty(text):
    r = parse_number(text)
    assert r.kind == "empty" and r.value is None


def test_none_is_empty():
    assert parse_number(None).kind == "empty"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "v",
        "Persen",
        "TW. 1",
        "Kategori/Nilai",
        "TW 1 : 0 Orang TW 2 : 20 Orang",
        "0 – 2,5996",
        "88,31 - 100",
        "380m /120m",
        "2 Unit Kendaraan Roda empat, 5 Uni Kendaraan Roda dua",
        "1.Belanja Pegawai",
        "3. kualitas dan fasilitasi",
        "6.1.2",
        "III.1",
        "paket (30 unit)",
        "Rp",
        "%",
        "1.2,3",
        "1,2.3,4",
        "dua belas",
    ],
)
def test_text_is_not_a_number(text):
    r = parse_number(text)
    assert r.kind == "text", r
    assert r.value is None
    assert r.note


def test_words_alone_are_noted_not_read():
    r = parse_number("tiga puluh tujuh")
    assert r.kind == "text" and r.value is None and "37" in r.note


def test_row_number_with_trailing_dot():
    r = parse_number("1.")
    assert r.value == 1 and r.note


def test_negative():
    assert parse_number("-5").value == -5
    assert parse_number("-1.030", "money").value == -1030


def test_unknown_hint_is_no_hint():
    assert parse_number("1.030", "banana").ambiguous  # type: ignore[arg-type]


def test_as_record():
    rec = parse_money("613.448,549").as_record()
    assert rec["value"] == "613448549" and rec["alternatives"] == ["613448549", "613448.549"]
    assert rec["kind"] == "number" and rec["ambiguous"] is True


def test_frozen():
    r = parse_number("1")
    with pytest.raises(AttributeError):
        r.value = Decimal(2)  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# every real string from the four seeds


def _real_rows():
    with REAL.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("row", _real_rows(), ids=lambda r: f"{r['source']}|{r['text'][:30]}")
def test_real_strings(row):
    r = parse_number(row["text"], row["hint"] or None)
    expected = D(row["expected_value"]) if row["expected_value"] else None
    assert _same(r.value, expected), r
    assert r.kind == row["expected_kind"], r
    assert (r.unit_text or "") == row["expected_unit"], r
    assert (r.qualifier or "") == row["expected_qualifier"], r
    assert r.ambiguous is (row["ambiguous"] == "1"), r


def test_real_strings_file_is_substantial():
    rows = _real_rows()
    assert len(rows) >= 300
    assert len({(r["text"], r["hint"]) for r in rows}) == len(rows)  # deduplicated


def _m(*texts: str) -> Decimal:
    return sum((parse_money(t).value for t in texts), Decimal(0))


def test_seed_totals_reconcile_with_this_reading():
    """The documents' own totals confirm the readings (including the surprising ones)."""
    # Lampung DPA 2023 (lines 41-46)
    assert (
        _m("6.763.201.837,15,-", "7.581.725.540,00,-", "10.300.000.000,00,-")
        == parse_money("24.644.927.377,15,-").value
    )
    assert _m("24.644.927.377,15,-", "350.052.000,00,-") == parse_money("Rp. 24.994.979.377,15,-").value
    # Lampung 2022 pagu perubahan (lines 286-289): the all-dots '20.481.768.777.15' is a total with cents
    assert _m("20.138.692.777,15", "343.076.000,00") == parse_money("20.481.768.777.15").value
    assert _m("6.425.212.500,-", "5.920.884.000,-") == parse_money("12.346.096.500,-").value
    # Lumajang absorption TW I (lines 514-532): needs 613.448,549 read as 613448549
    parts = [
        "Rp. 25.800.000,00",
        "Rp. 1.700.000,00",
        "Rp. 10.678.000,00",
        "Rp. 5.100.000,00",
        "Rp. 1.700.000,00",
        "Rp. 613.448,549",
    ]
    assert _m(*parts) == parse_money("Rp. 658.426.549,00").value


# --------------------------------------------------------------------------------------------
# properties

amounts = st.one_of(
    st.integers(min_value=0, max_value=10**13).map(Decimal),
    st.integers(min_value=0, max_value=10**15).map(lambda n: Decimal(n).scaleb(-2)),
)


def _group(int_digits: str, sep: str) -> str:
    out = []
    while len(int_digits) > 3:
        out.insert(0, int_digits[-3:])
        int_digits = int_digits[:-3]
    out.insert(0, int_digits)
    return sep.join(out)


def fmt(value: Decimal, style: str) -> str:
    sign, digits, exp = value.as_tuple()
    s = f"{value:f}"
    whole, _, frac = s.partition(".")
    thou, dec = (".", ",") if style == "id" else (",", ".")
    return _group(whole, thou) + (dec + frac if frac else "")


@settings(max_examples=examples(400), deadline=None)
@given(
    value=amounts,
    style=st.sampled_from(["id", "us"]),
    prefix=st.sampled_from(["", "Rp.", "Rp. ", "Rp ", "Rp", "IDR "]),
    suffix=st.sampled_from(["", ",-", ".-", ",-", " ,-"]),
)
def test_money_round_trip(value, style, prefix, suffix):
    if suffix and style == "us":
        suffix = ""  # ',-' is an Indonesian habit; US-style cells never carry it
    text = prefix + fmt(value, style) + suffix
    r = parse_number(text, "money")
    assert r.kind == "number", (text, r)
    assert r.value == value, (text, r)
    assert _same(r.value, value), (text, r)  # the written scale is kept
    assert not r.ambiguous, (text, r)


@settings(max_examples=examples(300), deadline=None)
@given(
    value=st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
    dec=st.sampled_from([",", "."]),
    mark=st.sampled_from(["%", " %", " persen", "persen", " Persen"]),
)
def test_percent_round_trip(value, dec, mark):
    text = f"{value:f}".replace(".", dec) + mark
    r = parse_number(text)
    assert r.kind == "percent", (text, r)
    assert _same(r.value, value), (text, r)


@settings(max_examples=examples(300), deadline=None)
@given(
    value=st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False),
    dec=st.sampled_from([",", "."]),
)
def test_percent_hint_reads_three_decimals_as_decimals(value, dec):
    text = f"{value:f}".replace(".", dec)
    assert _same(parse_number(text, "percent").value, value)


@settings(max_examples=examples(2000), deadline=None)
@given(text=st.text(), hint=st.sampled_from([None, "money", "percent", "count", "bogus"]))
def test_never_raises(text, hint):
    r = parse_number(text, hint)
    assert isinstance(r, ParsedNumber)
    assert r.kind in KINDS and r.style in STYLES
    assert r.value is None or isinstance(r.value, Decimal)
    if r.value is None:
        assert r.kind in ("placeholder", "empty", "text", "grade")
    if r.ambiguous:
        assert r.value in r.alternatives and len(r.alternatives) >= 2


@settings(max_examples=examples(1000), deadline=None)
@given(
    text=st.text(alphabet="0123456789.,-–%() RpNA/KXvBn", max_size=25),
    hint=st.sampled_from([None, "money", "percent", "count"]),
)
def test_never_raises_on_number_like_text(text, hint):
    r = parse_number(text, hint)
    assert r.kind in KINDS
    assert not isinstance(r.value, float)


@given(
    text=st.sampled_from(["-", "–", "—", "N/A", "N/K", "n/a", "", "Rp -", "--"]),
    pad=st.sampled_from(["", " ", "  ", "\t", "\u00a0"]),
    hint=st.sampled_from([None, "money", "percent", "count"]),
)
def test_placeholders_never_become_zero(text, pad, hint):
    r = parse_number(pad + text + pad, hint)
    assert r.value is None
    assert r.kind in ("placeholder", "empty")


@given(
    n=st.integers(min_value=0, max_value=10**12),
    unit=st.sampled_from(["Dok", "org", "Lap.", "Unit", "org/kl", "Jenis Dokumen", "m2"]),
)
def test_count_with_unit_round_trip(n, unit):
    text = f"{_group(str(n), '.')} {unit}"
    r = parse_number(text, "count")
    assert r.value == n and r.unit_text == unit and r.kind == "number"


# the fast paths must agree with the general reading
from rekap.interpret.numbers import _parse_general  # noqa: E402


@settings(max_examples=examples(3000), deadline=None)
@given(
    text=st.text(alphabet="0123456789.,-=% RpIDRrpersenDokorg/()", min_size=1, max_size=20),
    hint=st.sampled_from([None, "money", "percent", "count"]),
)
def test_fast_paths_agree_with_general_reading(text, hint):
    s = " ".join(text.split())
    fast = parse_number(s, hint)
    if fast.kind in ("empty", "placeholder"):
        return
    assert fast == _parse_general(s, hint), s


@pytest.mark.parametrize(
    "text",
    ["3 Dok", "Rp. 1.700.000,00", "15%", "5.920.884.000,-", "Rp.-5", "-5", "1 %", "5 Persen", "4 Lap.", "12,5 persen"],
)
def test_fast_paths_agree_examples(text):
    for hint in (None, "money", "percent", "count"):
        assert parse_number(text, hint) == _parse_general(text, hint)


# --- thousands grouped by spaces, and negative amounts --------------------------------------------------------


@pytest.mark.parametrize(
    "text, hint, value",
    [
        ("1 234 000", "money", Decimal("1234000")),
        ("1 234 000", None, Decimal("1234000")),
        ("1\u00a0234\u00a0000,50", "money", Decimal("1234000.50")),
        ("1\u2009234\u202f000", None, Decimal("1234000")),
        ("165 000 000.00", "money", Decimal("165000000.00")),
        ("Rp 1 500 000,-", None, Decimal("1500000")),
        ("12 345 Orang", "count", Decimal("12345")),
        ("-1.234.000", "money", Decimal("-1234000")),
        ("-1 234 000", "money", Decimal("-1234000")),
        ("(1.234.000)", "money", Decimal("-1234000")),
        ("(Rp 1.234.000,00)", None, Decimal("-1234000.00")),
        ("( 1 234 567 )", "money", Decimal("-1234567")),
        ("(165,000,000.00)", "money", Decimal("-165000000.00")),
    ],
)
def test_space_grouping_and_negative_amounts(text, hint, value):
    r = parse_number(text, hint)
    assert r.kind == "number" and r.value == value, r
    if " " in text or "\u00a0" in text or "\u2009" in text or "(" in text:
        assert r.note  # how it was read is said


@pytest.mark.parametrize("text", ["(50 Eksamplar)", "(-5)", "2023 2024", "1 2 3", "12 34", "1 2345"])
def test_what_space_grouping_and_parentheses_do_not_claim(text):
    """Spaces join only regular groups of three digits; parentheses negate only a bare amount."""
    r = parse_number(text, "money")
    assert r.value is None and r.kind == "text", r


@given(
    n=st.integers(min_value=1000, max_value=10**15),
    sep=st.sampled_from([" ", "\u00a0", "\u2009", "\u202f"]),
    sign=st.sampled_from(["", "-", "()"]),
    cents=st.sampled_from(["", ",00", ",50"]),
)
def test_space_grouped_money_round_trip(n, sep, sign, cents):
    body = f"{n:,}".replace(",", sep) + cents
    text = f"({body})" if sign == "()" else sign + body
    expected = Decimal(str(n) + (("." + cents[1:]) if cents else ""))
    if sign:
        expected = -expected
    r = parse_number(text, "money")
    assert r.kind == "number" and r.value == expected, (text, r)
