"""Indonesian (id_ID) number, money, percent and date formatting for the report, all through babel's CLDR data:
'.' groups thousands and ',' is the decimal mark (Rp 24.994.979.377,15; 0,004%; 2 Desember 2026, 00.45).

A figure keeps the precision it has: percentages are shown with up to three decimals and without padding, so a
stated 0,004% is never printed as 0,00%. A missing value is '-' (never zero)."""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal

LOCALE = "id_ID"
MISSING = "-"


def _decimal(value) -> Decimal:
    # str() first: a float 0.1 + 0.2 must not show its binary expansion
    return value if isinstance(value, Decimal) else Decimal(str(value))


# babel formats a number in tens of microseconds, and a national report formats hundreds of thousands, most of them
# repeated (years, counts, round percentages): each distinct text of a value is formatted once. The key is the
# value's text, so 1.0 and 1.00 stay distinct keys even though they are equal numbers.
_CACHE = 1 << 16


def fmt_number(value, decimals: int | None = None) -> str:
    """12345.5 -> '12.345,5'; decimals=2 -> '12.345,50' (fixed); None -> '-'. Without `decimals` every significant
    decimal the value carries is kept (0.004 -> '0,004')."""
    if value is None:
        return MISSING
    return _fmt_number(str(_decimal(value)), decimals)


@functools.lru_cache(maxsize=_CACHE)
def _fmt_number(text: str, decimals: int | None) -> str:
    d = Decimal(text)
    if decimals is None:
        exponent = d.normalize().as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        pattern = "#,##0" + ("." + "#" * places if places else "")
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(d, format=pattern, locale=LOCALE, decimal_quantization=True)


def fmt_rp(value) -> str:
    """Rupiah with cents: 'Rp 24.994.979.377,15'; None -> '-'."""
    if value is None:
        return MISSING
    return _fmt_rp(str(_decimal(value)))


@functools.lru_cache(maxsize=_CACHE)
def _fmt_rp(text: str) -> str:
    return format_currency(Decimal(text), "IDR", format="¤ #,##0.00", locale=LOCALE, currency_digits=False)


def fmt_pct(value, decimals: int | None = None) -> str:
    """A percentage given in percent units (87.5 -> '87,5%', 0.004 -> '0,004%'); up to three decimals unless
    `decimals` fixes them; None -> '-'."""
    if value is None:
        return MISSING
    return _fmt_pct(str(_decimal(value)), decimals)


@functools.lru_cache(maxsize=_CACHE)
def _fmt_pct(text: str, decimals: int | None) -> str:
    d = Decimal(text)
    if decimals is None:
        pattern = "#,##0.###"
    else:
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(d, format=pattern, locale=LOCALE, decimal_quantization=True) + "%"


def fmt_datetime(value: dt.datetime | None) -> str:
    """'2 Desember 2026, 00.45'; None -> '-'."""
    return MISSING if value is None else format_datetime(value, "d MMMM y, HH.mm", locale=LOCALE)


def fmt_date(value: dt.date | None) -> str:
    """'31 Januari 2024'; None -> '-'."""
    return MISSING if value is None else format_date(value, "d MMMM y", locale=LOCALE)
