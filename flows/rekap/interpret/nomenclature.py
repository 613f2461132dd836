"""Matching hand-written program / kegiatan / sub kegiatan names to the national nomenclature.

Pure functions only (no I/O): the dbt python model `int_nomenclature_matched` feeds them the items and the
nomenclature rows, and the pytest suite in tests/conform/ pins their behaviour on the real name variants.

Scoring (0-100), chosen after trying rapidfuzz's scorers on the four provided documents:

* ``token_sort_ratio`` on the normalised strings is the base score. It is order-insensitive (the PDFs move
  words around when cells wrap) but, unlike ``token_set_ratio``, it still charges for words that are missing
  or extra -- ``token_set_ratio`` gives 100 to any name whose words are a subset of a candidate's, so the short
  "Administrasi Keuangan" would tie with every longer name that contains those two words.
* A *truncation* score for names cut off by a page or cell break ("... serta Pemanta"): ``fuzz.ratio``
  of the name against the candidate's prefix of the same length, discounted by how much of the candidate
  is missing (``0.85 + 0.15 * coverage``), and only when the name keeps at least 40% of the candidate.
  WRatio's partial_ratio branch does something similar but caps it at 90 flat and also fires for a name
  matching the *middle* of a candidate, which is not how these documents lose text.

A name is assigned only when the best score reaches the threshold AND beats the runner-up (a different code)
by ``margin`` points; otherwise it goes to review. The parent code, when known, restricts the candidates to
the parent's children first (see ``match``). The region level (provinsi / kabkota) picks the variant.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

# Known misspellings and spelling variants, applied word-wise (or phrase-wise) to BOTH the submitted names and
# the nomenclature, so only the spelling differs, never the wording. Keys are already case-folded.
MISSPELLINGS: dict[str, str] = {
    "penyalagunaan": "penyalahgunaan",
    "bineka": "bhinneka",
    "bhineka": "bhinneka",
    "binneka": "bhinneka",
    "pembaurnan": "pembauran",
    "kordinasi": "koordinasi",
    "dibiidang": "di bidang",
    "dibidang": "di bidang",
    "dibdang": "di bidang",
    "penin darigkatan": "peningkatan",  # Lumajang LKj: stray "dari" pasted into "Peningkatan" by the PDF
    "kerja sama": "kerjasama",
    "penyedia jasa": "penyediaan jasa",
    "fasilitas kunjungan": "fasilitasi kunjungan",
    "barang cetak ": "barang cetakan ",
    "prosentase": "persentase",
    "presentase": "persentase",
    "idiologi": "ideologi",
    "organisasi masyarakat": "organisasi kemasyarakatan",
    # the nomenclature says "Pemerintahan Daerah" in these names; documents often drop the "-an"
    "urusan pemerintah daerah": "urusan pemerintahan daerah",
    "kabupaten / kota": "kabupaten/kota",
    "kab/kota": "kabupaten/kota",
    "kab kota": "kabupaten kota",
}

# Level words written in front of a name ("Sub Kegiatan Penyediaan ...", "Program Penguatan ...").
_LEVEL_PREFIX = re.compile(r"^\s*(?:sub\s*-?\s*kegiatan|kegiatan|program|porgram)\b[\s:.\-]*", re.IGNORECASE)
# Row numbering in front of a name: "a. ", "1. ", "6.1 ", "1) ", "(a) ", "- ".
_NUMBER_PREFIX = re.compile(
    r"^\s*(?:[a-z]\.\d+(?:\.\d+)*\.?|\(?[a-z]\)|\(?\d+(?:\.\d+)*[.)]?|[a-z][.)]|[-\u2013\u2022*])\s+", re.IGNORECASE
)
# A numbering marker the PDF displaced into the middle of a name: " a. ", " 3. ", " b. ".
_INNER_MARKER = re.compile(r"(?<=\s)(?:[a-z]|\d{1,2})\.(?=\s)", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w/]+")
_SPACES = re.compile(r"\s+")


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _normalise_once(name: str | None) -> str:
    """A comparable form of a program / kegiatan / sub kegiatan name.

    Case-folded; level prefixes ('Program', 'Kegiatan', 'Sub Kegiatan') and row numbers ('a.', '1.', '6.1')
    stripped from the front (repeatedly: "1. Program ..." too); numbering markers displaced inside the text
    (' a. ', ' 3. ') removed; punctuation -> space except '/', which the nomenclature uses inside words
    ('Pemilihan Umum/Pemilihan Umum Kepala Daerah', 'Bulanan/Triwulanan'), with spaces around '/' dropped;
    known misspellings mapped; whitespace collapsed. Idempotent.
    """
    if not name:
        return ""
    text = _strip_accents(str(name)).casefold().replace("\u00a0", " ")
    text = _SPACES.sub(" ", text).strip()
    previous = None
    while previous != text:  # "1. Program X", "a. Sub Kegiatan X"
        previous = text
        text = _NUMBER_PREFIX.sub("", text)
        text = _LEVEL_PREFIX.sub("", text)
    text = _INNER_MARKER.sub(" ", f" {text} ").strip()
    text = text.replace("&", " dan ")
    text = _NON_WORD.sub(" ", text)
    text = re.sub(r"\s*/\s*", "/", text)
    text = _SPACES.sub(" ", text).strip()
    padded = f" {text} "
    for wrong, right in MISSPELLINGS.items():
        padded = padded.replace(f" {wrong} ", f" {right} ")
        padded = padded.replace(f" {wrong} ", f" {right} ")  # overlapping occurrences
    text = _SPACES.sub(" ", padded).strip()
    return text


def normalise(name: str | None) -> str:  # noqa: F811 -- the public, idempotent form
    """See `_normalise_once`; applied until it no longer changes (stripping can expose a new prefix)."""
    text = _normalise_once(name)
    for _ in range(5):
        again = _normalise_once(text)
        if again == text:
            break
        text = again
    return text


@dataclass(frozen=True, slots=True)
class Candidate:
    """One nomenclature entry as the matcher sees it. `key` (the normalised name) is computed once: every item
    is scored against every candidate of its level, so normalising per comparison would dominate the run."""

    code: str
    level: str  # program | kegiatan | sub_kegiatan
    name: str
    parent_code: str | None = None
    government_level: str = "both"  # provinsi | kabkota | both
    key: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "key", normalise(self.name))


def region_government_level(region_code: str | None) -> str | None:
    """'provinsi' for a two-digit Kemendagri code ('18'), 'kabkota' for 'PP.KK' ('19.01'), None if unknown."""
    if not region_code:
        return None
    code = region_code.strip()
    if re.fullmatch(r"\d{2}", code):
        return "provinsi"
    if re.fullmatch(r"\d{2}\.\d{2}", code):
        return "kabkota"
    return None


def code_government_level(code: str) -> str:
    """Who runs an entry, from its code: the kegiatan digit (4th part: 8.01.02.<1|2>.01) 1 = provinsi, 2 = kab/kota."""
    parts = code.split(".")
    if len(parts) >= 5:
        return {"1": "provinsi", "2": "kabkota"}.get(parts[3], "both")
    return "both"


def score(name_norm: str, candidate_norm: str) -> float:
    """Similarity of two *normalised* names, 0-100 (see the module docstring for why this scorer)."""
    if not name_norm or not candidate_norm:
        return 0.0
    if name_norm == candidate_norm:
        return 100.0
    best = fuzz.token_sort_ratio(name_norm, candidate_norm)
    n, c = len(name_norm), len(candidate_norm)
    if n < c:
        coverage = n / c
        if coverage >= 0.4 and n >= 15:
            prefix = candidate_norm[:n]
            best = max(best, fuzz.ratio(name_norm, prefix) * (0.85 + 0.15 * coverage))
    return round(float(best), 2)


@dataclass(frozen=True, slots=True)
class MatchResult:
    code: str | None
    score: float
    method: str  # exact | fuzzy | unmatched
    candidates: tuple[tuple[str, float], ...]  # the top candidates, best first
    note: str = ""


def rank(
    name: str,
    level: str,
    candidates: Iterable[Candidate],
    government_level: str | None = None,
) -> list[tuple[str, float]]:
    """All candidates of `level` (and of the region's government level) with their score, best first.

    One row per code (a code may be offered under several names: the best name counts).
    """
    key = normalise(name)
    best: dict[str, float] = {}
    for cand in candidates:
        if cand.level != level:
            continue
        if government_level and cand.government_level not in ("both", government_level):
            continue
        s = score(key, cand.key)
        if s > best.get(cand.code, -1.0):
            best[cand.code] = s
    return sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))


def match(
    name: str,
    level: str,
    candidates: Sequence[Candidate],
    parent_code: str | None = None,
    government_level: str | None = None,
) -> list[tuple[str, float]]:
    """Ranked (code, score) for a name, best first, parent-aware.

    When `parent_code` is given, the parent's children are ranked first (in score order), then the rest: a
    kegiatan under program 8.01.03 is looked for among 8.01.03's kegiatan before anywhere else. The caller
    (`decide`) still applies the threshold and margin to the head of this list.
    """
    ranked = rank(name, level, candidates, government_level)
    if not parent_code:
        return ranked
    parents = {c.code: c.parent_code for c in candidates}
    children = [r for r in ranked if parents.get(r[0]) == parent_code]
    others = [r for r in ranked if parents.get(r[0]) != parent_code]
    return children + others


def decide(
    name: str,
    level: str,
    candidates: Sequence[Candidate],
    parent_code: str | None = None,
    government_level: str | None = None,
    threshold: float = 90.0,
    margin: float = 3.0,
    top_n: int = 3,
) -> MatchResult:
    """The code for a name, or None (method 'unmatched') with the best candidates for review.

    Rules, in order:
    1. parent's children first: if the best child of `parent_code` reaches the threshold and beats the next
       child by `margin`, it wins (the parent settles near-ties between siblings of other parents);
    2. otherwise over all candidates: the best must reach the threshold and beat the runner-up by `margin`;
    3. a score of 100 on the normalised name is 'exact', anything else assigned is 'fuzzy'.
    """
    ranked = rank(name, level, candidates, government_level)
    top = tuple(ranked[:top_n])
    if not ranked:
        return MatchResult(None, 0.0, "unmatched", top, "no candidate at this level")

    def pick(rows: list[tuple[str, float]]) -> tuple[str, float] | None:
        if not rows or rows[0][1] < threshold:
            return None
        if len(rows) > 1 and rows[0][1] - rows[1][1] < margin and rows[1][1] < 100.0 <= rows[0][1]:
            return rows[0]  # an exact hit always beats a fuzzy runner-up
        if len(rows) > 1 and rows[0][1] - rows[1][1] < margin:
            return None
        return rows[0]

    note = ""
    if parent_code:
        parents = {c.code: c.parent_code for c in candidates}
        children = [r for r in ranked if parents.get(r[0]) == parent_code]
        chosen = pick(children)
        if chosen:
            return MatchResult(chosen[0], chosen[1], "exact" if chosen[1] >= 100 else "fuzzy", top, "parent")
        note = "parent's children did not settle it"
    chosen = pick(ranked)
    if chosen:
        return MatchResult(chosen[0], chosen[1], "exact" if chosen[1] >= 100 else "fuzzy", top, note)
    if ranked[0][1] >= threshold:
        note = (note + "; " if note else "") + f"ambiguous: runner-up within {margin} points"
    else:
        note = (note + "; " if note else "") + f"best score {ranked[0][1]} below threshold {threshold}"
    return MatchResult(None, ranked[0][1], "unmatched", top, note)


LEVEL_ORDER = ("program", "kegiatan", "sub_kegiatan")


def candidates_from_rows(rows: Iterable[dict]) -> list[Candidate]:
    """Candidates from int_nomenclature rows (code, level, name, name_provinsi, parent_code, government_level).

    A code with a provincial wording (name_provinsi: the support program X.XX.01) is offered twice: its
    kab/kota name for kabupaten/kota, its provincial name for provinces.
    """
    out: list[Candidate] = []
    for r in rows:
        gl = r.get("government_level") or "both"
        if r.get("name_provinsi"):
            out.append(Candidate(r["code"], r["level"], r["name"], r.get("parent_code"), "kabkota"))
            out.append(Candidate(r["code"], r["level"], r["name_provinsi"], r.get("parent_code"), "provinsi"))
        else:
            out.append(Candidate(r["code"], r["level"], r["name"], r.get("parent_code"), gl))
    return out


def match_items(
    items: Iterable[dict],
    candidates: Sequence[Candidate],
    overrides: Iterable[dict] = (),
    threshold: float = 90.0,
    margin: float = 3.0,
) -> list[dict]:
    """Match every item (submission_id, table_id, record_no, parent_record_no, level, item_name, region_code).

    Items are processed program -> kegiatan -> sub_kegiatan so that an item whose parent record is a matched
    program/kegiatan is matched parent-aware. An override (region_code and/or submission_id, level,
    item_name_normalised) wins over the matcher. Returns one dict per item with the decision and the top-3
    candidates (for the review table).
    """
    # only records that carry a name of their own (int_items gives indicator rows their parent's name)
    items = [i for i in items if i.get("level") in LEVEL_ORDER and i.get("has_own_name", True) and i.get("item_name")]
    items.sort(key=lambda i: (LEVEL_ORDER.index(i["level"]), i["submission_id"], i["table_id"], i["record_no"]))
    by_code = {c.code: c for c in candidates}
    decided: dict[tuple, str | None] = {}
    memo: dict[tuple, MatchResult] = {}
    ov = [
        {k: (v.strip() if isinstance(v, str) else v) for k, v in o.items()}
        for o in overrides
        if o.get("nomenclature_code")
    ]
    out: list[dict] = []
    for it in items:
        key = (it["submission_id"], it["table_id"], it["record_no"])
        gl = region_government_level(it.get("region_code"))
        parent_code = None
        if it.get("parent_record_no") is not None:
            parent_code = decided.get((it["submission_id"], it["table_id"], it["parent_record_no"]))
        norm = normalise(it.get("item_name"))
        # every agency writes names from the same national list: the same decision is computed once per run
        memo_key = (norm, it["level"], parent_code, gl)
        res = memo.get(memo_key)
        if res is None:
            res = memo[memo_key] = decide(
                it.get("item_name") or "", it["level"], candidates, parent_code, gl, threshold, margin
            )
        sc: float | None  # None: an override naming a code outside the nomenclature
        code, method, sc, note = res.code, res.method, res.score, res.note
        for o in ov:
            if (
                o.get("level") == it["level"]
                and normalise(o.get("item_name_normalised")) == norm
                and (not o.get("region_code") or o["region_code"] == it.get("region_code"))
                and (not o.get("submission_id") or o["submission_id"] == it["submission_id"])
            ):
                code, method = o["nomenclature_code"], "override"
                cand = by_code.get(code)
                sc = score(norm, cand.key) if cand else None
                note = o.get("reason") or "override"
                break
        decided[key] = code
        top = list(res.candidates) + [(None, None)] * 3
        out.append(
            {
                "submission_id": it["submission_id"],
                "table_id": it["table_id"],
                "record_no": it["record_no"],
                "level": it["level"],
                "item_name": it.get("item_name"),
                "item_name_normalised": norm,
                "region_code": it.get("region_code"),
                "government_level": gl,
                "parent_code": parent_code,
                "nomenclature_code": code,
                "match_score": sc,
                "match_method": method,
                "note": note,
                "candidate_1_code": top[0][0],
                "candidate_1_score": top[0][1],
                "candidate_2_code": top[1][0],
                "candidate_2_score": top[1][1],
                "candidate_3_code": top[2][0],
                "candidate_3_score": top[2][1],
            }
        )
    return out
