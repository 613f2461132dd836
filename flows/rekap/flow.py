"""The nightly refresh as a Prefect flow: every step of the pipeline (rekap.pipeline, whose `run_pipeline` is its
table of contents) a task run, visible to the Prefect server and its automations:

discover what changed in raw/  ->  extract each changed submission  ->  land it (per submission)
->  build the warehouse with dbt in a new file (tests included)  ->  publish it atomically  ->  record the run
"""

from __future__ import annotations

from collections.abc import Callable

from prefect import Task, flow, task
from prefect.cache_policies import NONE
from prefect.utilities.annotations import quote

from rekap import pipeline
from rekap.orchestration import prefect_server_configured
from rekap.pipeline import RefreshFailed, refresh_without_server, run_refresh

__all__ = ["RefreshFailed", "prefect_server_configured", "refresh", "refresh_without_server", "run_refresh"]

_TASKS: dict[Callable, Task] = {
    pipeline.discover_changes: task(cache_policy=NONE, retries=2, retry_delay_seconds=2)(pipeline.discover_changes),
    # no retries: extraction turns every per-file failure into a quarantine record, so a retry would only repeat a
    # deterministic failure (and its memory peak) on the same bytes
    pipeline.extract_submissions: task(cache_policy=NONE)(pipeline.extract_submissions),
    pipeline.land_submissions: task(cache_policy=NONE, retries=2, retry_delay_seconds=2)(pipeline.land_submissions),
    pipeline.build: task(cache_policy=NONE)(pipeline.build),
    pipeline.publish_build: task(cache_policy=NONE)(pipeline.publish_build),
    pipeline.load_report_libraries: task(cache_policy=NONE)(pipeline.load_report_libraries),
    pipeline.render_report: task(cache_policy=NONE)(pipeline.render_report),
    pipeline.write_report: task(cache_policy=NONE)(pipeline.write_report),
}

# quote(): hundreds of thousands of values must not be walked by Prefect's input introspection
# submit: a task run beside the flow's own work (Prefect's task runner), its result awaited with .result()
ORCHESTRATED = pipeline.Steps(task=_TASKS.__getitem__, heavy=quote, submit=lambda step: _TASKS[step].submit)


@flow(name="rekap-refresh", log_prints=True)
def refresh(root: str | None = None, full: bool = False, trigger: str = "manual") -> dict:
    """The refresh as a Prefect flow run: every step a task run, visible to the Prefect server and its automations."""
    return pipeline.run_pipeline(root, full, trigger, ORCHESTRATED)
