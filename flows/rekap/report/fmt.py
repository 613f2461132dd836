"""Indonesian number formatting: '.' groups thousands, ',' is the decimal mark (Rp 24.994.979.377,15)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def fmt_number(value, decimals: int | None = None) -> str:
    """12345.5 -> '12.345,5'; decimals=2 -> '12.345,50'; None -> '-' (no value, never zero)."""
    if value is None:
        return "-"
    d = Decimal(str(value))
    if decimals is not None:
        d = d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        text = format(d, f".{decimals}f")
    else:
        text = format(d, "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    sign = "-" if text.startswith("-") else ""
    text = text.lstrip("-")
    int_part, _, frac = text.partition(".")
    groups = []
    while len(int_part) > 3:
        groups.insert(0, int_part[-3:])
        int_part = int_part[:-3]
    groups.insert(0, int_part)
    out = ".".join(groups)
    return sign + out + ("," + frac if frac else "")


def fmt_rp(value) -> str:
    """Rupiah with cents: Rp 24.994.979.377,15."""
    return "-" if value is None else "Rp " + fmt_number(value, 2)


def fmt_pct(value, decimals: int = 2) -> str:
    """87.5 -> '87,50%'."""
    return "-" if value is None else fmt_number(value, decimals) + "%"
