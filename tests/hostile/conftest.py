"""The hostile-input suite's harness: the demo corpus plus one filled XLSX template, landed once as a baseline;
each case damages a copy of raw/ and lands it again with the plain ingest functions (no Prefect, no dbt).

What every case checks besides its own outcome (see ``run_case``): the ingest returns (no exception), the other
agencies' landed cells are exactly the baseline's, and raw/ is byte-identical before and after the ingest.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from rekap.extract import extract_document
from rekap.ingest import land, plan_ingest
from rekap.landing import store
from tests.conftest import land_raw, make_project
from tests.template import helpers as H

XLSX_DIR = f"{H.REGION}-fiktif/{H.YEAR}"
XLSX_NAME = "rencana_aksi_2025.xlsx"
DIRS = {
    "lampung": "18-lampung-kesbangpol/2023",
    "bangka": "19.01-bangka-kesbangpol/2024",
    "lumajang": "35.08-lumajang-kesbangpol/2023",
    "luwu": "73.24-luwu-timur-kesbangpol/2022",
    "xlsx": XLSX_DIR,
}
DOCS = {
    "lampung": f"{DIRS['lampung']}/rencana_aksi_kinerja_2023.txt",
    "bangka": f"{DIRS['bangka']}/rencana_aksi_2024.txt",
    "lumajang": f"{DIRS['lumajang']}/laporan_kinerja_tw1_2023.txt",
    "luwu": f"{DIRS['luwu']}/rencana_aksi_perubahan_2022.txt",
    "xlsx": f"{XLSX_DIR}/{XLSX_NAME}",
}
CELL_Q = (
    "select submission_id, value_no, table_id, record_no, parent_record_no, level, role, value_text, "
    "source_line, source_column, quarter_label, version_label, year_label from cells "
    "order by submission_id, value_no"
)


def write_xlsx_manifest(folder: Path, file_name: str = XLSX_NAME) -> None:
    (folder / "manifest.yml").write_text(
        f'agency_name: {H.AGENCY}\nregion_code: "{H.REGION}"\nfiscal_year: {H.YEAR}\ndocuments:\n'
        f"  - file: {file_name}\n    document_type: template\n    plan_version: murni\n"
        "    layout: templat_rekap\n    received_date: 2025-04-10\n",
        encoding="utf-8",
    )


@pytest.fixture(scope="session")
def filled_xlsx(tmp_path_factory) -> bytes:
    from rekap.template import write_template

    tmp = tmp_path_factory.mktemp("hostile_tpl")
    xlsx, _ = write_template(H.REGION, H.YEAR, tmp)
    return H.fill(xlsx, tmp / XLSX_NAME, budget_placeholder=False).read_bytes()


def build_project(dest: Path, xlsx: bytes) -> Path:
    root = make_project(dest)
    folder = root / "raw" / XLSX_DIR
    folder.mkdir(parents=True)
    (folder / XLSX_NAME).write_bytes(xlsx)
    write_xlsx_manifest(folder)
    return root


def ingest(raw: Path, db: Path) -> None:
    land_raw(raw, db)


class Baseline(dict):
    """The baseline's landed cells per submission, and its landing database (`db`)."""

    db: Path


def query(db: Path, **sql: str) -> dict[str, list[tuple]]:
    """Each named query's rows, all read through one read-only connection (opening one costs more than a query
    on the small landing files here, and every case reads four)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.execute(q).fetchall() for name, q in sql.items()}
    finally:
        con.close()


def rows(db: Path, sql: str) -> list[tuple]:
    return query(db, rows=sql)["rows"]


def by_submission(cells: list[tuple]) -> dict[str, list[tuple]]:
    """Landed cells (CELL_Q's rows) per submission."""
    out: dict[str, list[tuple]] = {}
    for r in cells:
        out.setdefault(r[0], []).append(r[1:])
    return out


def cells_by_submission(db: Path) -> dict[str, list[tuple]]:
    return by_submission(rows(db, CELL_Q))


@pytest.fixture(scope="session")
def baseline(tmp_path_factory, filled_xlsx) -> Baseline:
    root = build_project(tmp_path_factory.mktemp("hostile_base") / "project", filled_xlsx)
    db = root / "landing.duckdb"
    ingest(root / "raw", db)
    subs = dict(rows(db, "select submission_id, status from submissions"))
    assert subs == {d: "loaded" for d in DOCS.values()}, subs
    out = Baseline(cells_by_submission(db))
    out.db = db
    return out


def tree_digest(raw: Path) -> dict[str, str]:
    """Every entry under raw/ -> its content hash, link target or kind (links are never followed)."""
    out: dict[str, str] = {}
    for folder, dirs, files in os.walk(raw, followlinks=False):
        for name in dirs + files:
            p = Path(folder) / name
            rel = p.relative_to(raw).as_posix()
            if p.is_symlink():
                out[rel] = "link:" + os.readlink(p)
            elif p.is_dir():
                out[rel] = "dir"
            elif p.is_file():
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
            else:
                out[rel] = f"special:{p.lstat().st_mode:o}"
    return out


@dataclass
class Outcome:
    db: Path
    raw: Path
    quarantine: list[tuple[str, str | None, int | None, str]] = field(default_factory=list)
    status: dict[str, str] = field(default_factory=dict)
    notes: list[tuple[str, int | None, str, str]] = field(default_factory=list)
    cells: dict[str, list[tuple]] = field(default_factory=dict)

    def messages_for(self, fragment: str) -> list[tuple[str, int | None, str]]:
        return [(p, line, m) for p, _sid, line, m in self.quarantine if fragment in p]


def run_case(root: Path, baseline: Baseline, touched: set[str], fresh: bool = False) -> Outcome:
    """Land the damaged raw/ over a copy of the baseline's landing, as the next refresh would (only what changed is
    read again; `fresh`: every file, into an empty landing, as when the limits in the environment changed), and
    check the invariants every case shares; return what landed."""
    raw, db = root / "raw", root / "landing.duckdb"
    if not fresh:
        shutil.copyfile(baseline.db, db)
    before = tree_digest(raw)
    con = store.connect(db)
    try:  # must not raise, whatever raw/ holds
        plan = plan_ingest(raw, con, full=fresh)
        land(con, plan, [extract_document(e, raw) for e in plan.to_parse], raw)
    finally:
        con.close()
    assert tree_digest(raw) == before, "raw/ changed during the ingest"
    out = Outcome(db, raw)
    landed = query(
        db,
        quarantine="select source_path, submission_id, source_line, message from quarantine order by 1",
        status="select submission_id, status from submissions",
        notes="select submission_id, source_line, kind, message from intake_notes order by 1, note_no",
        cells=CELL_Q,
    )
    out.quarantine, out.status, out.notes = landed["quarantine"], dict(landed["status"]), landed["notes"]
    out.cells = by_submission(landed["cells"])
    for sid, cells in baseline.items():
        if any(sid.startswith(t) for t in touched):
            continue
        assert out.status.get(sid) == "loaded", f"{sid} was not loaded: {out.status.get(sid)}"
        assert out.cells.get(sid) == cells, f"{sid}: landed cells differ from the baseline"
    for path, _sid, _line, message in out.quarantine:
        assert message.startswith(path), f"quarantine message does not name its file first: {message!r}"
    return out


def rezip(data: bytes, replace: dict[str, bytes | None] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    """The workbook with some members replaced (None drops one) or added, deflated like Excel does."""
    replace, add = replace or {}, add or {}
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in replace:
                if replace[info.filename] is not None:
                    dst.writestr(info.filename, replace[info.filename])
            else:
                dst.writestr(info.filename, src.read(info.filename))
        for name, content in add.items():
            dst.writestr(name, content)
    return buf.getvalue()


def edit_workbook(data: bytes, edit) -> bytes:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(data))
    edit(wb)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def copy_without(src: Path, dest: Path) -> None:
    shutil.copytree(src, dest)
