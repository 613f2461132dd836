"""Publish a built warehouse file atomically under analysts' feet.

DuckDB allows one writer or many readers on a file. We never write the published file: the new one is
built beside it, checkpointed (no WAL left), fsynced, and renamed over it. Readers that opened the old file
keep reading the old inode; new connections see the new file. A crash at any point leaves either the old or
the new file published, never a half-written one.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb


def finalise(build_db: Path) -> None:
    con = duckdb.connect(str(build_db))
    try:
        con.execute("checkpoint")
    finally:
        con.close()
    wal = Path(str(build_db) + ".wal")
    if wal.exists():
        raise RuntimeError(f"{build_db} still has a WAL after checkpoint; refusing to publish")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(build_db: Path, published_db: Path) -> None:
    finalise(build_db)
    _fsync(build_db)
    published_db.parent.mkdir(parents=True, exist_ok=True)
    os.replace(build_db, published_db)
    _fsync(published_db.parent)


def clean_stale_builds(build_dir: Path) -> list[Path]:
    """Files left by a run that died (only one refresh runs at a time, guarded by the refresh lock)."""
    removed = []
    if build_dir.exists():
        for p in build_dir.glob("rekap-*.duckdb*"):
            p.unlink(missing_ok=True)
            removed.append(p)
    return removed
