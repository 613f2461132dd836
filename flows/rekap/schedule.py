"""The nightly schedule: a Prefect deployment of the refresh flow, cron 02:00 Asia/Jakarta.

A schedule needs a long-running Prefect server (a temporary one cannot schedule); `rekap serve` starts one
unless PREFECT_API_URL already points at a server, then serves the deployment until stopped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from prefect.schedules import Cron

from rekap.flow import refresh

NIGHTLY_CRON = "0 2 * * *"
TIMEZONE = "Asia/Jakarta"
DEPLOYMENT_NAME = "nightly"


def nightly_deployment(root: Path):
    return refresh.to_deployment(
        name=DEPLOYMENT_NAME,
        schedule=Cron(NIGHTLY_CRON, timezone=TIMEZONE),
        parameters={"root": str(root), "trigger": "schedule"},
        concurrency_limit=1,
        description="Nightly rekap refresh: ingest raw/, build with dbt (tests included), publish atomically.",
        tags=["rekap", "nightly"],
    )


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(api_url.rstrip("/") + "/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def start_server(port: int = 4200, timeout: float = 120) -> tuple[subprocess.Popen, str]:
    api_url = f"http://127.0.0.1:{port}/api"
    proc = subprocess.Popen(
        [str(Path(sys.executable).with_name("prefect")), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"prefect server exited with code {proc.returncode} before becoming healthy")
        if _healthy(api_url):
            return proc, api_url
        time.sleep(1)
    proc.terminate()
    raise RuntimeError(f"prefect server did not become healthy on {api_url} within {timeout:.0f}s")


def serve(root: Path, port: int = 4200) -> None:
    from prefect import serve as prefect_serve

    server = None
    if not os.environ.get("PREFECT_API_URL"):
        server, api_url = start_server(port)
        os.environ["PREFECT_API_URL"] = api_url
    try:
        # settings are read at import/use time; make sure the client sees the server we just started
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: os.environ["PREFECT_API_URL"]}):
            prefect_serve(nightly_deployment(root))
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
