"""Writing the report folder: a fresh folder beside the old one, filled with the pages rendered now, the workbooks
written now and the unchanged files of the previous report (hard links: same bytes, nothing rewritten), then
swapped in. A reader never sees half a report; outputs no longer wanted (an agency that is gone) are not carried."""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rekap.report.cache import Cache

if TYPE_CHECKING:  # openpyxl is imported when a workbook is written, not when every one is kept
    from rekap.report.corrections import WorkbookJob


@dataclass
class Outputs:
    """What the report folder will hold: pages to write (name -> text), workbooks to write (name -> its inputs) and
    files kept from the previous report (name -> that file)."""

    pages: dict[str, str] = field(default_factory=dict)
    workbooks: dict[str, WorkbookJob] = field(default_factory=dict)
    kept: dict[str, Path] = field(default_factory=dict)


def write_folder(out_dir: Path, outputs: Outputs, cache: Cache) -> None:
    """Fill a fresh folder beside out_dir and swap it in; raises OSError."""
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".report-", dir=out_dir.parent))
    try:
        tmp.chmod(0o755)  # mkdtemp makes it private; the report is for everyone who can read the warehouse
        for name, old in outputs.kept.items():
            _keep(old, tmp / name)
        for name, text in outputs.pages.items():
            (tmp / name).write_text(text, encoding="utf-8")
        if outputs.workbooks:
            from rekap.report.corrections import write_all

            write_all(tmp, outputs.workbooks)
        cache.save(tmp)
        old_dir = None
        if out_dir.exists():
            old_dir = out_dir.parent / f".report-old-{os.getpid()}"
            if old_dir.exists():
                shutil.rmtree(old_dir)
            out_dir.rename(old_dir)
        tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    if old_dir is not None:
        shutil.rmtree(old_dir, ignore_errors=True)


def _keep(old: Path, new: Path) -> None:
    try:
        os.link(old, new)
    except OSError:  # a file system without hard links: the same bytes, copied
        shutil.copyfile(old, new)
