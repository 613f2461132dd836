"""A DuckDB connection to a build file set up as dbt's profile sets up its own (dbt_project/profiles.yml).

SQL that rekap runs itself on a build (the data tests, a replayed incremental build) must see what the models saw:
the same settings (memory_limit), the landing file attached under the same alias, rekap's SQL functions. The
profile is the one place these are written; this reads it, rendering its `env_var()` calls from the build's
environment (rekap.warehouse.build.dbt_env).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import yaml
from jinja2 import Environment, StrictUndefined


def profile_output(profiles_yml: Path, env: Mapping[str, str]) -> dict[str, Any]:
    """The profile's target output (the one profiles.yml names as `target`), with env_var() rendered from `env`."""

    def env_var(name: str, default: str | None = None) -> str:
        if name in env:
            return env[name]
        if default is None:
            raise KeyError(f"{profiles_yml}: env_var('{name}') is not set")
        return default

    jinja = Environment(undefined=StrictUndefined)
    rendered = jinja.from_string(profiles_yml.read_text(encoding="utf-8")).render(env_var=env_var)
    profiles = yaml.safe_load(rendered)
    (profile,) = profiles.values()
    return profile["outputs"][profile["target"]]


def connect(profiles_yml: Path, env: Mapping[str, str], database: Path | None = None) -> duckdb.DuckDBPyConnection:
    """Open `database` (default: the profile's path) with the profile's settings, attachments and plugins (each
    plugin module's `register(con)`)."""
    output = profile_output(profiles_yml, env)
    path = str(database if database is not None else output["path"])
    con = duckdb.connect(path, config={str(k): str(v) for k, v in (output.get("settings") or {}).items()})
    try:
        for attach in output.get("attach") or []:
            options = " (read_only)" if attach.get("read_only") else ""
            target = str(attach["path"]).replace("'", "''")
            con.execute(f"attach '{target}' as \"{attach['alias']}\"{options}")
        for plugin in output.get("plugins") or []:
            importlib.import_module(plugin["module"]).register(con)
    except Exception:
        con.close()
        raise
    return con
