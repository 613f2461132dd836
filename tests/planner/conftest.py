"""One published warehouse per session for the planner tests: the demo corpus plus a filled template of a
fictional Jember agency, refreshed once through the real flow (slow: Prefect + dbt)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_project
from tests.planner import helpers as H


def write_manifest(folder: Path) -> None:
    (folder / "manifest.yml").write_text(
        f'agency_name: {H.AGENCY}\nregion_code: "{H.REGION}"\nfiscal_year: {H.YEAR}\ndocuments:\n'
        "  - file: rencana_aksi_2025.xlsx\n    document_type: template\n    plan_version: murni\n"
        "    layout: templat_rekap\n    received_date: 2025-04-10\n", encoding="utf-8")


@pytest.fixture(scope="session")
def planner_warehouse(tmp_path_factory, prefect_server) -> tuple[Path, dict]:
    from rekap.flow import refresh
    from rekap.template import write_template

    base = tmp_path_factory.mktemp("planner")
    root = make_project(base / "project")
    folder = root / "raw" / f"{H.REGION}-fiktif" / str(H.YEAR)
    folder.mkdir(parents=True)
    xlsx, _ = write_template(H.REGION, H.YEAR, base / "tpl")
    H.fill(xlsx, folder / "rencana_aksi_2025.xlsx")  # includes a '-' placeholder in a money column
    write_manifest(folder)
    summary = refresh(root=str(root), trigger="test")
    return root, summary
