"""Layout specs: YAML files saying which table holds what, so onboarding an agency is configuration."""

from __future__ import annotations

import copy
import functools
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


def _stamp(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (str(path.resolve()), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=256)
def _parsed(stamp: tuple[str, int, int]) -> tuple[dict[str, Any], str]:
    """One parse per spec file version: hundreds of submissions share a handful of specs."""
    raw = Path(stamp[0]).read_bytes()
    spec = yaml.safe_load(raw.decode("utf-8"))
    if not isinstance(spec, dict) or "family" not in spec:
        raise ValueError(f"{stamp[0]}: a layout spec is a mapping with at least a 'family' key")
    return spec, hashlib.sha256(raw).hexdigest()


def load_spec(path: Path) -> dict[str, Any]:
    """The spec as a fresh dict (callers may not share mutable state through it)."""
    return copy.deepcopy(_parsed(_stamp(path))[0])


def spec_sha256(path: Path) -> str:
    return _parsed(_stamp(path))[1]
