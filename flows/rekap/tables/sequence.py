"""Tables in which every level has its own group of columns and a row may fill several groups at once
(SASARAN | PROGRAM | KEGIATAN | AKSI, each with name, indicator, quarter label and target, then a schedule of
ticks under JADWAL): an action plan written as one table per quarter.

PDF extraction shifts such rows freely (a row starting one or two cells early, a program printed in the
kegiatan columns, a quarter and target printed before their program's name), so a row is read by what its cells
look like, not by their columns. Its filled cells are classified (vocabulary.yml: a bare number, a quarter label
followed by a target, a target alone, a tick, text) and parsed as

    [row_no] group* [aksi_no] [aksi] tick*      where  group = name indicator [quarter-label target]

(a quarter/target pair printed *before* a group's name belongs to that group). The first group of a numbered row
is the header's first level (the sasaran); any other group's level is the one its name announces ("Program ...",
"Kegiatan ...", "Sub Kegiatan ..."), else the most specific level the header names below it. Parents follow the
levels' order. A target without its own quarter label, and a tick, take the quarter the table's title names
("TRIWULAN II"), else the quarter of the header column the tick stands in.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from rekap.layouts.errors import LayoutMismatch
from rekap.tables.cells import LandedValue
from rekap.tables.grid import Row
from rekap.tables.header import YEAR_RX, Header
from rekap.tables.layout import Column
from rekap.tables.vocabulary import Vocabulary, normalise, vocabulary_data

# levels from the broadest to the most specific: a record's parent is the latest open record of a broader level
ORDER = ("tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "aksi")
ACTION = "aksi"
TITLE_LINES = 4  # untabbed lines above a header that may be its title
NUMBER_RX = re.compile(r"\d{1,3}\.?")
TITLE_QUARTER_RX = re.compile(r"(?i)\b(?:TW|TRIWULAN|TRW)\.?\s*(?:KE\s*)?(?P<n>IV|I{1,3}|[1-4])\b")
GRAMMAR = "[N] (nama indikator [triwulan target])* [nomor-aksi] [aksi] tanda*"


@functools.cache
def _schedule_vocabulary() -> tuple[tuple[str, ...], re.Pattern[str]]:
    """The words titling a schedule and what a tick looks like (vocabulary.yml, `schedule`)."""
    d = vocabulary_data()["schedule"]
    return tuple(normalise(w) for w in d["words"]), re.compile(d["tick"])


def _is_tick(text: str) -> bool:
    return _schedule_vocabulary()[1].fullmatch(text) is not None


class NotSequence(Exception):
    """The header does not describe per-level column groups with a schedule: not this record model."""


@dataclass(frozen=True)
class SequenceColumns:
    head_level: str  # the level of the first name column (a numbered row's first group)
    levels: tuple[str, ...]  # every level the header names, broadest first
    default_level: str  # a group whose name announces no level
    schedule: dict[int, str]  # column -> verbatim quarter label of a schedule (tick) column

    @staticmethod
    def of(voc: Vocabulary, columns: dict[int, Column]) -> SequenceColumns:
        words = _schedule_vocabulary()[0]
        titled = [j for j, c in columns.items() if any(f" {w} " in f" {normalise(c.title)} " for w in words)]
        if not titled:
            raise NotSequence("tidak ada kolom jadwal (JADWAL PELAKSANAAN I-IV)")
        # the schedule's own columns: titled by a bare quarter numeral ("I", not a target's "TW"/"TARGET")
        schedule: dict[int, str] = {}
        for j, c in columns.items():
            title_words = normalise(c.title).split()
            quarter = (
                bool(title_words) and voc.quarter_of(title_words[-1]) is not None and not title_words[-1].isdigit()
            )
            if quarter and not {"TW", "TARGET", "TRIWULAN"} & set(title_words):
                schedule[j] = c.title.split()[-1]
        names = [c for _, c in sorted(columns.items()) if c.role == "name" and c.level]
        named: set[str] = set()
        for c in columns.values():
            text = f" {normalise(c.title)} "
            named |= {lv for lv, words in voc.levels if any(f" {w} " in text for w in words)}
        levels = tuple(lv for lv in ORDER if lv in named)
        if len(levels) < 2 or not names:
            raise NotSequence("kurang dari dua tingkat bernama di kepala tabel")
        head = names[0].level
        assert head is not None
        below = [lv for lv in levels if lv != ACTION and ORDER.index(lv) > ORDER.index(head)]
        if not below:
            raise NotSequence("tidak ada tingkat di bawah tingkat pertama")
        return SequenceColumns(head, levels, below[-1], schedule)


@dataclass
class Tok:
    kind: str  # N (bare number), T (text), P (quarter label + target), G (target alone), V (tick)
    col: int
    text: str
    col2: int | None = None  # P: column of the target
    text2: str | None = None


@dataclass
class Group:
    name: Tok
    indicator: Tok | None = None
    pair: Tok | None = None


@dataclass
class Parsed:
    row_no: Tok | None = None
    groups: list[Group] = field(default_factory=list)
    aksi_no: Tok | None = None
    aksi: Tok | None = None
    ticks: list[Tok] = field(default_factory=list)


def _target(voc: Vocabulary, text: str) -> bool:
    return not NUMBER_RX.fullmatch(text) and voc.looks_like("target_quarter", text)


def _kinds(voc: Vocabulary, text: str) -> tuple[bool, bool, bool, bool]:
    """(a tick, a quarter label, a target, a bare number): what a cell's text can be, asked once per text."""
    found = voc.memo.get(("sequence cell", text))
    if found is None:
        found = voc.remember(
            "sequence cell",
            text,
            lambda t: (_is_tick(t), voc.quarter_of(t) is not None, _target(voc, t), NUMBER_RX.fullmatch(t) is not None),
        )
    return found


def tokenize(voc: Vocabulary, row: Row) -> list[Tok]:
    filled = [(j, text) for j, text in enumerate(row.cells) if text]
    toks: list[Tok] = []
    k = 0
    while k < len(filled):
        c, t = filled[k]
        nxt = filled[k + 1] if k + 1 < len(filled) else None
        tick, label, target, number = _kinds(voc, t)
        if tick:
            toks.append(Tok("V", c, t))
        elif label and nxt is not None and nxt[0] == c + 1 and _kinds(voc, nxt[1])[2]:
            toks.append(Tok("P", c, t, nxt[0], nxt[1]))
            k += 1
        elif target:
            toks.append(Tok("G", c, t))
        elif number:
            toks.append(Tok("N", c, t))
        else:
            toks.append(Tok("T", c, t))
        k += 1
    return toks


def parse_row(toks: list[Tok], row: Row) -> Parsed:
    """One row's tokens as [N T T ...] row_no; (T T [P|G])*; [N T | T] aksi; V* ticks."""
    out = Parsed()
    kinds = "".join(t.kind for t in toks)

    def fail() -> LayoutMismatch:
        return LayoutMismatch(row.line, f"baris berbentuk {GRAMMAR}", row.raw)

    i = 0
    if kinds.startswith("NTT"):  # the head item's number, then its name and indicator
        out.row_no = toks[0]
        i = 1
    pending: Tok | None = None
    while i < len(toks):
        k, rest = toks[i].kind, kinds[i:]
        if k in "PG":
            last = out.groups[-1] if out.groups else None
            if last is not None and last.pair is None and last.indicator is not None and pending is None:
                last.pair = toks[i]
            elif pending is None and out.aksi is None:
                pending = toks[i]  # printed before its group's name
            else:
                raise fail()
            i += 1
        elif rest.startswith("TT"):
            out.groups.append(Group(toks[i], toks[i + 1], pending))
            pending = None
            i += 2
        elif k == "N" and rest[1:2] == "T" and set(rest[2:]) <= {"V"}:
            out.aksi_no, out.aksi = toks[i], toks[i + 1]
            i += 2
        elif k == "T" and set(rest[1:]) <= {"V"}:
            out.aksi = toks[i]
            i += 1
        elif k == "V" and out.aksi is not None:
            out.ticks.append(toks[i])
            i += 1
        else:
            raise fail()
    if pending is not None:
        raise fail()
    return out


def title_of(rows: list[Row], header: Header) -> tuple[str | None, str | None]:
    """(quarter label, year) stated by the untabbed title lines right above the header, when they state them (a
    title naming a period, "2021-2024", states no one year)."""
    quarter = None
    years: set[str] = set()
    k = header.first - 1
    seen = 0
    while k >= 0 and seen < TITLE_LINES and not rows[k].tabbed:
        if not rows[k].blank:
            seen += 1
            if quarter is None and (m := TITLE_QUARTER_RX.search(rows[k].raw)):
                quarter = m.group("n")
            years.update(YEAR_RX.findall(rows[k].raw))
        k -= 1
    return quarter, (next(iter(years)) if len(years) == 1 else None)


def names_quarter(row: Row) -> bool:
    """A title line naming a quarter: the next quarter's table starts."""
    return not row.tabbed and TITLE_QUARTER_RX.search(row.raw) is not None


@dataclass
class SequenceReader:
    voc: Vocabulary
    table_id: str
    cols: SequenceColumns
    quarter: str | None  # the title's quarter label
    year: str | None
    values: list[LandedValue] = field(default_factory=list)
    record_no: int = 0
    open: dict[str, int] = field(default_factory=dict)

    def _new(self, level: str) -> tuple[int, int | None]:
        self.record_no += 1
        pos = ORDER.index(level)
        parent = next((self.open[up] for up in reversed(ORDER[:pos]) if up in self.open), None)
        for lower in ORDER[pos:]:
            self.open.pop(lower, None)
        self.open[level] = self.record_no
        return self.record_no, parent

    def _land(self, rec: tuple[int, int | None], level: str, role: str, text: str, line: int, col: int, q=None):
        self.values.append(
            LandedValue(
                table_id=self.table_id,
                record_no=rec[0],
                level=level,
                role=role,
                text=text,
                line=line,
                column=col,
                parent_record_no=rec[1],
                quarter_label=q,
                year_label=self.year,
            )
        )

    def _level(self, name: str) -> str:
        announced = self.voc.level_prefix(name)
        head = ORDER.index(self.cols.head_level)
        if announced in ORDER and announced != ACTION and ORDER.index(announced) > head:
            return announced
        return self.cols.default_level

    def _tick_quarter(self, tick: Tok, row: Row) -> str:
        if self.quarter is not None:
            return self.quarter
        label = self.cols.schedule.get(tick.col)
        if not label:
            raise LayoutMismatch(row.line, "tanda centang di salah satu kolom jadwal (I-IV)", row.raw)
        return label

    def row(self, row: Row) -> None:
        parsed = parse_row(tokenize(self.voc, row), row)
        line = row.line
        for g_idx, g in enumerate(parsed.groups):
            head = g_idx == 0 and parsed.row_no is not None
            level = self.cols.head_level if head else self._level(g.name.text)
            rec = self._new(level)
            if head and parsed.row_no is not None:
                self._land(rec, level, "row_no", parsed.row_no.text, line, parsed.row_no.col)
            self._land(rec, level, "name", g.name.text, line, g.name.col)
            if g.indicator is not None:
                self._land(rec, level, "indicator", g.indicator.text, line, g.indicator.col)
            if g.pair is not None and g.pair.kind == "P":
                self._land(rec, level, "target_quarter", g.pair.text2 or "", line, g.pair.col2 or 0, g.pair.text)
            elif g.pair is not None:
                self._land(rec, level, "target_quarter", g.pair.text, line, g.pair.col, self.quarter)
        if parsed.aksi is not None:
            level = ACTION if ACTION in self.cols.levels else self.cols.default_level
            rec = self._new(level)
            if parsed.aksi_no is not None:
                self._land(rec, level, "row_no", parsed.aksi_no.text, line, parsed.aksi_no.col)
            self._land(rec, level, "name", parsed.aksi.text, line, parsed.aksi.col)
            for t in parsed.ticks:
                self._land(rec, level, "schedule_mark", t.text, line, t.col, self._tick_quarter(t, row))
