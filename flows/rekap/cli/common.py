"""What every command shares: the consoles, the failure sentence, and the workspace the command runs against."""

from __future__ import annotations

import os
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from rekap.i18n import t
from rekap.paths import ProjectPaths, WorkspaceError

console = Console()
err = Console(stderr=True)
_home: Path | None = None


def use_home(home: Path | None) -> None:
    """The workspace named by `--home` (None: REKAP_HOME or the current folder, as ProjectPaths decides)."""
    global _home
    _home = home


def say(key: str, **values: object) -> str:
    """A catalogue sentence for the console: the catalogue's markup styles it, and the values put into it (file
    names, agency names, error texts, all from what people sent) are printed as they are. Rich reads `[...]` as
    markup: unescaped, 'laporan [final].txt' would lose '[final]' and a '[/x]' would stop the command."""
    return t(key, **{k: escape(str(v)) for k, v in values.items()})


def cell(value: object) -> Text:
    """A table cell holding a value as it is (never read as markup); None is empty."""
    return Text("" if value is None else str(value))


def fail(message: str, code: int = 1) -> NoReturn:
    """Stop with `message` (plain text, as said: never read as markup)."""
    err.print(say("error", message=message))
    raise typer.Exit(code)


def workspace() -> ProjectPaths:
    try:
        return ProjectPaths.default(_home)
    except WorkspaceError as exc:
        fail(t("no_workspace", cwd=exc.cwd))


def published(paths: ProjectPaths) -> Path:
    if not paths.published_db.exists():
        fail(t("no_warehouse", path=paths.published_db))
    return paths.published_db


def prefect_defaults(paths: ProjectPaths) -> None:
    os.environ.setdefault("PREFECT_HOME", str(paths.root / ".prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("DO_NOT_TRACK", "1")
