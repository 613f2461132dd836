"""Quarter values written inline in a cell: "TW 1 : 25% TW 2 : 50%", "TW I = 25 %", "Triwulan I: 2 Dok".

Text before the first label is the cell's own value (e.g. the annual target "1 Unit"); each label's value is the
text up to the next label. Labels are kept verbatim (without the ':' / '='), so the warehouse can show them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rekap.tables.vocabulary import UNASKED, Vocabulary


@dataclass(frozen=True)
class Part:
    text: str  # verbatim value text, stripped
    offset: int  # character offset of the value inside the cell
    quarter_label: str | None = None
    quarter: int | None = None


def split_inline(voc: Vocabulary, text: str) -> tuple[Part, ...] | None:
    """The cell split at its inline quarter labels, or None when it has none (once per text)."""
    found = voc.memo.get(("inline quarters", text), UNASKED)  # asked of every figure of a row, often twice
    if found is UNASKED:
        found = voc.remember("inline quarters", text, lambda t: _split(voc, t))
    return found


def _split(voc: Vocabulary, text: str) -> tuple[Part, ...] | None:
    found = list(voc.inline_rx.finditer(text))
    if not found:
        return None
    parts: list[Part] = []
    head = text[: found[0].start()]
    if head.strip():
        parts.append(Part(head.strip(), len(head) - len(head.lstrip())))
    for k, m in enumerate(found):
        stop = found[k + 1].start() if k + 1 < len(found) else len(text)
        seg = text[m.end() : stop]
        label = m.group(0).rstrip(":= \t").strip()
        parts.append(
            Part(seg.strip(" \t;,"), m.end() + len(seg) - len(seg.lstrip()), label, voc.numerals[m.group("n").upper()])
        )
    return tuple(parts)
