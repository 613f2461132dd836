"""rekap.warehouse.sql_functions: the Python rules dbt's models call as SQL functions, and the profile that
registers them on every build connection."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
import yaml

from rekap.interpret.nomenclature import normalise
from rekap.paths import dbt_project_dir
from rekap.warehouse.sql_functions import register

# names as the demo documents write them, and the variants that must share their key
SAME_ITEM = [
    (
        "g. Penyelenggaraan rapat koordinasi dan konsultasi",
        "Sub Kegiatan Penyelenggaraan Rapat Koordinasi dan Konsultasi",
    ),
    (
        "Porgram Pemberdayaan dan Pengawasan organisasi Kemasyarakatan",  # Lumajang 2023, line 251
        "PROGRAM PEMBERDAYAAN DAN PENGAWASAN ORGANISASI KEMASYARAKATAN",  # the same program, line 125
    ),
    (
        "1. Program Penunjang Urusan Pemerintahan Daerah Kabupaten/ Kota",
        "Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
    ),
]


@pytest.fixture
def con():
    c = duckdb.connect()
    register(c)
    yield c
    c.close()


def test_the_build_profile_registers_the_functions() -> None:
    profile = yaml.safe_load((dbt_project_dir() / "profiles.yml").read_text(encoding="utf-8"))
    (output,) = profile["rekap"]["outputs"].values()
    assert {"module": "rekap.warehouse.sql_functions"} in output["plugins"]


@pytest.mark.parametrize("a,b", SAME_ITEM)
def test_item_key_is_normalise_in_sql(con, a: str, b: str) -> None:
    ((ka, kb),) = con.execute("select rekap_item_key(?), rekap_item_key(?)", [a, b]).fetchall()
    assert ka == kb == normalise(a) == normalise(b) != ""


def test_item_key_is_null_for_null_or_a_name_without_letters(con) -> None:
    assert con.execute("select rekap_item_key(null), rekap_item_key('  - '), rekap_item_key('')").fetchall() == [
        (None, None, None)
    ]


def test_models_call_the_function_through_one_macro() -> None:
    """No model spells the rule out in SQL: item keys come from the macro, which calls the registered function."""
    macro = (dbt_project_dir() / "macros" / "normalize.sql").read_text(encoding="utf-8")
    assert "rekap_item_key({{ name }})" in macro
    models = Path(dbt_project_dir() / "models")
    for sql in models.rglob("*.sql"):
        text = sql.read_text(encoding="utf-8").lower()
        assert "kegiatan|program" not in text and "kegiatan|kegiatan" not in text, sql.name


def test_the_plugin_dbt_loads_is_made_when_asked_for_and_registers_the_functions() -> None:
    """dbt-duckdb finds `Plugin` in the module profiles.yml names; rekap's own connections never import dbt for it."""
    import subprocess
    import sys

    from tests.conftest import REPO

    probe = "import sys, rekap.warehouse.sql_functions; print('dbt' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", probe], env={"PYTHONPATH": str(REPO / "flows")}, capture_output=True, text=True
    )
    assert out.stdout.strip() == "False", out.stderr
    from dbt.adapters.duckdb.plugins import BasePlugin

    plugin = BasePlugin.create("rekap.warehouse.sql_functions")
    c = duckdb.connect()
    plugin.configure_connection(c)
    assert c.execute("select rekap_item_key(?)", [SAME_ITEM[0][0]]).fetchone() == (normalise(SAME_ITEM[0][0]),)
