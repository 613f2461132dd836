"""Incremental refreshes build the same warehouse as a full rebuild of the same raw/.

A seeded random sequence of edits (figures re-drawn), additions (a submission re-issued for another region) and
removals is applied to a copy of the demo corpus, with an incremental refresh after each step; the published file
is then compared, table by table, with the one a full refresh of a fresh copy of the same raw/ publishes
(order-independent content hash of every table). The first incremental build is dbt's; the next runs what dbt ran
for its models (rekap.warehouse.model_replay), first with data tests planted to fail (nothing published, the
previous build kept as it was), and is followed by a build while another process reads the previous build (dbt
builds from a copy); the last finds a failing statement among those kept and is built by dbt again. Slow: most
refreshes run `dbt build`.
"""

from __future__ import annotations

import csv
import json
import random
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

from tests.conftest import REPO, make_project

pytestmark = pytest.mark.slow

SEED = 20241
STEPS = 3
# Run-time metadata, not content: when a file was parsed or a problem detected, and the run records themselves.
TIME_COLUMNS = {"parsed_at", "detected_at"}
RUN_TABLES = {"run_history", "stg_landing__runs", "build_info"}
LONG_NUMBER = re.compile(r"\d[\d.,]{4,}\d")
CELL_NUMBER = re.compile(r"(?<=\t)\d+(?=\t|\n)")


def table_hashes(db: Path) -> dict[str, tuple[int, int]]:
    """(rows, order-independent hash of the rows) of every table and view, run-time metadata left out."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        tables = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = current_database() order by 1, 2"
        ).fetchall()
        for schema, table in tables:
            if table in RUN_TABLES:
                continue
            cols = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where table_catalog = current_database() "
                    "and table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall()
                if c not in TIME_COLUMNS
            ]
            row = ", ".join(f'"{c}"' for c in cols)
            out[f"{schema}.{table}"] = con.execute(
                f'select count(*), coalesce(sum(hash(({row}))::hugeint), 0) from "{schema}"."{table}"'
            ).fetchone()
        return out
    finally:
        con.close()


def submissions(raw: Path) -> list[Path]:
    return sorted(m.parent for m in raw.rglob("manifest.yml"))


def edit(folder: Path, rng: random.Random) -> str:
    """Re-draw some figures of the folder's document (same layout, new content)."""
    manifest = yaml.safe_load((folder / "manifest.yml").read_text(encoding="utf-8"))
    doc = folder / manifest["documents"][0]["file"]
    text = doc.read_text(encoding="utf-8")

    def redraw(m: re.Match[str]) -> str:
        return "".join(
            str(rng.randrange(10)) if ch.isdigit() and i > 0 and rng.random() < 0.3 else ch
            for i, ch in enumerate(m.group(0))
        )

    new = LONG_NUMBER.sub(redraw, text)
    if new == text:  # nothing re-drawn (by chance, or no amounts): change the first figure of a table cell
        m = LONG_NUMBER.search(text) or CELL_NUMBER.search(text)
        last = m.end() - 1
        new = text[:last] + str((int(text[last]) + 1) % 10) + text[last + 1 :]
    doc.write_text(new, encoding="utf-8")
    return f"edit {folder.parent.name}/{folder.name}"


def add(raw: Path, folder: Path, rng: random.Random) -> str:
    """Re-issue the folder's submission for another region of the same level, figures re-drawn."""
    manifest = yaml.safe_load((folder / "manifest.yml").read_text(encoding="utf-8"))
    level_is_province = "." not in str(manifest["region_code"])
    with open(REPO / "dbt_project" / "seeds" / "regions.csv", encoding="utf-8") as f:
        pool = [r for r in csv.DictReader(f) if (r["region_level"] == "provinsi") == level_is_province]
    taken = {p.parent.name.split("-")[0] for p in submissions(raw)}
    region = rng.choice([r for r in pool if r["region_code"] not in taken])
    dest = raw / f"{region['region_code']}-tambahan" / folder.name
    shutil.copytree(folder, dest)
    manifest.update(region_code=region["region_code"], agency_name=f"Badan Kesbangpol {region['region_name']}")
    (dest / "manifest.yml").write_text(yaml.safe_dump(manifest, allow_unicode=True, sort_keys=False), encoding="utf-8")
    edit(dest, rng)
    return f"add {dest.parent.name}/{dest.name}"


def remove(folder: Path) -> str:
    shutil.rmtree(folder.parent if len(list(folder.parent.iterdir())) == 1 else folder)
    return f"remove {folder.parent.name}/{folder.name}"


def random_step(raw: Path, rng: random.Random) -> list[str]:
    done = []
    for _ in range(rng.randint(1, 3)):
        present = submissions(raw)
        op = rng.choice(["edit", "add", "remove"] if len(present) > 2 else ["edit", "add"])
        target = rng.choice(present)
        done.append(edit(target, rng) if op == "edit" else add(raw, target, rng) if op == "add" else remove(target))
    return done


def reissue_on_shared_codes(raw: Path, rng: random.Random) -> str:
    """Re-issue for another region the submission whose indicator targets share nomenclature codes with another
    agency's (Luwu Timur's Rencana Aksi Perubahan and Lumajang's LKj): rows of submissions the build does not
    recompute then count one region more on those codes (mart_indicator_comparison.regions_on_code)."""
    return add(raw, next(p for p in submissions(raw) if p.parent.name.startswith("73.24-")), rng)


def regions_on_codes(db: Path) -> dict[str, int]:
    """Per region, the most regions any of its indicator comparison rows counts on a code."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "select region_code, max(regions_on_code) from marts.mart_indicator_comparison group by region_code"
        ).fetchall()
        return dict(rows)
    finally:
        con.close()


def compiled_incrementally(root: Path, model: str) -> bool:
    """Whether the last build computed `model` for the changed submissions only."""
    results = json.loads((root / "warehouse" / ".build" / "target" / "run_results.json").read_text())
    code = next(r.get("compiled_code") or "" for r in results["results"] if r["unique_id"] == f"model.rekap.{model}")
    return "rekap_changed_submissions" in code


def assert_scoped_unique_tests_catch_duplicates(root: Path, scratch: Path) -> None:
    """An incremental build's `unique` tests read only the keys of the recomputed rows
    (macros/incremental.sql): a row of a recomputed submission duplicating another submission's key still fails
    the test, run as dbt compiled it for the incremental builds (kept by rekap.warehouse.data_tests), on a copy of
    the last build."""
    manifest = json.loads((root / "warehouse" / ".build" / "target" / "manifest.json").read_text())
    kept = root / "warehouse" / "state" / "data_tests_incremental.json"
    scoped = [
        r
        for r in json.loads(kept.read_text())["tests"]
        if r["unique_id"].startswith("test.rekap.unique_")
        and "rekap_changed_submissions" in r["sql"]
        and (manifest["nodes"][r["unique_id"]].get("test_metadata") or {}).get("name") == "unique"
    ]
    assert scoped, "no unique test read only the recomputed submissions"
    scratch.mkdir()
    build = scratch / "rekap-build.duckdb"  # the catalog name the compiled tests use
    shutil.copyfile(root / "warehouse" / "state" / "last_build.duckdb", build)
    con = duckdb.connect(str(build))
    try:
        for r in scoped:
            node = manifest["nodes"][r["unique_id"]]
            model = manifest["nodes"][node["depends_on"]["nodes"][0]]
            table = f"{model['schema']}.{model['name']}"
            column = node["test_metadata"]["kwargs"]["column_name"]
            ids = [i for (i,) in con.execute(f"select distinct submission_id from {table} order by 1").fetchall()]
            if len(ids) < 2:
                continue
            con.execute("create or replace table main.rekap_changed_submissions as select ? as submission_id", [ids[0]])
            assert con.execute(r["sql"]).fetchall() == [], r["unique_id"]
            con.execute(
                f"insert into {table} select * replace (? as submission_id) from {table} "
                f"where submission_id = ? and {column} is not null limit 1",
                [ids[0], ids[-1]],
            )
            assert con.execute(r["sql"]).fetchall() != [], r["unique_id"]
    finally:
        con.close()


def plant_failing_step(replay: Path) -> None:
    """A statement among the kept ones that fails when run: the replay must leave nothing of itself behind."""
    record = json.loads(replay.read_text())
    middle = len(record["steps"]) // 2
    node = record["steps"][middle]["node"]
    record["steps"].insert(middle, {"node": node, "kind": "sql", "text": "insert into rekap_planted values (1)"})
    replay.write_text(json.dumps(record))


def assert_failing_tests_leave_the_previous_build(root: Path, refresh) -> None:
    """The replayed build and the data tests judging it are one transaction (rekap.warehouse.build): when a test
    fails, or one's query raises, it is rolled back and the previous build renamed back as it was, so the next
    build is replayed from it again."""
    from rekap.flow import RefreshFailed

    state = root / "warehouse" / "state"
    kept_tests = state / "data_tests_incremental.json"
    previous, published = table_hashes(state / "last_build.duckdb"), (root / "warehouse" / "rekap.duckdb").read_bytes()
    original = plant_failing_tests(kept_tests)
    try:
        with pytest.raises(RefreshFailed) as failed:
            refresh(root=str(root), trigger="test")
    finally:
        kept_tests.write_text(original)
    error = failed.value.summary["error"]
    assert "rekap_planted_a_failing: fail" in error and "rekap_planted_b_raising: error" in error, error
    assert failed.value.summary["tests_failed"] == 2, failed.value.summary
    assert table_hashes(state / "last_build.duckdb") == previous
    assert (root / "warehouse" / "rekap.duckdb").read_bytes() == published
    assert not (root / "warehouse" / ".build" / "rekap-build.duckdb").exists()


def assert_a_reader_of_the_previous_build_is_left_alone(root: Path, refresh) -> str:
    """A process reading the previous build (kept privately, for whoever needs the internal layers) keeps DuckDB
    from writing it: the replay cannot be made on it in place, so dbt builds from a copy, and the reader reads on."""
    state, dbt_results = root / "warehouse" / "state", root / "warehouse" / ".build" / "target" / "run_results.json"
    done = edit(submissions(root / "raw")[0], random.Random(SEED))  # its own draws: the sequence's stay as they are
    reading = "select count(*) from main.int_items"
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(state / "last_build.duckdb"), reading],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdin is not None
        before = reader.stdout.readline()
        dbt_ran_before = dbt_results.stat().st_mtime_ns
        summary = refresh(root=str(root), trigger="test")
        reader.stdin.write("\n")
        reader.stdin.flush()
        after = reader.stdout.readline()
    finally:
        reader.kill()
    assert summary["status"] == "published", (done, summary["error"])
    assert dbt_results.stat().st_mtime_ns != dbt_ran_before, done
    assert before == after and before.strip().isdigit(), (before, after)
    return done


# Opens a database read-only, prints a query's count, waits for a line on stdin, prints it again.
READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute(sys.argv[2]).fetchone()[0], flush=True)
sys.stdin.readline()
print(con.execute(sys.argv[2]).fetchone()[0], flush=True)
"""


def plant_failing_tests(kept: Path) -> str:
    """Two data tests among the kept ones: one finds a failure, the next one's query raises. Returns the record as
    it was."""
    before = kept.read_text()
    record = json.loads(before)
    record["tests"] += [
        {"unique_id": "test.rekap.rekap_planted_a_failing", "sql": "select 1 as failure"},
        {"unique_id": "test.rekap.rekap_planted_b_raising", "sql": "select * from main.rekap_planted_missing"},
    ]
    record["tests"].sort(key=lambda t: t["unique_id"])
    kept.write_text(json.dumps(record))
    return before


def test_incremental_refreshes_publish_what_a_full_rebuild_publishes(
    tmp_path: Path, prefect_server, monkeypatch
) -> None:
    from rekap.fastpath import unchanged_refresh
    from rekap.flow import refresh
    from rekap.paths import ProjectPaths
    from rekap.warehouse import publish

    written_as_changes: list[bool] = []
    whole_or_changes = publish.write_public_delta

    def spy(*args, **kwargs) -> bool:
        written_as_changes.append(whole_or_changes(*args, **kwargs))
        return written_as_changes[-1]

    monkeypatch.setattr(publish, "write_public_delta", spy)

    rng = random.Random(SEED)
    root = make_project(tmp_path / "incremental")
    first = refresh(root=str(root), trigger="test")
    assert first["status"] == "published", first["error"]
    log = []
    replay = root / "warehouse" / "state" / "model_replay_incremental.json"
    dbt_results = root / "warehouse" / ".build" / "target" / "run_results.json"
    for step in range(STEPS):
        log += random_step(root / "raw", rng)
        if step == STEPS - 1:  # rows the build keeps must take what the recomputed submissions change on their codes
            shared_before = regions_on_codes(root / "warehouse" / "rekap.duckdb")
            log.append(reissue_on_shared_codes(root / "raw", rng))
            plant_failing_step(replay)
        dbt_ran_before = dbt_results.stat().st_mtime_ns
        if step == 1:  # a replayed build whose data tests fail: not published, the previous build kept as it was
            assert_failing_tests_leave_the_previous_build(root, refresh)
            assert dbt_results.stat().st_mtime_ns == dbt_ran_before, log
        summary = refresh(root=str(root), trigger="test")
        assert summary["status"] == "published", (log, summary["error"])
        assert compiled_incrementally(root, "int_items"), log
        dbt_ran = dbt_results.stat().st_mtime_ns != dbt_ran_before
        # published as the previous public file plus the recomputed submissions (rekap.warehouse.publish)
        assert written_as_changes == [True] * (step + 1), log
        if step == 0:  # the project's first incremental build is dbt's, and what it ran for the models is kept
            assert dbt_ran and replay.is_file(), log
        elif step < STEPS - 1:  # later ones run what was kept (rekap.warehouse.model_replay), without dbt
            assert not dbt_ran, log
            log.append(assert_a_reader_of_the_previous_build_is_left_alone(root, refresh))
            assert written_as_changes.pop(), log  # the reader's run, published as changes too
        else:  # a kept statement that fails: dbt builds instead, and what it ran replaces what was kept
            assert dbt_ran and "rekap_planted" not in replay.read_text(), log
    assert compiled_incrementally(root, "mart_indicator_comparison"), log
    # Lumajang (35.08), not recomputed by the last step (SEED), counts the re-issued region on its codes
    shared_after = regions_on_codes(root / "warehouse" / "rekap.duckdb")
    assert shared_after["35.08"] > shared_before["35.08"], (log, shared_before, shared_after)
    incremental = table_hashes(root / "warehouse" / "rekap.duckdb")
    assert_scoped_unique_tests_catch_duplicates(root, tmp_path / "scoped")
    # nothing changed since: decided without the flow, and the published file is left alone
    published = (root / "warehouse" / "rekap.duckdb").read_bytes()
    assert unchanged_refresh(ProjectPaths(root), trigger="test")["status"] == "unchanged"
    assert (root / "warehouse" / "rekap.duckdb").read_bytes() == published
    doc = sorted((root / "raw").rglob("*.txt"))[0]
    original = doc.read_bytes()
    doc.write_bytes(original + b"\n")
    assert unchanged_refresh(ProjectPaths(root), trigger="test") is None  # a changed file goes to the flow
    doc.write_bytes(original)

    fresh = tmp_path / "full"
    fresh.mkdir()
    shutil.copytree(root / "raw", fresh / "raw")
    (fresh / "warehouse").mkdir()
    full = refresh(root=str(fresh), trigger="test", full=True)
    assert full["status"] == "published", full["error"]
    assert not compiled_incrementally(fresh, "int_items")
    rebuilt = table_hashes(fresh / "warehouse" / "rekap.duckdb")

    assert set(incremental) == set(rebuilt), log
    differing = {t: (incremental[t], rebuilt[t]) for t in rebuilt if incremental[t] != rebuilt[t]}
    assert not differing, (log, differing)
    assert incremental["marts.fct_budget"][0] > 0
    # every layer of the build kept privately too (staging, intermediate, seeds): what the next build starts from
    kept, kept_rebuilt = (table_hashes(p / "warehouse" / "state" / "last_build.duckdb") for p in (root, fresh))
    assert set(kept) == set(kept_rebuilt), log
    differing = {t: (kept[t], kept_rebuilt[t]) for t in kept_rebuilt if kept[t] != kept_rebuilt[t]}
    assert not differing, (log, differing)
    assert kept["main.int_nomenclature_matched"][0] > 0
