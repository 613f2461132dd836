"""After a refresh: hand the run summary (JSON) to whoever the workspace's settings name.

A hook never changes the outcome of a run: a hook that fails is logged and reported back, the run keeps its status.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import urllib.request
from pathlib import Path

from rekap.settings import NotifySettings, SettingsError, load_settings


def summary_json(summary: dict) -> str:
    return json.dumps(summary, ensure_ascii=False, default=str, sort_keys=True)


def notify(settings: NotifySettings, summary: dict, cwd: Path) -> list[str]:
    """Send `summary` to the configured command and webhook; returns what went wrong (empty when delivered)."""
    if not settings.configured or summary.get("status") not in settings.on:
        return []
    body = summary_json(summary)
    problems: list[str] = []
    if settings.command:
        argv = shlex.split(settings.command) if isinstance(settings.command, str) else list(settings.command)
        env = dict(
            os.environ, REKAP_RUN_ID=str(summary.get("run_id", "")), REKAP_RUN_STATUS=str(summary.get("status", ""))
        )
        try:
            proc = subprocess.run(
                argv, input=body, text=True, capture_output=True, cwd=cwd, env=env, timeout=settings.timeout_seconds
            )
            if proc.returncode != 0:
                problems.append(f"{argv[0]}: exit {proc.returncode}: {(proc.stderr or proc.stdout).strip()[-300:]}")
        except (OSError, subprocess.TimeoutExpired) as exc:
            problems.append(f"{argv[0]}: {exc}")
    if settings.webhook is not None:
        request = urllib.request.Request(
            str(settings.webhook),
            data=body.encode("utf-8"),
            method="POST",
            headers={"Content-Type": "application/json; charset=utf-8"},
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.timeout_seconds) as response:
                if response.status >= 300:
                    problems.append(f"{settings.webhook}: HTTP {response.status}")
        except OSError as exc:
            problems.append(f"{settings.webhook}: {exc}")
    return problems


def notify_workspace(settings_file: Path, summary: dict, cwd: Path) -> list[str]:
    """`notify` with the workspace's own settings (rekap.toml [notify]); a settings file that cannot be read is
    one of the problems returned, never an exception."""
    try:
        return notify(load_settings(settings_file).notify, summary, cwd)
    except SettingsError as exc:
        return [str(exc)]
