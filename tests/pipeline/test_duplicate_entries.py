"""A manifest that declares the same file twice: the file loads once, the repeated entry is reported, and the
other agencies land as usual (a repeat must never break the landing transaction for everyone)."""

from __future__ import annotations

import shutil
from pathlib import Path

from rekap.extract import extract_document
from rekap.ingest import land, plan_ingest
from rekap.landing import store
from tests.conftest import REPO

LUMAJANG = "35.08-lumajang-kesbangpol/2023"


def test_a_file_declared_twice_loads_once_and_the_repeat_is_reported(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    with (raw / LUMAJANG / "manifest.yml").open("a", encoding="utf-8") as f:
        f.write(
            "  - file: laporan_kinerja_tw1_2023.txt\n    document_type: laporan_kinerja\n"
            "    plan_version: murni\n    layout: lumajang_laporan_kinerja\n    received_date: 2023-04-16\n"
        )
    con = store.connect(tmp_path / "landing.duckdb")
    try:
        plan = plan_ingest(raw, con, full=True)
        outcome = land(con, plan, [extract_document(e, raw) for e in plan.to_parse], raw)
        loaded = con.execute(
            "select submission_id, received_date::varchar from submissions where status = 'loaded' order by 1"
        ).fetchall()
        quarantine = con.execute("select source_path, source_line, message from quarantine").fetchall()
    finally:
        con.close()
    assert outcome.loaded == 4
    assert (f"{LUMAJANG}/laporan_kinerja_tw1_2023.txt", "2023-04-15") in loaded and len(loaded) == 4
    assert quarantine == [(f"{LUMAJANG}/manifest.yml", 10, quarantine[0][2])]
    message = quarantine[0][2]
    assert (
        f"{LUMAJANG}/manifest.yml" in message
        and "baris 10" in message
        and "sudah dideklarasikan pada baris 5" in message
    )
