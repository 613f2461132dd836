"""Indonesian number words (*terbilang*) <-> integers.

Amounts in Indonesian documents are often repeated in words, e.g.
``Rp. 613.448,549 (enam ratus tiga belas juta empat ratus empat puluh delapan ribu
lima ratus empat puluh Sembilan rupiah)``. The words are evidence for settling how the
digits were meant, so they are read here into an ``int``.

``words_to_number`` is lenient about what real documents do -- any case, the trailing
``rupiah`` / ``saja``, ``milyar`` as well as ``miliar``, and digits typed between words
(``sepuluh juta enam ratus 8 ribu rupiah`` -> 10 608 000) -- but strict about structure:
anything that is not a well-formed terbilang (``dua tiga``, ``ratus lima``, ``ribu juta``,
an unknown word) gives ``None`` rather than a guess. It never raises.

``number_to_words`` writes the canonical form (``seribu``, ``seratus``, ``sepuluh``,
``sebelas``, ``satu juta``) for 0 <= n < 10**15.
"""

from __future__ import annotations

import re

__all__ = ["words_to_number", "number_to_words"]

_UNITS = {
    "nol": 0,
    "kosong": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
# words that are a whole sub-thousand value by themselves
_WHOLE = {"sepuluh": 10, "sebelas": 11}
_SCALES = {
    "ribu": 10**3,
    "juta": 10**6,
    "miliar": 10**9,
    "milyar": 10**9,
    "miliard": 10**9,
    "milyard": 10**9,
    "triliun": 10**12,
    "trilyun": 10**12,
    "trilliun": 10**12,
}
# 'seribu', 'sejuta', 'semiliar', 'setriliun'
_SE_SCALES = {"se" + k: v for k, v in _SCALES.items()}
_IGNORED = {"rupiah", "rp", "saja", "dan", "sebesar", "idr"}
_TOKEN = re.compile(r"[a-z]+|[0-9]+")
_CLEAN = re.compile(r"[^a-z0-9]+")


def words_to_number(text: str) -> int | None:
    """Read Indonesian number words into an integer; ``None`` when it is not a well-formed terbilang."""
    try:
        return _words_to_number(text)
    except Exception:  # pragma: no cover - defensive: must never raise
        return None


def _words_to_number(text: str) -> int | None:
    if not isinstance(text, str):
        return None
    s = _CLEAN.sub(" ", text.casefold())
    tokens = [t for t in _TOKEN.findall(s) if t not in _IGNORED]
    if not tokens:
        return None
    if len(tokens) == 1 and tokens[0] in ("nol", "kosong"):
        return 0

    total = 0
    last_scale = None  # scales must strictly decrease: juta ... ribu ...
    group = 0  # the part below one thousand being built
    stage = 1000  # smallest magnitude already placed in the group (1000 = nothing yet)
    pending: int | None = None  # a unit (1..9) or a typed number waiting for its multiplier
    saw_any = False

    def flush() -> bool:
        nonlocal group, stage, pending
        if pending is None:
            return True
        v = pending
        pending = None
        if v == 0:
            return False
        mag = 1 if v < 10 else 10 if v < 100 else 100 if v < 1000 else None
        if mag is None or stage <= mag:
            return False
        # a typed '25' after 'tiga ratus' is fine; after 'tiga puluh' it is not (stage check above)
        group += v
        stage = 1
        return True

    for t in tokens:
        if t.isdigit():
            if pending is not None or len(t) > 15:
                return None
            pending = int(t)
            saw_any = True
        elif t in _UNITS:
            if pending is not None:
                return None
            pending = _UNITS[t]
            saw_any = True
        elif t in _WHOLE:
            if pending is not None or stage <= 10:
                return None
            group += _WHOLE[t]
            stage = 1
            saw_any = True
        elif t in ("puluh", "belas", "ratus", "seratus"):
            if t == "seratus":
                if pending is not None:
                    return None
                mult, base = 100, 1
            else:
                if pending is None or not 1 <= pending <= 9:
                    return None
                base = pending
                mult = {"puluh": 10, "belas": 1, "ratus": 100}[t]
            pending = None
            need = 100 if mult == 100 else 10
            if stage <= need:
                return None
            if t == "belas":
                group += 10 + base
                stage = 1
            else:
                group += base * mult
                stage = mult
            saw_any = True
        elif t in _SCALES or t in _SE_SCALES:
            if t in _SE_SCALES:
                if pending is not None or group:
                    return None
                scale = _SE_SCALES[t]
                group = 1
            else:
                scale = _SCALES[t]
                if not flush():
                    return None
                if group == 0:
                    return None
            if last_scale is not None and scale >= last_scale:
                return None
            total += group * scale
            last_scale = scale
            group, stage = 0, 1000
            saw_any = True
        else:
            return None

    if not flush():
        return None
    if not saw_any:
        return None
    return total + group


_UNIT_WORDS = ("", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALE_WORDS = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))


def _below_thousand(n: int) -> list[str]:
    out: list[str] = []
    h, r = divmod(n, 100)
    if h == 1:
        out.append("seratus")
    elif h > 1:
        out += [_UNIT_WORDS[h], "ratus"]
    if r == 10:
        out.append("sepuluh")
    elif r == 11:
        out.append("sebelas")
    elif 12 <= r <= 19:
        out += [_UNIT_WORDS[r - 10], "belas"]
    elif r >= 20:
        t, u = divmod(r, 10)
        out += [_UNIT_WORDS[t], "puluh"]
        if u:
            out.append(_UNIT_WORDS[u])
    elif r:
        out.append(_UNIT_WORDS[r])
    return out


def number_to_words(n: int) -> str:
    """Canonical terbilang for 0 <= n < 10**15 (raises ValueError outside that range)."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("number_to_words expects an int")
    if n < 0 or n >= 10**15:
        raise ValueError("number_to_words supports 0 <= n < 10**15")
    if n == 0:
        return "nol"
    words: list[str] = []
    rest = n
    for scale, name in _SCALE_WORDS:
        g, rest = divmod(rest, scale)
        if g == 0:
            continue
        if g == 1 and scale == 1000:
            words.append("seribu")
        else:
            words += _below_thousand(g) + [name]
    words += _below_thousand(rest)
    return " ".join(words)
