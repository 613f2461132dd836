"""Discover submissions under raw/: every manifest and the documents it declares, and every file nobody declared.

Nothing in raw/ is moved, renamed or rewritten: discovery only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rekap.manifest import DocumentEntry, ManifestError, load_manifest

MANIFEST_NAME = "manifest.yml"
IGNORED_NAMES = {MANIFEST_NAME, "README.md", ".gitkeep"}


@dataclass(frozen=True)
class Problem:
    """A file that cannot be loaded before parsing even starts (bad/missing manifest, undeclared file)."""

    source_path: Path
    line: int | None
    expected: str
    submission_id: str | None = None


@dataclass
class Discovery:
    documents: list[DocumentEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def submission_id(entry: DocumentEntry, raw_dir: Path) -> str:
    """Stable across content changes (so a corrected file replaces its predecessor): the path under raw/."""
    return entry.file.relative_to(raw_dir).as_posix()


def discover(raw_dir: Path) -> Discovery:
    found = Discovery()
    declared: set[Path] = set()
    configuration: set[Path] = set()
    for manifest in sorted(raw_dir.rglob(MANIFEST_NAME)):
        try:
            entries = load_manifest(manifest)
        except ManifestError as exc:
            found.problems.append(Problem(manifest, exc.line, exc.expected))
            # the folder's documents are not declared by a valid manifest: say so for each of them below
            continue
        for entry in entries:
            declared.add(entry.file.resolve())
            spec_beside = manifest.parent / entry.layout
            if spec_beside.is_file():  # a layout spec kept beside its manifest is configuration, not a submission
                configuration.add(spec_beside.resolve())
            if not entry.file.is_file():
                found.problems.append(
                    Problem(manifest, entry.manifest_line, f"the declared file {entry.file.name!r} to exist in {manifest.parent}",
                            submission_id=submission_id(entry, raw_dir))
                )
                continue
            found.documents.append(entry)
    manifest_dirs_ok = {m.parent.resolve() for m in raw_dir.rglob(MANIFEST_NAME)}
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file()):
        if path.name in IGNORED_NAMES or path.name.startswith(".") or path.resolve() in declared or path.resolve() in configuration:
            continue
        if path.parent.resolve() in manifest_dirs_ok and any(
            pr.source_path.parent.resolve() == path.parent.resolve() and pr.source_path.name == MANIFEST_NAME
            for pr in found.problems
        ):
            expected = f"a valid {MANIFEST_NAME} declaring this file (the folder's manifest has an error)"
        elif path.parent.resolve() in manifest_dirs_ok:
            expected = f"an entry for this file in {path.parent / MANIFEST_NAME}"
        else:
            expected = f"a {MANIFEST_NAME} in {path.parent} declaring this file (agency, region_code, fiscal_year, document_type, plan_version, layout)"
        found.problems.append(Problem(path, None, expected))
    return found
