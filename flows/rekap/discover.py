"""Discover submissions under raw/: every manifest and the documents it declares, and every file nobody declared.

Nothing in raw/ is moved, renamed or rewritten: discovery only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rekap.i18n import t
from rekap.manifest import DocumentEntry, ManifestError, load_manifest
from rekap.rawtree import scan

MANIFEST_NAME = "manifest.yml"
IGNORED_NAMES = {MANIFEST_NAME, "README.md", ".gitkeep"}


@dataclass(frozen=True)
class Problem:
    """A file that cannot be loaded before parsing even starts (bad/missing manifest, undeclared file)."""

    source_path: Path
    line: int | None
    expected: str
    submission_id: str | None = None
    reason: str | None = None  # the whole sentence in Bahasa Indonesia, when there is one


@dataclass
class Discovery:
    documents: list[DocumentEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def submission_id(entry: DocumentEntry, raw_dir: Path) -> str:
    """Stable across content changes (so a corrected file replaces its predecessor): the path under raw/."""
    return entry.file.relative_to(raw_dir).as_posix()


class _Resolver:
    """Path.resolve() once per folder for one discovery: resolving costs a system call per path component, and
    a national raw/ asks about thousands of files in a few hundred folders."""

    def __init__(self) -> None:
        self._seen: dict[Path, Path] = {}

    def __call__(self, path: Path) -> Path:
        if path not in self._seen:
            self._seen[path] = path.resolve()
        return self._seen[path]

    def scanned(self, path: Path) -> Path:
        """A file the scan found: never a link (links are refused), so its folder's resolution names it."""
        return self(path.parent) / path.name

    def outside(self, resolved: Path, raw_dir: Path) -> bool:
        """rekap.rawtree.outside of a path already resolved, with the resolutions shared."""
        try:
            return not resolved.is_relative_to(self(raw_dir))
        except (OSError, RuntimeError):  # a link loop
            return True


def discover(raw_dir: Path) -> Discovery:
    found = Discovery()
    declared: set[Path] = set()
    configuration: set[Path] = set()
    # symlinks (files or folders) and anything that is not a regular file are refused, each with its own row:
    # a linked agency folder must not vanish silently, and nothing outside raw/ may be read through raw/
    tree = scan(raw_dir)
    refused = tree.refused
    real = _Resolver()
    scanned = set(tree.files)
    found.problems.extend(Problem(p, None, why, reason=why) for p, why in sorted(refused.items()))
    for manifest in tree.named(MANIFEST_NAME):
        try:
            entries = load_manifest(manifest)
        except ManifestError as exc:
            found.problems.append(Problem(manifest, exc.line, exc.expected, reason=exc.reason))
            # the folder's documents are not declared by a valid manifest: say so for each of them below
            continue
        first_entry: dict[Path, DocumentEntry] = {}
        for entry in entries:
            if (
                entry.file in first_entry
            ):  # declared twice (names compared after NFC): loads once, the repeat is reported
                found.problems.append(
                    Problem(
                        manifest,
                        entry.manifest_line,
                        t("discover.declared_twice", name=entry.file.name, line=first_entry[entry.file].manifest_line),
                    )
                )
                continue
            first_entry[entry.file] = entry
            if entry.file in refused:  # a link or a special file: its own row says so
                continue
            try:
                where = real.scanned(entry.file) if entry.file in scanned else real(entry.file)
            except (OSError, RuntimeError):  # a link loop
                where = None
            # never reached through a plain tree; checked all the same
            if where is None or real.outside(where, raw_dir):
                why = f"berkas {entry.file.name!r} yang dideklarasikan berada di luar folder raw/; tidak dibaca"
                found.problems.append(Problem(entry.file, None, why, submission_id(entry, raw_dir), reason=why))
                continue
            declared.add(where)
            spec_beside = manifest.parent / entry.layout
            if spec_beside.is_file():  # a layout spec kept beside its manifest is configuration, not a submission
                configuration.add(real(spec_beside))
            if not entry.file.is_file():
                found.problems.append(
                    Problem(
                        manifest,
                        entry.manifest_line,
                        t("discover.missing_file", name=entry.file.name, folder=manifest.parent),
                        submission_id=submission_id(entry, raw_dir),
                    )
                )
                continue
            found.documents.append(entry)
    manifest_dirs_ok = {real(m.parent) for m in tree.named(MANIFEST_NAME)}
    for path in tree.files:
        if path.name in IGNORED_NAMES or path.name.startswith("."):
            continue
        resolved = real.scanned(path)
        if resolved in declared or resolved in configuration:
            continue
        folder = real(path.parent)
        if folder in manifest_dirs_ok and any(
            real(pr.source_path.parent) == folder and pr.source_path.name == MANIFEST_NAME for pr in found.problems
        ):
            expected = t("discover.manifest_broken", manifest=MANIFEST_NAME)
        elif folder in manifest_dirs_ok:
            expected = t("discover.no_entry", manifest=path.parent / MANIFEST_NAME)
        else:
            expected = t("discover.no_manifest", manifest=MANIFEST_NAME, folder=path.parent)
        found.problems.append(Problem(path, None, expected))
    return found
