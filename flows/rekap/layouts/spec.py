"""Layout specs: YAML files saying which table holds what, so onboarding an agency is configuration."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

SPEC_DIR = Path(__file__).parent / "specs"


def resolve_spec_path(name_or_path: str, manifest_dir: Path | None = None) -> Path:
    """A spec is named by file name in specs/ ("bangka_rencana_aksi") or by a path relative to the manifest."""
    candidates = []
    if manifest_dir is not None:
        candidates.append(manifest_dir / name_or_path)
    candidates += [SPEC_DIR / name_or_path, SPEC_DIR / f"{name_or_path}.yml"]
    for c in candidates:
        if c.is_file():
            return c
    raise FileNotFoundError(
        f"layout spec {name_or_path!r} not found (looked in {', '.join(str(c) for c in candidates)})"
    )


def load_spec(path: Path) -> dict[str, Any]:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(spec, dict) or "family" not in spec:
        raise ValueError(f"{path}: a layout spec is a mapping with at least a 'family' key")
    return spec


def spec_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
