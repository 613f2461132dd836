"""Matching every item to the nomenclature with decisions memoised across runs (the I/O edge of nomenclature.py).

A decision of `nomenclature.decide` depends only on (normalised name, level, parent code, government level) and on
the matcher version: the nomenclature entries, the threshold and margin, and the matcher's code. Decisions are
kept in a DuckDB file in the refresh's state directory (`REKAP_MATCH_CACHE_DB`; without it, in memory for one
build), so a refresh matches only names it has never seen; everything else — joining items to decisions level by
level (a kegiatan's parent is its program's code), applying the overrides — is SQL.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import cast

import duckdb
import polars as pl

from rekap.interpret.nomenclature import (
    LEVEL_ORDER,
    candidates_from_rows,
    decide,
    normalise,
    region_government_level,
    score,
)

CACHE_ENV = "REKAP_MATCH_CACHE_DB"
_CODE = (Path(__file__).with_name("nomenclature.py"), Path(__file__))

_SCHEMA = """
create table if not exists cache.names (
    normaliser           varchar not null,   -- hash of the matcher code: a new normaliser re-normalises
    item_name            varchar not null,
    item_name_normalised varchar not null
);
create table if not exists cache.decisions (
    matcher_version      varchar not null,   -- nomenclature entries + threshold + margin + matcher code
    item_name_normalised varchar not null,
    level                varchar not null,
    parent_code          varchar,
    government_level     varchar,
    nomenclature_code    varchar,
    match_score          double,
    match_method         varchar not null,
    note                 varchar,
    candidate_1_code varchar, candidate_1_score double,
    candidate_2_code varchar, candidate_2_score double,
    candidate_3_code varchar, candidate_3_score double
);
"""

# the top three candidates kept beside every decision
_CANDIDATE_COLS = [f"candidate_{i}_{what}" for i in (1, 2, 3) for what in ("code", "score")]
_DECISION_COLS = [
    "item_name_normalised",
    "level",
    "parent_code",
    "government_level",
    "nomenclature_code",
    "match_score",
    "match_method",
    "note",
    *_CANDIDATE_COLS,
]
_DECISION_SCHEMA = {c: (pl.Float64 if c.endswith("score") else pl.Utf8) for c in _DECISION_COLS}
OUTPUT_COLUMNS = [
    "submission_id",
    "table_id",
    "record_no",
    "level",
    "item_name",
    "nomenclature_code",
    "match_score",
    "match_method",
    "item_name_normalised",
    "region_code",
    "government_level",
    "parent_code",
    "note",
    *_CANDIDATE_COLS,
]


def _code_hash() -> str:
    h = hashlib.sha256()
    for p in _CODE:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def matcher_version(nomenclature_rows: list[dict], threshold: float, margin: float) -> str:
    rows = sorted(repr(sorted(r.items())) for r in nomenclature_rows)
    return hashlib.sha256(repr((rows, threshold, margin, _code_hash())).encode()).hexdigest()[:16]


def _dicts(rel: duckdb.DuckDBPyRelation) -> list[dict]:
    cols = rel.columns
    return [dict(zip(cols, r)) for r in rel.fetchall()]


def match_all(
    items: duckdb.DuckDBPyRelation,
    submissions: duckdb.DuckDBPyRelation,
    nomenclature: duckdb.DuckDBPyRelation,
    overrides: duckdb.DuckDBPyRelation,
    threshold: float = 90.0,
    margin: float = 3.0,
    cache_path: str | None = None,
) -> pl.DataFrame:
    """One row per named program / kegiatan / sub kegiatan item of `items` (int_items), OUTPUT_COLUMNS."""
    nom_rows = _dicts(
        cast(
            duckdb.DuckDBPyRelation,
            nomenclature.query("n", "select code, level, name, name_provinsi, parent_code, government_level from n"),
        )
    )
    candidates = candidates_from_rows(nom_rows)
    version, normaliser = matcher_version(nom_rows, threshold, margin), _code_hash()
    levels = ", ".join(f"'{lv}'" for lv in LEVEL_ORDER)
    item_frame = cast(
        duckdb.DuckDBPyRelation,
        items.query(
            "i",
            f"""
        select submission_id, table_id, record_no, parent_record_no, level, item_name from i
        where level in ({levels}) and coalesce(has_own_name, true) and coalesce(item_name, '') <> ''""",
        ),
    ).pl()
    region_frame = cast(
        duckdb.DuckDBPyRelation, submissions.query("s", "select distinct submission_id, region_code from s")
    ).pl()
    region_frame = region_frame.with_columns(
        pl.col("region_code").map_elements(region_government_level, return_dtype=pl.Utf8).alias("government_level")
    )
    override_frame = _overrides(_dicts(overrides), {c.code: c for c in candidates})

    path = cache_path if cache_path is not None else os.environ.get(CACHE_ENV, ":memory:")
    if path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    work = duckdb.connect()
    try:
        work.execute(f"attach '{path}' as cache")
        work.execute(_SCHEMA)
        work.register("items_in", item_frame)
        work.register("regions_in", region_frame)
        work.register("overrides_in", override_frame)
        _normalise_new_names(work, normaliser)
        work.execute(
            """
            create temp table items as
            select i.*, r.region_code, r.government_level, n.item_name_normalised
            from items_in i
            left join regions_in r using (submission_id)
            join cache.names n on n.normaliser = ? and n.item_name = i.item_name""",
            [normaliser],
        )
        work.execute(f"create temp table result ({', '.join(c + ' ' + t for c, t in _OUTPUT_TYPES.items())})")
        for level in LEVEL_ORDER:
            # a parent is an item of an earlier level, already decided (override included)
            work.execute(
                """
                create or replace temp table level_items as
                select i.*, p.nomenclature_code as parent_code
                from items i
                left join result p on p.submission_id = i.submission_id and p.table_id = i.table_id
                                  and p.record_no = i.parent_record_no
                where i.level = ?""",
                [level],
            )
            _decide_new(work, version, level, candidates, threshold, margin)
            work.execute(
                """
                insert into result
                select l.submission_id, l.table_id, l.record_no, l.level, l.item_name,
                    coalesce(o.nomenclature_code, d.nomenclature_code),
                    case when o.nomenclature_code is not null then o.match_score else d.match_score end,
                    case when o.nomenclature_code is not null then 'override' else d.match_method end,
                    l.item_name_normalised, l.region_code, l.government_level, l.parent_code,
                    case when o.nomenclature_code is not null then o.note else d.note end,
                    d.candidate_1_code, d.candidate_1_score, d.candidate_2_code, d.candidate_2_score,
                    d.candidate_3_code, d.candidate_3_score
                from level_items l
                join cache.decisions d
                  on d.matcher_version = ? and d.level = l.level
                 and d.item_name_normalised = l.item_name_normalised
                 and d.parent_code is not distinct from l.parent_code
                 and d.government_level is not distinct from l.government_level
                left join lateral (
                    select o.nomenclature_code, o.match_score, o.note from overrides_in o
                    where o.level = l.level and o.item_name_normalised = l.item_name_normalised
                      and (coalesce(o.region_code, '') = '' or o.region_code = l.region_code)
                      and (coalesce(o.submission_id, '') = '' or o.submission_id = l.submission_id)
                    order by o.ordinal limit 1
                ) o on true""",
                [version],
            )
        work.execute("delete from cache.decisions where matcher_version <> ?", [version])
        work.execute("delete from cache.names where normaliser <> ?", [normaliser])
        order = ", ".join(f"'{lv}'" for lv in LEVEL_ORDER)
        return work.sql(
            f"select * from result order by list_position([{order}], level), submission_id, table_id, record_no"
        ).pl()
    finally:
        work.close()


_OUTPUT_TYPES = {
    c: ("double" if c.endswith("score") else "integer" if c == "record_no" else "varchar") for c in OUTPUT_COLUMNS
}


def _normalise_new_names(work: duckdb.DuckDBPyConnection, normaliser: str) -> None:
    new = [
        n
        for (n,) in work.execute(
            "select distinct item_name from items_in except select item_name from cache.names where normaliser = ?",
            [normaliser],
        ).fetchall()
    ]
    if new:
        frame = pl.DataFrame({"item_name": new, "item_name_normalised": [normalise(n) for n in new]})  # noqa: F841
        work.execute("insert into cache.names select ?, item_name, item_name_normalised from frame", [normaliser])


def _decide_new(work, version: str, level: str, candidates, threshold: float, margin: float) -> None:
    """Match the (name, parent code, government level) of this level that no earlier run has decided."""
    new = work.execute(
        """
        select distinct l.item_name_normalised, l.parent_code, l.government_level from level_items l
        where not exists (
            select 1 from cache.decisions d
            where d.matcher_version = ? and d.level = ? and d.item_name_normalised = l.item_name_normalised
              and d.parent_code is not distinct from l.parent_code
              and d.government_level is not distinct from l.government_level)
        order by all""",
        [version, level],
    ).fetchall()
    rows = []
    for norm, parent_code, gl in new:
        res = decide(norm, level, candidates, parent_code, gl, threshold, margin)
        top = list(res.candidates) + [(None, None)] * 3
        rows.append(
            (
                norm,
                level,
                parent_code,
                gl,
                res.code,
                res.score,
                res.method,
                res.note,
                top[0][0],
                top[0][1],
                top[1][0],
                top[1][1],
                top[2][0],
                top[2][1],
            )
        )
    if rows:
        frame = pl.DataFrame(rows, schema=_DECISION_SCHEMA, orient="row")  # noqa: F841
        work.execute(f"insert into cache.decisions select ?, {', '.join(_DECISION_COLS)} from frame", [version])


def _overrides(rows: list[dict], by_code: dict) -> pl.DataFrame:
    """The overrides seed in file order (the first one that applies wins), names normalised like the items'."""
    out = []
    for ordinal, o in enumerate(rows):
        o = {k: (v.strip() if isinstance(v, str) else v) for k, v in o.items()}
        code = o.get("nomenclature_code")
        if not code:
            continue
        norm = normalise(o.get("item_name_normalised"))
        cand = by_code.get(str(code))
        out.append(
            (
                ordinal,
                _text(o.get("region_code")),
                _text(o.get("submission_id")),
                _text(o.get("level")),
                norm,
                str(code),
                score(norm, cand.key) if cand else None,
                o.get("reason") or "override",
            )
        )
    schema = {
        "ordinal": pl.Int64,
        "region_code": pl.Utf8,
        "submission_id": pl.Utf8,
        "level": pl.Utf8,
        "item_name_normalised": pl.Utf8,
        "nomenclature_code": pl.Utf8,
        "match_score": pl.Float64,
        "note": pl.Utf8,
    }
    return pl.DataFrame(out, schema=schema, orient="row")


def _text(v) -> str | None:
    return None if v is None else str(v)
