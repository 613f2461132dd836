"""Figures stated in prose: find them with regexes (reference data) and land the verbatim substrings with their position.

Reusable by any family whose documents state figures in sentences ("Realisasi ... sebesar 12,5 %", "Serapan
Anggaran sebesar Rp. 25.800.000,00 (dua puluh lima juta ... rupiah)"). Everything wording-specific (the regexes
and what each named group is) is reference data (prose_sections.yml); this module only knows about lines, sections, blocks
and matches.

The sections of a performance report are reference data (prose_sections.yml); shape of one section::

    id: kinerja_anggaran            # becomes the landed table_id
    required: true                  # missing section -> LayoutMismatch
    start: '<regex>'                # the section heading line
    end: '<regex>'                  # first line after `start` matching it ends the section (default: end of file)
    block: '<regex with (?P<name>)>'  # a line opening one record (e.g. a program heading or bullet)
    block_level: program
    min_blocks: 1
    quarter_scope: pattern|section  # where a `quarter` group's label applies
    head: [<pattern>, ...]          # patterns searched before the first block; each gives one record (`level`)
    blocks_under_head: true         # block records get the first head record as parent (default true)
    patterns: [<pattern>, ...]      # searched inside every block
    # pattern: {id, regex, required, anchor, values: {group: role | {role, versioned, whole_year}}, version_map, level}

A pattern may run on over a line break: when a line does not match alone, it is joined with the next non-blank
line (``line + "\\n" + next``) and matched again; each group is then located in the line it falls in. Values are
never converted: ``text`` is the group's verbatim substring, ``column`` its character offset in its line.
"""

from __future__ import annotations

import copy
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from rekap.layouts.errors import LayoutMismatch
from rekap.layouts.textfile import first_match, is_blank
from rekap.tables.cells import LandedValue

SECTIONS_FILE = Path(__file__).with_name("prose_sections.yml")

# Group names with a meaning of their own (labels, not values).
QUARTER_GROUP = "quarter"
VERSION_GROUP = "version"
NAME_GROUP = "name"


@dataclass(frozen=True, slots=True)
class Span:
    """A matched group: 0-based line index, character offset in that line, verbatim text."""

    line: int
    column: int
    text: str


@dataclass(frozen=True, slots=True)
class ProseMatch:
    groups: dict[str, Span]  # only groups that took part in the match
    lines: tuple[int, ...]  # 0-based indices of the lines the match spans (one, or a line and its next non-blank)

    def text(self, group: str) -> str | None:
        span = self.groups.get(group)
        return span.text if span is not None else None


def next_nonblank(lines: list[str], start: int, stop: int | None = None) -> int | None:
    stop = len(lines) if stop is None else stop
    for j in range(start, stop):
        if not is_blank(lines[j]):
            return j
    return None


def _spans(m: re.Match[str], parts: list[tuple[int, int]]) -> dict[str, Span]:
    """Map each group's offset in the (possibly joined) text back to (line, column). parts = [(line, offset_in_text)]."""
    out: dict[str, Span] = {}
    for name, value in m.groupdict().items():
        if value is None:
            continue
        pos = m.start(name)
        line, base = parts[0]
        for ln, off in parts:
            if pos >= off:
                line, base = ln, off
        out[name] = Span(line=line, column=pos - base, text=value)
    return out


def search(
    lines: list[str], lo: int, hi: int, regex: str | re.Pattern[str], join_next: bool = True
) -> ProseMatch | None:
    """First match of `regex` in lines[lo:hi], in document order; may span a line and its next non-blank line."""
    rx = re.compile(regex) if isinstance(regex, str) else regex
    for i in range(lo, min(hi, len(lines))):
        line = lines[i]
        if is_blank(line):
            continue
        m = rx.search(line)
        if m:
            return ProseMatch(groups=_spans(m, [(i, 0)]), lines=(i,))
        if not join_next:
            continue
        j = next_nonblank(lines, i + 1, hi)
        if j is None:
            continue
        joined = line + "\n" + lines[j]
        m = rx.search(joined)
        if m and m.start() < len(line) and m.end() > len(line):
            return ProseMatch(groups=_spans(m, [(i, 0), (j, len(line) + 1)]), lines=(i, j))
    return None


def find_line(lines: list[str], lo: int, hi: int, regex: str) -> int | None:
    rx = re.compile(regex)
    for i in range(lo, min(hi, len(lines))):
        if rx.search(lines[i]):
            return i
    return None


def find_section(lines: list[str], start: str, end: str | None, search_from: int = 0) -> tuple[int, int] | None:
    """(index of the start line, index of the end line or len(lines)), or None when the start line is missing."""
    s = find_line(lines, search_from, len(lines), start)
    if s is None:
        return None
    e = find_line(lines, s + 1, len(lines), end) if end else None
    return s, (e if e is not None else len(lines))


@dataclass(frozen=True, slots=True)
class Block:
    heading: int  # 0-based line index of the line opening the block
    match: re.Match[str]
    lo: int  # first line of the block (the heading line itself: the figure may share its line)
    hi: int  # exclusive


def split_blocks(lines: list[str], lo: int, hi: int, block: str) -> list[Block]:
    rx = re.compile(block)
    heads = [(i, m) for i in range(lo, hi) if (m := rx.search(lines[i]))]
    return [
        Block(heading=i, match=m, lo=i, hi=heads[k + 1][0] if k + 1 < len(heads) else hi)
        for k, (i, m) in enumerate(heads)
    ]


def _value_specs(pattern: dict[str, Any]) -> list[tuple[str, str, bool, bool]]:
    """(group, role, versioned, whole_year). `whole_year` values (a pagu) never take a quarter label, even in
    a section whose sentence says 'sampai dengan Triwulan I'."""
    out = []
    for group, v in (pattern.get("values") or {}).items():
        if isinstance(v, str):
            out.append((group, v, False, False))
        else:
            out.append((group, v["role"], bool(v.get("versioned", False)), bool(v.get("whole_year", False))))
    return out


def _version_label(pattern: dict[str, Any], match: ProseMatch) -> str | None:
    phrase = match.text(VERSION_GROUP)
    if phrase is None:
        return None
    for rule in pattern.get("version_map") or []:
        if re.search(rule["match"], phrase):
            return rule["label"]
    return None


def _context(lines: list[str], line_indices: list[int]) -> str:
    seen: list[int] = []
    for i in line_indices:
        if i not in seen:
            seen.append(i)
    return "\n".join(lines[i] for i in sorted(seen))


def _require(
    lines: list[str], lo: int, hi: int, where: int, section_id: str, pattern: dict[str, Any]
) -> ProseMatch | None:
    m = search(lines, lo, hi, pattern["regex"], join_next=pattern.get("join_next", True))
    if m is not None or not pattern.get("required", False):
        return m
    # The paragraph that should carry the figure: the anchor line if the spec names one and it is there.
    anchor = find_line(lines, lo, hi, pattern["anchor"]) if pattern.get("anchor") else None
    at = anchor if anchor is not None else where
    raise LayoutMismatch(
        at + 1,
        f"{section_id}/{pattern['id']}: kalimat yang cocok dengan {pattern.get('description') or pattern['regex']!r}",
        lines[at] if at < len(lines) else None,
    )


def extract_section(
    lines: list[str], section: dict[str, Any], search_from: int = 0, previous_end: int | None = None
) -> tuple[list[LandedValue], int | None]:
    """Land the figures of one prose section. Returns the values and the section's end index (for the next one).

    `previous_end` is the index of the line where the previous section stopped: a missing section is reported there
    (that is where its heading was expected).
    """
    sid = section["id"]
    found = find_section(lines, section["start"], section.get("end"), search_from)
    if found is None:
        if section.get("required", True):
            at = previous_end if previous_end is not None and previous_end < len(lines) else None
            raise LayoutMismatch(
                at + 1 if at is not None else None,
                f"bagian {sid}: baris judul yang cocok dengan {section['start']!r}",
                lines[at] if at is not None else None,
            )
        return [], previous_end
    start, end = found
    blocks = split_blocks(lines, start + 1, end, section["block"]) if section.get("block") else []
    if len(blocks) < int(section.get("min_blocks", 0)):
        raise LayoutMismatch(
            start + 1,
            f"bagian {sid}: setidaknya {section['min_blocks']} blok yang diawali {section['block']!r}",
            lines[start],
        )
    head_hi = blocks[0].heading if blocks else end
    section_scope = section.get("quarter_scope", "pattern") == "section"

    # (record_no, level, parent, ProseMatch, pattern, context line indices), quarter resolved afterwards.
    pending: list[tuple[int, str | None, int | None, ProseMatch, dict[str, Any], list[int]]] = []
    names: list[tuple[int, str | None, int | None, Block]] = []
    record_no = 0
    head_record: int | None = None
    section_quarter: str | None = None

    for pattern in section.get("head") or []:
        m = _require(lines, start + 1, head_hi, start, sid, pattern)
        if m is None:
            continue
        record_no += 1
        head_record = head_record or record_no
        pending.append((record_no, pattern.get("level"), None, m, pattern, [start, *m.lines]))
        if section_quarter is None and m.text(QUARTER_GROUP) is not None:
            section_quarter = m.text(QUARTER_GROUP)

    block_level = section.get("block_level")
    for block in blocks:
        record_no += 1
        parent = head_record if section.get("blocks_under_head", True) else None
        names.append((record_no, block_level, parent, block))
        for pattern in section.get("patterns") or []:
            m = _require(lines, block.lo, block.hi, block.heading, sid, pattern)
            if m is None:
                continue
            pending.append(
                (record_no, pattern.get("level", block_level), parent, m, pattern, [block.heading, *m.lines])
            )
            if section_quarter is None and m.text(QUARTER_GROUP) is not None:
                section_quarter = m.text(QUARTER_GROUP)

    # each value read, as LandedValue's fields after table_id: (record_no, level, role, text, line, column,
    # parent_record_no, quarter_label, version_label, year_label, context)
    rows: list[tuple] = []
    for rec, level, parent, block in names:
        if block.match.groupdict().get(NAME_GROUP) is None:
            continue
        name, column = block.match.group(NAME_GROUP), block.match.start(NAME_GROUP)
        quarter = section_quarter if section_scope else None
        rows.append(
            (rec, level, "name", name, block.heading + 1, column, parent, quarter, None, None, lines[block.heading])
        )
    for rec, level, parent, m, pattern, ctx_lines in pending:
        quarter = section_quarter if section_scope else m.text(QUARTER_GROUP)
        version = _version_label(pattern, m)
        context = _context(lines, ctx_lines)
        for group, role, versioned, whole_year in _value_specs(pattern):
            span = m.groups.get(group)
            if span is None:
                continue
            labels = (None if whole_year else quarter, version if versioned else None, None)
            rows.append((rec, level, role, span.text, span.line + 1, span.column, parent, *labels, context))
    values = [LandedValue(sid, *fields) for fields in rows]
    values.sort(key=lambda v: (v.record_no, v.line, v.column or 0))
    return values, end


@functools.cache
def _report_sections() -> tuple[dict[str, Any], ...]:
    return tuple(yaml.safe_load(SECTIONS_FILE.read_text(encoding="utf-8"))["sections"])


def report_sections() -> list[dict[str, Any]]:
    """The prose sections of a performance report (prose_sections.yml), as fresh dicts."""
    return copy.deepcopy(list(_report_sections()))


def extract_report(lines: list[str], sections: list[dict[str, Any]] | None = None) -> list[LandedValue]:
    """The figures a performance report states in prose. A document with none of the sections' headings states
    none (a plan is all tables); once one heading is there, every required section must be, in order, and a
    missing one is reported where its heading was expected."""
    sections = report_sections() if sections is None else sections
    if not any(first_match(lines, s["start"]) is not None for s in sections):
        return []
    out: list[LandedValue] = []
    search_from = 0
    previous_end: int | None = None
    for section in sections:
        values, end = extract_section(lines, section, search_from=search_from, previous_end=previous_end)
        out.extend(values)
        if end is not None:
            search_from = previous_end = end
    return out
