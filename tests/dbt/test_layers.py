"""The dbt layers run downhill: staging reads only sources, intermediate never reads a mart.

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


def test_layers_run_downhill(manifest):
    nodes = manifest["nodes"]
    models = {uid: n for uid, n in nodes.items() if n["resource_type"] == "model"}
    climbs = []
    for node in models.values():
        layer = _layer(node)
        for dep in node["depends_on"]["nodes"]:
            dep_layer = _layer(models[dep]) if dep in models else None
            if layer == "staging" and dep in models:
                climbs.append(f"{node['name']} (staging) refers to model {models[dep]['name']}")
            if layer == "intermediate" and dep_layer == "marts":
                climbs.append(f"{node['name']} (intermediate) refers to mart {models[dep]['name']}")
    assert climbs == []


def test_every_model_and_column_is_described(manifest):
    undocumented = [
        n["name"]
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and not n.get("description", "").strip()
    ]
    assert undocumented == []
