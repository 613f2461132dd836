"""What a report build keeps for the next one: each output file and each rendered piece of the front page under a
fingerprint of exactly what it is made from, so a refresh that changed one agency re-renders that agency's outputs
and the front page's rows of its region, and keeps every other file as it was (linked, not rewritten).

A fingerprint covers the rows an output is made from (as the warehouse gave them), everything else passed to its
renderer, and the report's own version: its code and templates and the libraries that draw it. The record lives in
the report folder (CACHE_FILE) and is replaced with it, so it always describes the files beside it."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

CACHE_FILE = ".rekap-cache.json"
FORMAT = 1
RENDERING_LIBRARIES = ("jinja2", "markupsafe", "babel", "matplotlib", "openpyxl")


@functools.cache
def report_version() -> str:
    """The report's code and templates, and the versions of the libraries that render it: any change to them makes
    every output new."""
    h = hashlib.sha256(f"format {FORMAT}".encode())
    package = Path(__file__).parent
    for path in sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".css")):
        h.update(path.relative_to(package).as_posix().encode())
        h.update(path.read_bytes())
    for name in RENDERING_LIBRARIES:
        h.update(f"{name} {metadata.version(name)}".encode())
    return h.hexdigest()


def fingerprint(kind: str, *inputs: object) -> str:
    """The key of one output: its kind and inputs (rows as dicts of warehouse values; repr is exact for Decimal,
    date and str, and follows the column and row order the queries fix) under the report's version."""
    h = hashlib.sha256(report_version().encode())
    h.update(kind.encode())
    h.update(repr(inputs).encode())
    return h.hexdigest()[:32]


class Cache:
    """The previous build's record (files and fragments by key) and this build's, filled as outputs are planned."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._old_files: dict[str, str] = {}
        self._old_fragments: dict[str, str] = {}
        self.files: dict[str, str] = {}
        self.fragments: dict[str, str] = {}
        try:
            record = json.loads((folder / CACHE_FILE).read_text(encoding="utf-8"))
            if record.get("format") == FORMAT:
                self._old_files, self._old_fragments = dict(record["files"]), dict(record["fragments"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # no record, or not one of ours: everything is rendered

    def fragment(self, key: str, render: Callable[[], str]) -> str:
        """A rendered piece under its key: the previous build's when it has it, else rendered now."""
        if key not in self.fragments:
            old = self._old_fragments.get(key)
            self.fragments[key] = old if old is not None else render()
        return self.fragments[key]

    def kept(self, name: str, key: str) -> Path | None:
        """The previous build's file `name` when it was made from the same inputs (and is still there); records
        the key either way."""
        self.files[name] = key
        old = self.folder / name
        return old if self._old_files.get(name) == key and old.is_file() else None

    def save(self, folder: Path) -> None:
        record = {"format": FORMAT, "files": self.files, "fragments": self.fragments}
        (folder / CACHE_FILE).write_text(json.dumps(record, ensure_ascii=False, sort_keys=True), encoding="utf-8")
