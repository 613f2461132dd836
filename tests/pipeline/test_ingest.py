"""Ingest without dbt: idempotence, quarantine with a clear message, incremental re-parsing."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from rekap.extract import extract_document
from rekap.ingest import land, plan_ingest
from rekap.landing import store

AGENCY_DIRS = {
    "18": "18-lampung-kesbangpol/2023",
    "19.01": "19.01-bangka-kesbangpol/2024",
    "73.24": "73.24-luwu-timur-kesbangpol/2022",
    "35.08": "35.08-lumajang-kesbangpol/2023",
}


def ingest(raw: Path, db: Path, full: bool = False):
    con = store.connect(db)
    try:
        plan = plan_ingest(raw, con, full=full)
        extractions = [extract_document(e, raw) for e in plan.to_parse]
        outcome = land(con, plan, extractions, raw)
        return plan, outcome
    finally:
        con.close()


def table(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_all_four_agencies_load(project: Path) -> None:
    _, outcome = ingest(project / "raw", project / "landing.duckdb")
    loaded = table(project / "landing.duckdb", "select region_code, status, value_count from submissions order by 1")
    assert [(r, s) for r, s, _ in loaded] == [
        ("18", "loaded"),
        ("19.01", "loaded"),
        ("35.08", "loaded"),
        ("73.24", "loaded"),
    ]
    assert all(n > 50 for *_, n in loaded)
    assert outcome.quarantined == 0


def test_ingest_twice_gives_identical_tables(project: Path) -> None:
    a, b = project / "a.duckdb", project / "b.duckdb"
    ingest(project / "raw", a)
    ingest(project / "raw", b)
    q = "select * from cells order by submission_id, value_no"
    assert table(a, q) == table(b, q)
    q2 = "select * exclude (parsed_at) from submissions order by submission_id"
    assert table(a, q2) == table(b, q2)
    # and a second run into the same database changes nothing
    before = table(a, q)
    plan, outcome = ingest(project / "raw", a)
    assert plan.to_parse == [] and outcome.changed == 0
    assert table(a, q) == before


def test_every_landed_value_is_verbatim_in_its_line(project: Path) -> None:
    db = project / "landing.duckdb"
    ingest(project / "raw", db)
    rows = table(db, "select source_file, source_line, value_text from cells")
    files: dict[str, list[str]] = {}
    for source_file, line, text in rows:
        lines = files.setdefault(source_file, (project / "raw" / source_file).read_text(encoding="utf-8").splitlines())
        assert text in lines[line - 1], f"{source_file}:{line} does not contain {text!r}"


def test_corrupted_copy_is_quarantined_and_others_load(project: Path) -> None:
    raw = project / "raw"
    bangka = raw / AGENCY_DIRS["19.01"] / "rencana_aksi_2024.txt"
    lines = bangka.read_text(encoding="utf-8").splitlines(keepends=True)
    header_idx = next(i for i, l in enumerate(lines) if l.startswith("NO\t"))
    bangka.write_text("".join(lines[:header_idx] + lines[header_idx + 1 :]), encoding="utf-8")  # header row lost
    _, outcome = ingest(raw, project / "landing.duckdb")
    subs = dict(table(project / "landing.duckdb", "select region_code, status from submissions"))
    assert subs == {"18": "loaded", "19.01": "quarantined", "35.08": "loaded", "73.24": "loaded"}
    ((msg, line, expected),) = table(
        project / "landing.duckdb", "select message, source_line, expected from quarantine"
    )
    assert msg.startswith("19.01-bangka-kesbangpol/2024/rencana_aksi_2024.txt")
    assert ": tidak dapat dimuat: diharapkan " in msg and expected in msg
    assert msg.endswith("menurut spesifikasi tata letak 'tabel_rencana_aksi'")
    assert outcome.quarantined == 1
    # nothing in raw/ was moved, deleted or rewritten by the ingest
    assert bangka.read_text(encoding="utf-8") == "".join(lines[:header_idx] + lines[header_idx + 1 :])


@pytest.mark.parametrize(
    "damage, expected_fragment",
    [
        (lambda p: p.write_bytes(b"\x00\x01\x02PK\x03\x04 binary"), "bukan berkas teks"),
        (lambda p: p.write_text("", encoding="utf-8"), "dokumen yang berisi (berkasnya kosong)"),
        (lambda p: p.write_text("Surat pengantar saja.\nTidak ada tabel.\n", encoding="utf-8"), "diharapkan"),
    ],
)
def test_unreadable_or_unrelated_files_are_quarantined(project: Path, damage, expected_fragment: str) -> None:
    target = project / "raw" / AGENCY_DIRS["35.08"] / "laporan_kinerja_tw1_2023.txt"
    damage(target)
    ingest(project / "raw", project / "landing.duckdb")
    rows = table(project / "landing.duckdb", "select source_path, message from quarantine")
    assert len(rows) == 1 and rows[0][0].endswith("laporan_kinerja_tw1_2023.txt")
    assert expected_fragment in rows[0][1]
    assert table(project / "landing.duckdb", "select count(*) from submissions where status = 'loaded'") == [(3,)]


def test_missing_or_wrong_manifest_is_quarantined(project: Path) -> None:
    raw = project / "raw"
    (raw / AGENCY_DIRS["73.24"] / "manifest.yml").unlink()
    manifest = raw / AGENCY_DIRS["18"] / "manifest.yml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace('region_code: "18"', 'region_code: "Lampung"'), encoding="utf-8"
    )
    ingest(raw, project / "landing.duckdb")
    rows = dict(table(project / "landing.duckdb", "select source_path, message from quarantine"))
    assert any(
        p.endswith("manifest.yml") and "baris 2" in m and "kode wilayah Kemendagri" in m for p, m in rows.items()
    )
    assert any(p.endswith("rencana_aksi_perubahan_2022.txt") and "manifest.yml" in m for p, m in rows.items())
    assert table(
        project / "landing.duckdb", "select region_code from submissions where status = 'loaded' order by 1"
    ) == [("19.01",), ("35.08",)]


def test_only_the_edited_submission_is_reparsed(project: Path) -> None:
    raw, db = project / "raw", project / "landing.duckdb"
    ingest(raw, db)
    before = table(
        db, "select submission_id, value_no, value_text from cells where submission_id not like '19.01%' order by 1, 2"
    )
    bangka = raw / AGENCY_DIRS["19.01"] / "rencana_aksi_2024.txt"
    bangka.write_text(
        bangka.read_text(encoding="utf-8").replace("165,000,000.00", "175,000,000.00", 1), encoding="utf-8"
    )
    plan, outcome = ingest(raw, db)
    assert [e.file.name for e in plan.to_parse] == ["rencana_aksi_2024.txt"]
    assert outcome.changed == 1
    assert table(db, "select count(*) from cells where value_text = '175,000,000.00'") == [(1,)]
    after = table(
        db, "select submission_id, value_no, value_text from cells where submission_id not like '19.01%' order by 1, 2"
    )
    assert after == before


def test_removed_submission_leaves_the_landing_zone(project: Path) -> None:
    raw, db = project / "raw", project / "landing.duckdb"
    ingest(raw, db)
    shutil.rmtree(raw / "35.08-lumajang-kesbangpol")
    _, outcome = ingest(raw, db)
    assert outcome.removed == ["35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023.txt"]
    assert table(db, "select count(*) from cells where submission_id like '35.08%'") == [(0,)]


def test_quarantine_reason_in_english_on_request(project: Path) -> None:
    from rekap.i18n import set_language

    raw = project / "raw"
    (raw / AGENCY_DIRS["35.08"] / "laporan_kinerja_tw1_2023.txt").write_text("", encoding="utf-8")
    set_language("en")
    try:
        ingest(raw, project / "landing.duckdb")
    finally:
        set_language(None)
    ((msg,),) = table(project / "landing.duckdb", "select message from quarantine")
    assert msg == (
        "35.08-lumajang-kesbangpol/2023/laporan_kinerja_tw1_2023.txt: could not be loaded at the file as a "
        "whole: expected a document with content (the file is empty)"
    )
