"""Items the matcher left without a code, with their best three candidates and scores, for a person to settle
in seeds/nomenclature_overrides.csv. Recomputes the same decisions as int_nomenclature_matched (pure, cheap)."""


def _rows(rel):
    cols = rel.columns
    return [dict(zip(cols, r)) for r in rel.fetchall()]


def model(dbt, session):
    import polars as pl
    from rekap.interpret.nomenclature import candidates_from_rows, match_items

    dbt.config(materialized="table")
    dbt.ref("int_nomenclature_matched")  # build order: review after the matched table
    threshold = float(dbt.config.get("match_threshold") or 90)
    margin = float(dbt.config.get("match_margin") or 3)
    items = _rows(dbt.ref("int_items"))
    subs = {r["submission_id"]: r["region_code"] for r in _rows(dbt.ref("stg_landing__submissions"))}
    for it in items:
        it["region_code"] = subs.get(it["submission_id"])
    nom = _rows(dbt.ref("int_nomenclature"))
    names = {r["code"]: r["name"] for r in nom}
    rows = [r for r in match_items(items, candidates_from_rows(nom), _rows(dbt.ref("nomenclature_overrides")), threshold, margin)
            if r["match_method"] == "unmatched"]
    for r in rows:
        for i in (1, 2, 3):
            r[f"candidate_{i}_name"] = names.get(r[f"candidate_{i}_code"])
    schema = {
        "submission_id": pl.Utf8, "table_id": pl.Utf8, "record_no": pl.Int32, "level": pl.Utf8,
        "item_name": pl.Utf8, "item_name_normalised": pl.Utf8, "region_code": pl.Utf8, "government_level": pl.Utf8,
        "parent_code": pl.Utf8, "best_score": pl.Float64, "note": pl.Utf8,
        "candidate_1_code": pl.Utf8, "candidate_1_name": pl.Utf8, "candidate_1_score": pl.Float64,
        "candidate_2_code": pl.Utf8, "candidate_2_name": pl.Utf8, "candidate_2_score": pl.Float64,
        "candidate_3_code": pl.Utf8, "candidate_3_name": pl.Utf8, "candidate_3_score": pl.Float64,
    }
    for r in rows:
        r["best_score"] = r["match_score"]
    return pl.DataFrame([{k: r.get(k) for k in schema} for r in rows], schema=schema)
