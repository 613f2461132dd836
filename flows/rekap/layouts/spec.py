"""Layout specs: YAML files saying which table holds what, so onboarding an agency is configuration."""

from __future__ import annotations

import copy
import functools
import hashlib
import os
from pathlib import Path
from typing import Any

import yaml

from rekap.i18n import t
from rekap.layouts.spec_model import SpecError, validate_spec
from rekap.manifest import YAML_LOADER

SPEC_DIR = Path(__file__).parent / "specs"


def resolve_spec_path(name_or_path: str, manifest_dir: Path | None = None) -> Path:
    """A spec is named by file name in specs/ ("tabel_rencana_aksi") or by a path relative to the manifest."""
    candidates = []
    if manifest_dir is not None:
        candidates.append(manifest_dir / name_or_path)
    candidates += [SPEC_DIR / name_or_path, SPEC_DIR / f"{name_or_path}.yml"]
    for c in candidates:
        if c.is_file():
            return c
    raise FileNotFoundError(t("spec.not_found", name=name_or_path, looked=", ".join(str(c) for c in candidates)))


def _stamp(path: Path) -> tuple[str, int, int]:
    st = path.stat()
    return (os.path.abspath(path), st.st_size, st.st_mtime_ns)  # the cache key; abspath: no system call per ask


@functools.lru_cache(maxsize=256)
def _parsed(stamp: tuple[str, int, int]) -> tuple[dict[str, Any], str]:
    """One parse and one validation per spec file version: hundreds of submissions share a handful of specs."""
    raw = Path(stamp[0]).read_bytes()
    try:
        spec = yaml.load(raw.decode("utf-8"), Loader=YAML_LOADER)
    except UnicodeDecodeError as exc:
        raise SpecError(t("spec.not_utf8", path=stamp[0])) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = t("spec.at_line", line=mark.line + 1) if mark else ""
        raise SpecError(t("spec.bad_yaml", path=stamp[0], where=where, problem=getattr(exc, "problem", exc))) from exc
    validate_spec(spec, stamp[0])
    return spec, hashlib.sha256(raw).hexdigest()


def load_spec(path: Path) -> dict[str, Any]:
    """The spec as a fresh dict (callers may not share mutable state through it)."""
    return copy.deepcopy(_parsed(_stamp(path))[0])


def spec_family(path: Path) -> Any:
    """The spec's family, read without copying the spec: the planner asks it of every submission."""
    return _parsed(_stamp(path))[0]["family"]


def spec_sha256(path: Path) -> str:
    return _parsed(_stamp(path))[1]
