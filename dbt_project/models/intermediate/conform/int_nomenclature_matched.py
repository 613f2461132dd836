"""Every program / kegiatan / sub kegiatan item matched to a nomenclature code (see rekap.interpret.nomenclature).

match_method: 'override' (nomenclature_overrides seed) | 'exact' (normalised names equal) | 'fuzzy' (score >=
threshold and a clear winner) | 'unmatched' (no code: the item is listed in int_nomenclature_review).
The top three candidates are kept beside every decision, so the review table is a plain select over this one.
"""


def _rows(rel):
    cols = rel.columns
    return [dict(zip(cols, r)) for r in rel.fetchall()]


def build(dbt):
    from rekap.interpret.nomenclature import candidates_from_rows, match_items

    threshold = float(dbt.config.get("match_threshold") or 90)
    margin = float(dbt.config.get("match_margin") or 3)
    items = _rows(dbt.ref("int_items"))
    subs = {r["submission_id"]: r["region_code"] for r in _rows(dbt.ref("stg_landing__submissions"))}
    for it in items:
        it["region_code"] = subs.get(it["submission_id"])
    cands = candidates_from_rows(_rows(dbt.ref("int_nomenclature")))
    overrides = _rows(dbt.ref("nomenclature_overrides"))
    return match_items(items, cands, overrides, threshold, margin)


def model(dbt, session):
    import polars as pl

    dbt.config(materialized="table")
    rows = build(dbt)
    schema = {
        "submission_id": pl.Utf8, "table_id": pl.Utf8, "record_no": pl.Int32, "level": pl.Utf8,
        "item_name": pl.Utf8, "nomenclature_code": pl.Utf8, "match_score": pl.Float64, "match_method": pl.Utf8,
        "item_name_normalised": pl.Utf8, "region_code": pl.Utf8, "government_level": pl.Utf8, "parent_code": pl.Utf8,
        "note": pl.Utf8,
        "candidate_1_code": pl.Utf8, "candidate_1_score": pl.Float64,
        "candidate_2_code": pl.Utf8, "candidate_2_score": pl.Float64,
        "candidate_3_code": pl.Utf8, "candidate_3_score": pl.Float64,
    }
    return pl.DataFrame([{k: r[k] for k in schema} for r in rows], schema=schema)
