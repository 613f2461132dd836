"""Read the verbatim text of a cell as a number, and say how it was read.

``parse_number(text, hint)`` is pure, never raises on any string, never uses ``float``
(values are ``Decimal`` with the scale as written: ``'1,030,000.00'`` -> ``Decimal('1030000.00')``),
and returns a :class:`ParsedNumber` that carries the value *and* the evidence needed for a
finding (style, ambiguity, alternatives, a one-sentence ``note``).

What is recognised
------------------
* placeholders ``-``, ``–``, ``—``, ``N/A``, ``N/K``, ``nihil`` ... -> ``kind='placeholder'``, value ``None``
  (never 0); ``''`` -> ``kind='empty'``.
* currency prefix ``Rp`` / ``Rp.`` / ``IDR`` (stripped; implies hint ``'money'``) and the "no cents"
  suffixes ``,-``, ``.-``, ``,=`` (stripped: ``'3.993.686.600,00,-'`` -> ``3993686600.00``).
* percent: a trailing spelling of 'persen' in seeds/unit_aliases.csv (``%``, ``persen``, ``prosen``, ...) -> ``kind='percent'``, the number as
  written (``'15%'`` -> 15, not 0.15); implies hint ``'percent'``.
* grades: ``'B (67,34)'`` (or ``'67,34 (B)'``) -> ``kind='grade'``, ``grade='B'``, value 67.34,
  ``qualifier='67,34'``. A bare grade letter (``'BB'``) is a grade with value ``None``.
* unit words after the number: ``'3 Dok'`` -> unit ``'Dok'``; ``'850 m2'`` -> ``'m2'``.
* a trailing parenthesised part is the ``qualifier``: ``'30 (1 Forum)'`` -> 30, qualifier ``'1 Forum'``;
  ``'3 Jenis Dokumen (32 Eksamplar)'`` -> 3, unit ``'Jenis Dokumen'``, qualifier ``'32 Eksamplar'``.
* everything else is ``kind='text'`` with value ``None``: words (``'v'``, ``'Persen'``, ``'TW. 1'``),
  ranges (``'0 – 2,5996'``), cells holding several numbers (``'2 Unit ..., 5 Unit ...'``,
  ``'380m /120m'``; a year inside the unit words is allowed: ``'1 RKA Tahun 2023'`` -> 1), numbered labels
  (``'1.Belanja Pegawai'``), irregular digit groups (``'6.1.2'``), and a parenthesised fragment standing alone
  (``'(50 Eksamplar)'``: it is the wrapped tail of the cell above, e.g. ``'1 Jenis Dokumen'``, and
  reading it as 50 would count it twice -- the fragment is returned as ``qualifier`` for the caller to
  re-attach).

Separators
----------
* Both ``.`` and ``,`` present: the one that comes last is the decimal mark (``'24.644.927.377,15'``
  is Indonesian, ``'27,144,383,200.00'`` is US). Thousands groups must have 3 digits.
* One kind of separator, several times: thousands (``'1.092.819.000'``) -- unless every group is 3
  digits except a last group of 1-2 digits, which are then decimals written with the same mark
  (``'20.481.768.777.15'`` -> 20481768777.15, ``style='mixed'``; the Lampung 2022 budget table
  confirms it: 20.138.692.777,15 + 343.076.000,00).
* One separator once: if the digits after it are not exactly 3, or the part before it is ``0`` or
  longer than 3 digits, it can only be a decimal mark (``'6.25'``, ``'33,33'``, ``'0,004'``).
* Spaces, no-break spaces (U+00A0) and thin spaces (U+2009, U+202F) between regular groups of three digits
  group thousands (``'1 234 000,50'`` -> 1234000.50, with a note); ``'12 34'`` or ``'2023 2024'`` stay text.

Negative amounts
----------------
A leading ``-`` (``'-1.234.000'``), and accounting parentheses around a bare amount (``'(1.234.000)'``,
``'(Rp 1.234.000,00)'``) -> the amount negated, with a note. A parenthesised unit or words
(``'(50 Eksamplar)'``) is still a fragment, not a value.

Ambiguity policy
----------------
A single separator followed by exactly three digits (``'1.030'``, ``'207,440'``) is read by the
hint: under ``'money'`` and ``'count'`` it groups thousands (Rupiah have at most two decimals;
people and documents are whole), under ``'percent'`` it is a decimal mark (a percentage is not in the
thousands). Without a hint both readings are kept (``ambiguous=True``, ``alternatives`` holds both)
and the value follows the Indonesian convention: ``'.'`` -> thousands, ``','`` -> decimal mark.
Under ``'money'`` (or ``'count'``), a decimal part of exactly three digits after the *other*
separator (``'Rp. 613.448,549'``) cannot be cents: it is taken as a mistyped thousands separator,
the value is the integer (613448549) and the literal reading (613448.549) stays in
``alternatives`` with ``ambiguous=True``; dbt settles it with evidence (totals, the words) and records
a finding. A decimal part of more than three digits under ``'money'`` is kept as written, with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache

from .units import percent_pattern
from .words import words_to_number

__all__ = ["ParsedNumber", "parse_number", "parse_money", "HINTS", "KINDS", "STYLES"]

HINTS = (None, "money", "percent", "count")
KINDS = ("number", "percent", "grade", "placeholder", "empty", "text")
STYLES = ("id", "us", "plain", "mixed", "ambiguous")


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    value: Decimal | None
    kind: str
    unit_text: str | None = None
    qualifier: str | None = None
    grade: str | None = None
    style: str = "plain"
    ambiguous: bool = False
    alternatives: tuple[Decimal, ...] = ()
    note: str | None = None

    @property
    def ok(self) -> bool:
        """A value was read (it may still be ambiguous)."""
        return self.value is not None

    def as_record(self) -> dict:
        """Plain dict for a DuckDB STRUCT / dbt Python model (Decimals as strings, to keep the scale)."""
        return {
            "value": None if self.value is None else str(self.value),
            "kind": self.kind,
            "unit_text": self.unit_text,
            "qualifier": self.qualifier,
            "grade": self.grade,
            "style": self.style,
            "ambiguous": self.ambiguous,
            "alternatives": [str(a) for a in self.alternatives],
            "note": self.note,
        }


# ---------------------------------------------------------------------------------------------
# precompiled patterns

_MAX_LEN = 400
_WS = re.compile(r"[\s\u00a0\u2000-\u200b\u202f\u205f\u3000\ufeff]+")
_PLACEHOLDERS = frozenset(
    {
        "-",
        "--",
        "---",
        "–",
        "—",
        "−",
        "‐",
        "‒",
        "―",
        "-/-",
        "- -",
        "n/a",
        "n/k",
        "na",
        "n.a",
        "n.a.",
        "nk",
        "#n/a",
        "nihil",
        "null",
        "none",
        "nan",
        "...",
        "…",
        "?",
        "tidak ada",
        "tdk ada",
        "x",
    }
)
# 'x' is commonly written for "not applicable" in these tables; 'v' (a tick) is text, not a placeholder.
_CURRENCY = re.compile(r"^(?:rp\.?|idr)\s*", re.IGNORECASE)
_NO_CENTS = re.compile(r"\s*(?:[,.]\s*[-=]+|[-=]+)\s*$")
_PERCENT = re.compile(rf"\s*(?:{percent_pattern()})\.?\s*$", re.IGNORECASE)
_PAREN_TAIL = re.compile(r"^(.*?)\s*\(([^()]*)\)$", re.DOTALL)
_GRADE = re.compile(r"^(?:[A-E][+-]?|AA|BB|CC|DD)$")
_NUM_HEAD = re.compile(r"^([-+−]?)([0-9][0-9.,]*)(.*)$", re.DOTALL)
_NUM_ONLY = re.compile(r"^[-+−]?[0-9][0-9.,]*$")
_RANGE = re.compile(
    r"^[-+]?[0-9][0-9.,]*\s*%?\s*(?:-|–|—|s/d|s\.d\.?|sd|sampai|hingga|to)\s*[-+]?[0-9][0-9.,]*\s*%?$",
    re.IGNORECASE,
)
_UNIT_START = re.compile(r"^[^\W\d_]|^[/°²³]", re.UNICODE)
_LONE_DIGIT = re.compile(r"(?<![^\W\d_])[0-9]")  # a digit not glued to a preceding letter ('m2' is fine)
_GROUPS3 = re.compile(r"^[0-9]{3}$")
_FAST_UNIT = re.compile(r"([0-9](?:[0-9.,]*[0-9])?) ?([^\W\d_][^\d()%]*)")
_FAST = re.compile(
    rf"((?:rp\.?|idr) ?)?([-+]?[0-9][0-9.,]*?)( ?[,.] ?[-=]+| ?[-=]+)? ?({percent_pattern()})?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")  # 'Laporan ... Tahun 2022' is still a unit label
_NUMBER_WORD = re.compile(
    r"(?<![^\W\d_])(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|nol|"
    r"se(?:puluh|belas|ratus|ribu|juta|miliar|milyar|triliun))(?![^\W\d_])",
    re.IGNORECASE,
)


def _empty(kind: str, note: str | None = None, **kw) -> ParsedNumber:
    return ParsedNumber(value=None, kind=kind, note=note, **kw)


# ---------------------------------------------------------------------------------------------
# the digits


@dataclass(frozen=True, slots=True)
class _Digits:
    value: Decimal | None
    style: str
    ambiguous: bool = False
    alternatives: tuple[Decimal, ...] = ()
    note: str | None = None


def _dec(int_part: str, frac: str = "") -> Decimal:
    return Decimal(f"{int_part or '0'}.{frac}") if frac else Decimal(int_part or "0")


def _groups_ok(groups: list[str]) -> bool:
    """Thousands grouping: first group 1-3 digits, the rest exactly 3."""
    if not groups or not (1 <= len(groups[0]) <= 3):
        return False
    return all(_GROUPS3.match(g) for g in groups[1:])


def _read_digits(num: str, hint: str | None) -> _Digits:
    """Interpret a run of digits, '.' and ',' (no sign, no spaces, no trailing separator)."""
    dots = num.count(".")
    commas = num.count(",")
    if not dots and not commas:
        return _Digits(Decimal(num), "plain")

    if dots and commas:
        last = max(num.rfind("."), num.rfind(","))
        dec_mark = num[last]
        thou = "," if dec_mark == "." else "."
        int_part, frac = num[:last], num[last + 1 :]
        if dec_mark in int_part:
            return _Digits(None, "mixed", note=f"'{dec_mark}' appears more than once next to '{thou}': not a number.")
        groups = int_part.split(thou)
        if not _groups_ok(groups):
            return _Digits(None, "mixed", note="The thousands groups are irregular (not 3 digits each): not read.")
        style = "id" if dec_mark == "," else "us"
        whole = "".join(groups)
        literal = _dec(whole, frac)
        if hint in ("money", "count") and len(frac) == 3:
            integer = Decimal(whole + frac)
            what = "Rupiah have at most 2 decimals" if hint == "money" else "a count is whole"
            return _Digits(
                integer,
                style,
                True,
                (integer, literal),
                f"Three digits after the decimal '{dec_mark}' ({hint}: {what}): read as a mistyped thousands "
                f"separator ({integer}); the literal reading {literal} is kept as an alternative.",
            )
        if hint is None and len(frac) == 3:
            integer = Decimal(whole + frac)
            return _Digits(
                literal,
                style,
                True,
                (literal, integer),
                f"Three digits after the decimal '{dec_mark}': {literal} as written, or {integer} if the "
                f"'{dec_mark}' is a mistyped thousands separator (an amount of money would be the latter).",
            )
        if hint == "money" and len(frac) > 2:
            return _Digits(literal, style, note=f"{len(frac)} decimals in an amount of money: kept as written.")
        return _Digits(literal, style)

    sep = "." if dots else ","
    parts = num.split(sep)
    if len(parts) > 2:
        head = parts[:-1]
        tail = parts[-1]
        if _groups_ok(parts):
            return _Digits(_dec("".join(parts)), "id" if sep == "." else "us")
        if _groups_ok(head) and 1 <= len(tail) <= 2:
            value = _dec("".join(head), tail)
            return _Digits(
                value,
                "mixed",
                note=f"Every '{sep}' groups thousands except the last, followed by {len(tail)} digit(s): "
                f"read as decimals ({value}).",
            )
        return _Digits(None, "mixed", note=f"Irregular groups around '{sep}' (e.g. a section number): not read.")

    int_part, frac = parts
    decimal_style = "us" if sep == "." else "id"
    thousands_style = "id" if sep == "." else "us"
    if len(frac) != 3 or int_part in ("", "0") or len(int_part) > 3 or int_part.startswith("0"):
        if hint == "money" and len(frac) > 2:
            value = _dec(int_part, frac)
            return _Digits(value, decimal_style, note=f"{len(frac)} decimals in an amount of money: kept as written.")
        return _Digits(_dec(int_part, frac), decimal_style)

    as_thousands = Decimal(int_part + frac)
    as_decimal = _dec(int_part, frac)
    if hint in ("money", "count"):
        return _Digits(
            as_thousands,
            thousands_style,
            note=f"'{num}': a single '{sep}' before 3 digits read as thousands ({hint}).",
        )
    if hint == "percent":
        return _Digits(
            as_decimal,
            decimal_style,
            note=f"'{num}': a single '{sep}' before 3 digits read as a decimal mark (percent).",
        )
    if sep == ".":
        return _Digits(
            as_thousands,
            "ambiguous",
            True,
            (as_thousands, as_decimal),
            f"'{num}' could be {as_thousands} or {as_decimal}; without a hint '.' is read as the "
            "Indonesian thousands separator.",
        )
    return _Digits(
        as_decimal,
        "ambiguous",
        True,
        (as_decimal, as_thousands),
        f"'{num}' could be {as_decimal} or {as_thousands}; without a hint ',' is read as the Indonesian decimal mark.",
    )


# ---------------------------------------------------------------------------------------------
# the cell


def parse_money(text: str) -> ParsedNumber:
    """``parse_number(text, 'money')``."""
    return parse_number(text, "money")


def parse_number(text: str, hint: str | None = None) -> ParsedNumber:
    """Read one cell's verbatim text; never raises (problems are reported in the result)."""
    try:
        return _parse(text, hint)
    except Exception as exc:  # pragma: no cover - defensive: the contract is "never raise"
        return _empty("text", f"Not read: internal error {type(exc).__name__}.")


@lru_cache(maxsize=1 << 16)
def _parse(text: str, hint: str | None) -> ParsedNumber:
    # cached: real columns repeat the same strings ('0', '25%', '-') a lot, and results are immutable
    if text is None:
        return _empty("empty")
    if not isinstance(text, str):
        text = str(text)
    if hint not in HINTS:
        hint = None
    s = text.strip()
    if not s.isascii() or "\t" in s or "\n" in s or "\r" in s or "  " in s:
        s = _WS.sub(" ", s).strip()
    if not s:
        return _empty("empty")
    if len(s) > _MAX_LEN:
        return _empty("text", f"Longer than {_MAX_LEN} characters: not read as a number.")
    low = s.casefold()
    if low in _PLACEHOLDERS:
        return _empty("placeholder", f"'{s}' is a placeholder: no value (not zero).")

    # fast path for the common shapes: [Rp] digits [,-] [%]
    m = _FAST.fullmatch(s)
    if (
        m
        and m.group(2)[-1] not in ".,"
        and not (m.group(1) and m.group(2)[0] in "-+")
        and not (m.group(3) and m.group(4))
    ):
        cur, sign, num, pct = m.group(1), m.group(2)[:1], m.group(2), m.group(4)
        if sign in "-+":
            num = num[1:]
        else:
            sign = ""
        if pct:
            hint = "percent"
        elif cur and hint is None:
            hint = "money"
        d = _read_digits(num, hint)
        if d.value is not None:
            value, alternatives = d.value, d.alternatives
            if sign == "-":
                value = -value
                alternatives = tuple(-a for a in alternatives)
            note = d.note
            if cur and pct:
                note = ((note + " ") if note else "") + "A currency sign and a percent sign together."
            return ParsedNumber(
                value, "percent" if pct else "number", None, None, None, d.style, d.ambiguous, alternatives, note
            )
    # fast path for '3 Dok', '150 org', '4 Lap.', '1.500 Orang'
    m = _FAST_UNIT.fullmatch(s)
    if m and not _PERCENT.search(m.group(2)) and m.group(2)[-1] not in "-=":
        d = _read_digits(m.group(1), hint)
        if d.value is not None:
            return ParsedNumber(d.value, "number", m.group(2), None, None, d.style, d.ambiguous, d.alternatives, d.note)
    return _parse_general(s, hint)


_SPACE_GROUPS = re.compile(r"(?<![\d.,])\d{1,3}(?: \d{3})+(?![\d])")
_ACCOUNTING = re.compile(r"^\(\s*([^()\-−]*\d[^()]*?)\s*\)$")


def _parse_general(s: str, hint: str | None) -> ParsedNumber:
    """The full reading of a normalised, non-empty, non-placeholder string (hint already validated).

    Before the reading proper: digits grouped by spaces (no-break and thin spaces are spaces by now) are joined
    (``'1 234 000'`` -> 1234000), and a whole cell in parentheses that reads as a plain number or amount is that
    amount negated (accounting notation ``'(1.234.000)'``); a parenthesised unit or words stays a fragment."""
    joined = _SPACE_GROUPS.sub(lambda m: m.group(0).replace(" ", ""), s)
    m = _ACCOUNTING.match(joined)
    if m:
        inner = _parse_plain(m.group(1), hint)
        if inner.kind == "number" and inner.value is not None and inner.unit_text is None and inner.qualifier is None:
            note = "Parentheses around an amount: read as a negative amount (accounting notation)."
            return replace(
                inner,
                value=-inner.value,
                alternatives=tuple(-a for a in inner.alternatives),
                note=f"{inner.note} {note}" if inner.note else note,
            )
    r = _parse_plain(joined, hint)
    if joined != s and r.value is not None:
        note = "Spaces group the thousands: read as one number."
        r = replace(r, note=f"{r.note} {note}" if r.note else note)
    return r


def _parse_plain(s: str, hint: str | None) -> ParsedNumber:
    # grades: 'B (67,34)', '67,34 (B)', 'BB'
    if _GRADE.match(s):
        return ParsedNumber(None, "grade", grade=s, note=f"Grade '{s}' without a score.")
    m = _PAREN_TAIL.match(s)
    if m:
        head, inner = m.group(1).strip(), m.group(2).strip()
        if _GRADE.match(head) and _NUM_ONLY.match(inner.replace(" ", "")):
            return _grade(head, inner)
        if _GRADE.match(inner) and _NUM_ONLY.match(head.replace(" ", "")):
            return _grade(inner, head)

    # currency prefix and 'no cents' suffix
    currency = False
    cm = _CURRENCY.match(s)
    if cm:
        after = s[cm.end() :].lstrip(" .")
        if after.casefold() in _PLACEHOLDERS:
            return _empty("placeholder", f"'{s}' is a placeholder: no value (not zero).")
        if after[:1].isdigit():
            s = after
            currency = True
            if hint is None:
                hint = "money"
    s2 = _NO_CENTS.sub("", s)
    if s2 != s and s2 and s2[-1].isdigit():
        s = s2

    # a trailing parenthesised qualifier
    qualifier = None
    m = _PAREN_TAIL.match(s)
    if m:
        head, qualifier = m.group(1).strip(), m.group(2).strip()
        if not head:
            return ParsedNumber(
                None,
                "text",
                qualifier=qualifier,
                note="Only a parenthesised fragment (the wrapped tail of a neighbouring cell): not counted as a value.",
            )
        s = head
        s2 = _NO_CENTS.sub("", s)
        if s2 != s and s2 and s2[-1].isdigit():
            s = s2

    # percent sign / word
    kind = "number"
    pm = _PERCENT.search(s)
    if pm and s[: pm.start()].rstrip()[-1:].isdigit():
        s = s[: pm.start()].rstrip()
        kind = "percent"
        hint = "percent"  # the sign outweighs the caller's hint

    if _RANGE.match(s):
        return ParsedNumber(None, "text", qualifier=qualifier, note=f"'{s}' is a range, not one number.")

    nm = _NUM_HEAD.match(s)
    if not nm:
        return ParsedNumber(None, "text", qualifier=qualifier, note=_text_note(s))
    sign, num, rest = nm.group(1), nm.group(2), nm.group(3).strip()

    notes: list[str] = []
    if num[-1] in ".,":
        if rest:  # '1.Belanja Pegawai', '2. perangkat daerah': a numbered label
            return ParsedNumber(None, "text", qualifier=qualifier, note="A numbered label, not a value.")
        notes.append(f"Trailing '{num[-1]}' ignored (a row number?).")
        num = num.rstrip(".,")
    unit = None
    if rest:
        if rest.startswith("-") and not rest.strip("-= "):
            rest = ""  # '5.920.884.000 -'
        elif not _UNIT_START.match(rest):
            return ParsedNumber(
                None, "text", qualifier=qualifier, note=f"'{s}' has '{rest[:20]}' after the number: not read."
            )
        elif _LONE_DIGIT.search(_YEAR.sub("", rest)):
            return ParsedNumber(
                None, "text", qualifier=qualifier, note="Several numbers in one cell: not read as one value."
            )
        else:
            if kind == "number" and _PERCENT.fullmatch(rest):
                kind = "percent"
            else:
                unit = rest

    d = _read_digits(num, hint)
    if d.value is None:
        return ParsedNumber(None, "text", unit_text=unit, qualifier=qualifier, style=d.style, note=d.note)
    value = d.value
    alternatives = d.alternatives
    if sign in ("-", "−"):
        value = -value
        alternatives = tuple(-a for a in alternatives)
    if d.note:
        notes.append(d.note)
    if qualifier and _NUMBER_WORD.search(qualifier):
        said = words_to_number(qualifier)
        if said is not None:
            if said == value:
                notes.append(f"The words in parentheses say the same ({said}).")
            elif said in alternatives:
                notes.append(f"The words in parentheses ({said}) pick that reading.")
                value = Decimal(said)
            else:
                notes.append(f"The words in parentheses say {said}, the digits {value}: they disagree.")
    if currency and kind == "percent":
        notes.append("A currency sign and a percent sign together.")
    note = " ".join(notes) if notes else None
    return ParsedNumber(
        value=value,
        kind=kind,
        unit_text=unit,
        qualifier=qualifier,
        grade=None,
        style=d.style,
        ambiguous=d.ambiguous,
        alternatives=alternatives,
        note=note,
    )


def _grade(grade: str, score: str) -> ParsedNumber:
    d = _read_digits(score.replace(" ", "").lstrip("+"), "percent")
    return ParsedNumber(
        value=d.value,
        kind="grade",
        qualifier=score,
        grade=grade,
        style=d.style,
        ambiguous=d.ambiguous,
        alternatives=d.alternatives,
        note=f"Grade '{grade}' with score {d.value}." if d.value is not None else f"Grade '{grade}'; score not read.",
    )


def _text_note(s: str) -> str:
    n = words_to_number(s) if len(s) <= 200 and _NUMBER_WORD.search(s) else None
    if n is not None:
        return f"Number written in words ({n}); not read as a value here (see words_to_number)."
    return "Not a number."
