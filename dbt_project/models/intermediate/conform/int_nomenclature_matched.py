"""Every program / kegiatan / sub kegiatan item matched to a nomenclature code (see rekap.interpret.nomenclature).

match_method: 'override' (nomenclature_overrides seed) | 'exact' (normalised names equal) | 'fuzzy' (score >=
threshold and a clear winner) | 'unmatched' (no code: the item is listed in int_nomenclature_review).
The top three candidates are kept beside every decision, so the review table is a plain select over this one.

Every agency writes its names from the same national list, so a decision depends only on the normalised name,
the level, the parent's code and the government level. Decisions (and normalised names) are memoised across runs
in a persistent cache (rekap.interpret.nomenclature_cache: a DuckDB file in the refresh's state directory, keyed
by the matcher version: nomenclature entries, threshold, margin and matcher code). Only names the cache has not
seen are matched in Python; joining items to decisions, parent by parent level, and applying the overrides is SQL.

An item's row depends on its own submission alone (its names, its parents, its region, the overrides), so the
model is kept incrementally by submission like the SQL ones (dbt_project.yml): an incremental build matches only
the items of the submissions it recomputes. dbt's `ref` override (macros/incremental.sql) narrows SQL models
only, so the narrowing is written here, on the same list of submissions.
"""


def model(dbt, session):
    from rekap.interpret.nomenclature_cache import match_all

    dbt.config(materialized="incremental")  # dbt makes a Python model a table unless the model or its YAML says
    threshold = float(dbt.config.get("match_threshold") or 90)
    margin = float(dbt.config.get("match_margin") or 3)
    items, submissions = dbt.ref("int_items"), dbt.ref("stg_landing__submissions")
    if dbt.is_incremental:
        recomputed = "submission_id in (select submission_id from main.rekap_changed_submissions)"
        items, submissions = items.filter(recomputed), submissions.filter(recomputed)
    return match_all(items, submissions, dbt.ref("int_nomenclature"), dbt.ref("nomenclature_overrides"), threshold,
                     margin)
