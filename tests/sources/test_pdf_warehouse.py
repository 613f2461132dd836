"""A PDF's page reaches the warehouse: every published figure of a PDF names the page it is printed on."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.conftest import REPO
from tests.dbt.builds import land_and_build
from tests.sources.test_pdf_roundtrip import pdf_bytes

pytestmark = pytest.mark.slow

BANGKA = "19.01-bangka-kesbangpol/2024"


def test_figures_of_a_pdf_carry_their_page_into_the_views(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(REPO / "raw", raw)
    folder = raw / BANGKA
    (folder / "rencana_aksi_2024.txt").unlink()
    (folder / "rencana_aksi_2024.pdf").write_bytes(pdf_bytes("bangka", "rows_cut_by_page_break"))
    manifest = folder / "manifest.yml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace("rencana_aksi_2024.txt", "rencana_aksi_2024.pdf"))
    build, res = land_and_build(raw, tmp_path / "build")
    assert res.returncode == 0, res.stdout[-4000:]
    con = duckdb.connect(str(build), read_only=True)
    try:
        pdf_rows = con.execute(
            "select count(*), count(source_page), min(source_page), max(source_page) from marts.v_budget "
            "where source_file like '%.pdf'"
        ).fetchone()
        assert pdf_rows[0] > 0 and pdf_rows[1] == pdf_rows[0] and pdf_rows[2] == 1 and pdf_rows[3] > 1
        # the same figure as the text version (Bangka's Penyediaan Gaji dan Tunjangan ASN), on a later page
        page = con.execute(
            "select source_page from marts.fct_budget where source_file like '%.pdf' and amount_text = '1,800,807,540.00'"
        ).fetchall()
        assert page and all(p[0] > 1 for p in page)
        assert con.execute(
            "select count(source_page) from marts.v_budget where source_file like '%.txt'"
        ).fetchone() == (0,)
        targets = con.execute(
            "select count(*), count(source_page) from marts.v_target where source_file like '%.pdf'"
        ).fetchone()
        assert targets[0] > 0 and targets[0] == targets[1]
    finally:
        con.close()
