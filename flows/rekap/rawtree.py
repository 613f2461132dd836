"""What in raw/ rekap refuses to follow: symbolic links (to files or folders) and anything that is not a regular
file or folder. Only reads the tree; never follows a link.

A link is refused even when it points inside raw/: the same bytes would then be received twice under two names,
and a link's target can change after the refresh has read it. Each refusal is a sentence in Bahasa Indonesia for
the quarantine table, so a linked agency folder gets a row instead of silently vanishing.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def outside(path: Path, raw_dir: Path) -> bool:
    """True when `path`, with every link resolved, is not inside raw/."""
    try:
        return not path.resolve().is_relative_to(raw_dir.resolve())
    except (OSError, RuntimeError):  # a link loop
        return True


def _target(link: Path, raw_dir: Path) -> str:
    if outside(link, raw_dir):
        return "menunjuk ke luar folder raw/"
    try:
        return f"menunjuk ke {link.resolve().relative_to(raw_dir.resolve()).as_posix()!r} di dalam raw/"
    except (OSError, ValueError, RuntimeError):
        return "tujuannya tidak dapat dibaca"


def refused_paths(raw_dir: Path) -> dict[Path, str]:
    """Every symlink and every special file under raw/ (hidden names skipped: they are never read) -> why."""
    out: dict[Path, str] = {}
    for folder, dirs, files in os.walk(raw_dir, followlinks=False):
        base = Path(folder)
        for name in sorted(dirs):
            p = base / name
            if not name.startswith(".") and p.is_symlink():
                out[p] = (f"folder ini adalah tautan simbolik (symlink) yang {_target(p, raw_dir)}; isinya TIDAK "
                          "dibaca. Salin folder aslinya ke raw/ sebagai folder biasa")
        dirs[:] = [d for d in dirs if not (base / d).is_symlink()]
        for name in sorted(files):
            p = base / name
            if name.startswith("."):
                continue
            if p.is_symlink():
                out[p] = (f"berkas ini adalah tautan simbolik (symlink) yang {_target(p, raw_dir)}; tidak dibaca. "
                          "Salin berkas aslinya ke folder ini")
                continue
            try:
                mode = p.lstat().st_mode
            except OSError as exc:
                out[p] = f"berkas tidak dapat diperiksa ({exc.strerror})"
                continue
            if not stat.S_ISREG(mode):
                out[p] = "bukan berkas biasa (FIFO, soket atau perangkat); tidak dibaca"
    return out
