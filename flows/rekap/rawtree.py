"""What raw/ holds, and what in it rekap refuses to follow: symbolic links (to files or folders), anything that is
not a regular file or folder, folders it cannot read and trees nested deeper than any submission. Only reads the
tree; never follows a link.

A link is refused even when it points inside raw/: the same bytes would then be received twice under two names,
and a link's target can change after the refresh has read it. Each refusal is a sentence in Bahasa Indonesia for
the quarantine table, so a linked agency folder gets a row instead of silently vanishing.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path


def printable(text: str) -> str:
    """A file-system name as text that can be stored: bytes that are not UTF-8 shown as \\xNN."""
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def outside(path: Path, raw_dir: Path) -> bool:
    """True when `path`, with every link resolved, is not inside raw/."""
    try:
        return not path.resolve().is_relative_to(raw_dir.resolve())
    except (OSError, RuntimeError):  # a link loop
        return True


def _target(link: Path, raw_dir: Path) -> str:
    try:
        resolved = link.resolve(strict=True)
    except (OSError, RuntimeError):
        return "tujuannya tidak ada atau berputar (tautan rusak)"
    if not resolved.is_relative_to(raw_dir.resolve()):
        return "menunjuk ke luar folder raw/"
    return f"menunjuk ke {resolved.relative_to(raw_dir.resolve()).as_posix()!r} di dalam raw/"


MAX_DEPTH = 12  # raw/<region-agency>/<year>/<file> is 3 levels; deeper trees are refused, not walked


@dataclass
class Tree:
    """What raw/ holds: regular files (sorted) and what is refused, with why. Links are never followed."""

    files: list[Path] = field(default_factory=list)
    refused: dict[Path, str] = field(default_factory=dict)

    def named(self, name: str) -> list[Path]:
        return [p for p in self.files if p.name == name]


def scan(raw_dir: Path) -> Tree:
    """Walk raw/ without following links and without recursion (a hostile tree can be deeper than Python's stack)."""
    tree = Tree()
    if not raw_dir.is_dir():  # nothing received yet
        return tree
    stack: list[tuple[Path, int]] = [(raw_dir, 0)]
    while stack:
        folder, depth = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as exc:
            tree.refused[folder] = f"folder tidak dapat dibaca ({exc.strerror or exc}); isinya TIDAK dibaca"
            continue
        for entry in entries:
            p = Path(entry.path)
            hidden = entry.name.startswith(".")
            if printable(entry.name) != entry.name:
                tree.refused[p] = (
                    "nama berkas/folder ini bukan teks UTF-8 yang sah; tidak dibaca. Ganti namanya "
                    "(huruf, angka, tanda hubung)"
                )
                continue
            try:
                is_link = entry.is_symlink()
                is_dir = not is_link and entry.is_dir(follow_symlinks=False)
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError as exc:
                tree.refused[p] = f"berkas tidak dapat diperiksa ({exc.strerror or exc})"
                continue
            if is_link:
                if not hidden:
                    kind = "folder ini" if p.is_dir() else "berkas ini"
                    what = (
                        "isinya TIDAK dibaca. Salin folder aslinya ke raw/ sebagai folder biasa"
                        if p.is_dir()
                        else "tidak dibaca. Salin berkas aslinya ke folder ini"
                    )
                    tree.refused[p] = f"{kind} adalah tautan simbolik (symlink) yang {_target(p, raw_dir)}; {what}"
            elif is_dir:
                if depth + 1 > MAX_DEPTH:
                    tree.refused[p] = (
                        f"folder bersarang lebih dari {MAX_DEPTH} tingkat di bawah raw/; isinya TIDAK "
                        "dibaca (susunan yang diharapkan: raw/<kode-instansi>/<tahun>/<berkas>)"
                    )
                else:
                    stack.append((p, depth + 1))
            elif stat.S_ISREG(mode):
                tree.files.append(p)
            elif not hidden:
                tree.refused[p] = "bukan berkas biasa (FIFO, soket atau perangkat); tidak dibaca"
    tree.files.sort()
    return tree


def refusal(path: Path) -> str | None:
    """Why one file given by hand (``rekap validate``) would not be read by a refresh, or None: the same rules as
    `scan` (no links, regular files only), and a path that cannot be resolved is said so instead of raising."""
    try:
        os.lstat(path)
    except FileNotFoundError:
        return None  # the caller says the file is missing
    except OSError as exc:
        return f"berkas tidak dapat dibaca ({exc.strerror or exc})"
    if path.is_symlink():
        return "berkas ini adalah tautan simbolik (symlink); refresh tidak membaca tautan. Salin berkas aslinya ke sini"
    try:
        path.resolve(strict=True)
        mode = path.stat().st_mode
    except (OSError, RuntimeError) as exc:
        return f"berkas tidak dapat dibaca ({exc})"
    if not stat.S_ISREG(mode):
        return "bukan berkas biasa (folder, FIFO, soket atau perangkat)"
    return None
