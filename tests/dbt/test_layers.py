"""The dbt layers run downhill: staging reads only sources, intermediate never reads a mart, and a planners' mart
(``mart_``) reads only intermediate models, dimensions, facts and seeds — never another ``mart_`` (what two marts
share is one intermediate model) nor staging.

Read from dbt's own manifest (``dbt parse``), so a new ``ref()`` that climbs a layer fails here before review.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.conftest import DBT_DIR, run_dbt


def _layer(node: dict) -> str | None:
    parts = Path(node["original_file_path"]).parts
    return parts[1] if len(parts) > 2 and parts[0] == "models" else None


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    tmp = tmp_path_factory.mktemp("dbt_parse")
    env = {
        **os.environ,
        "REKAP_BUILD_DB": str(tmp / "unused.duckdb"),
        "REKAP_LANDING_DB": str(tmp / "unused_landing.duckdb"),
        "DBT_LOG_PATH": str(tmp / "logs"),
        "DBT_TARGET_PATH": str(tmp / "target"),
        "DO_NOT_TRACK": "1",
    }
    res = run_dbt(["parse"], env)
    assert res.returncode == 0, res.stdout[-3000:] + res.stderr[-3000:]
    return json.loads((tmp / "target" / "manifest.json").read_text(encoding="utf-8"))


def test_project_paths_exist():
    import yaml

    project = yaml.safe_load((DBT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    for key in ("model-paths", "seed-paths", "macro-paths", "test-paths", "analysis-paths"):
        for folder in project.get(key, []):
            assert (DBT_DIR / folder).is_dir(), f"dbt_project.yml {key} names {folder!r}, which does not exist"


def climbs(nodes: dict) -> list[str]:
    """Every reference of a model that breaks the layering, one sentence each (empty when the layers hold)."""
    models = {uid: n for uid, n in nodes.items() if n["resource_type"] == "model"}
    found = []
    for node in models.values():
        layer = _layer(node)
        for dep in node["depends_on"]["nodes"]:
            dep_node = models.get(dep)
            dep_layer = _layer(dep_node) if dep_node else None
            if layer == "staging" and dep_node:
                found.append(f"{node['name']} (staging) refers to model {dep_node['name']}")
            if layer == "intermediate" and dep_layer == "marts":
                found.append(f"{node['name']} (intermediate) refers to mart {dep_node['name']}")
            if node["name"].startswith("mart_") and not _mart_may_read(dep, dep_node):
                found.append(f"{node['name']} (mart) refers to {dep_layer or 'source'} {dep.split('.')[-1]}")
    return found


def _mart_may_read(dep: str, dep_node: dict | None) -> bool:
    if dep_node is None:
        return dep.startswith("seed.")  # reference data; a mart never reads a source
    layer = _layer(dep_node)
    return layer == "intermediate" or (layer == "marts" and dep_node["name"].startswith(("dim_", "fct_")))


def test_layers_run_downhill(manifest):
    assert climbs(manifest["nodes"]) == []


def _model(name: str, folder: str, *deps: str) -> tuple[str, dict]:
    return f"model.rekap.{name}", {
        "name": name,
        "resource_type": "model",
        "original_file_path": f"models/{folder}/{name}.sql",
        "depends_on": {"nodes": list(deps)},
    }


def test_a_climbing_reference_is_named():
    """The check can fail: each rule, broken once in a small manifest, is reported by name."""
    nodes = dict(
        [
            _model("stg_a", "staging", "source.rekap.landing.cells"),
            _model("stg_b", "staging", "model.rekap.stg_a"),
            _model("int_a", "intermediate", "model.rekap.stg_a", "seed.rekap.regions"),
            _model("int_b", "intermediate", "model.rekap.dim_x"),
            _model("dim_x", "marts", "model.rekap.int_a"),
            _model("fct_x", "marts", "model.rekap.int_a"),
            _model(
                "mart_ok",
                "marts/planning",
                "model.rekap.int_a",
                "model.rekap.dim_x",
                "model.rekap.fct_x",
                "seed.rekap.rating_bands",
            ),
            _model(
                "mart_b", "marts/planning", "model.rekap.mart_ok", "model.rekap.stg_a", "source.rekap.landing.cells"
            ),
        ]
    )
    assert climbs(nodes) == [
        "stg_b (staging) refers to model stg_a",
        "int_b (intermediate) refers to mart dim_x",
        "mart_b (mart) refers to marts mart_ok",
        "mart_b (mart) refers to staging stg_a",
        "mart_b (mart) refers to source cells",
    ]


def test_every_model_and_column_is_described(manifest):
    undocumented = [
        n["name"]
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and not n.get("description", "").strip()
    ]
    assert undocumented == []
