"""Python rules the dbt models call as SQL functions, registered once on the build's connection.

A dbt-duckdb plugin (named in dbt_project/profiles.yml): dbt-duckdb calls `Plugin.configure_connection` on the
connection every model and test runs on, so the models stay SQL and the rule has one source, the Python function
the rest of rekap uses. Registered:

  rekap_item_key(name VARCHAR) -> VARCHAR   the identity key of a program / kegiatan / sub kegiatan or indicator
                                            name (rekap.interpret.nomenclature.normalise); NULL for NULL or a
                                            name with no letters or digits
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import duckdb
from duckdb.func import FunctionNullHandling
from duckdb.sqltypes import VARCHAR

from rekap.interpret.nomenclature import normalise


@lru_cache(maxsize=200_000)
def item_key(name: str | None) -> str | None:
    """`normalise`, with NULL for a name that normalises to nothing (cached: a corpus repeats its names)."""
    return normalise(name) or None


def register(con: duckdb.DuckDBPyConnection) -> None:
    """Register rekap's SQL functions on `con` (the plugin does this for dbt; tests and tools may too)."""
    con.create_function(
        "rekap_item_key", item_key, [VARCHAR], VARCHAR, null_handling=FunctionNullHandling.SPECIAL, side_effects=False
    )


def __getattr__(name: str) -> Any:
    """`Plugin`, the class dbt-duckdb looks for in a plugin module, made when dbt asks for it: importing dbt's
    plugin base costs more than a second, which rekap's own connections (rekap.warehouse.profile_connection),
    calling `register` directly, need not pay."""
    if name != "Plugin":
        raise AttributeError(name)
    from dbt.adapters.duckdb.plugins import BasePlugin

    class Plugin(BasePlugin):
        def configure_connection(self, conn: duckdb.DuckDBPyConnection) -> None:
            register(conn)

    globals()["Plugin"] = Plugin
    return Plugin
