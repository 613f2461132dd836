"""Extract many submissions on every core; results in the order the submissions were given.

Each worker process extracts a submission and hands its values back packed as columns (pickling a frame costs far
less than pickling a value object per cell); landing reads their numbers for a whole batch at once
(rekap.landing.batch_readings). Few submissions (an operator's daytime edit) are extracted in this process:
starting workers would cost more than the work.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

from rekap.extract import Extraction, extract_document
from rekap.i18n import language, set_language
from rekap.manifest import DocumentEntry
from rekap.tables.cells import PackedValues

MIN_PER_WORKER = 16


def extract_and_pack(entry: DocumentEntry, raw_dir: Path) -> Extraction:
    ex = extract_document(entry, raw_dir)
    if ex.ok:
        ex.values = PackedValues.of(ex.values)
    return ex


def workers_for(n_entries: int, cores: int | None = None) -> int:
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, n_entries // MIN_PER_WORKER))


def extract_many(entries: list[DocumentEntry], raw_dir: Path, workers: int | None = None) -> list[Extraction]:
    workers = workers or workers_for(len(entries))
    if workers < 2:
        return [extract_and_pack(e, raw_dir) for e in entries]
    # spawn, not fork: the caller may be a multi-threaded Prefect worker, where forking can deadlock
    # workers write why a file failed in this process's language (`--lang` is not in their environment)
    with ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("spawn"), initializer=set_language, initargs=(language(),)
    ) as pool:
        chunk = max(1, len(entries) // (workers * 8))
        return list(pool.map(partial(extract_and_pack, raw_dir=raw_dir), entries, chunksize=chunk))
