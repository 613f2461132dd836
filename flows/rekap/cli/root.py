"""The `rekap` application, drawn in the chosen language.

Help texts are looked up when the help screen is drawn (key `help.<command>` and `help.<command>.<parameter>`), so
one `--lang` anywhere on the line switches the whole screen; click's usage errors are translated too.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer
import typer.rich_utils
from typer.core import TyperCommand, TyperGroup

from rekap.cli.common import err, use_home
from rekap.i18n import has, set_language, t, usage_error

_TYPER_TEXTS = {  # typer.rich_utils module texts -> catalogue keys
    "ARGUMENTS_PANEL_TITLE": "help.panel.arguments",
    "OPTIONS_PANEL_TITLE": "help.panel.options",
    "COMMANDS_PANEL_TITLE": "help.panel.commands",
    "ERRORS_PANEL_TITLE": "help.panel.error",
    "DEFAULT_STRING": "help.default",
    "REQUIRED_LONG_STRING": "help.required",
    "ENVVAR_STRING": "help.envvar",
    "RICH_HELP": "help.try",
    "ABORTED_TEXT": "help.aborted",
}


def _choose_language(args: list[str]) -> list[str]:
    """Take `--lang X` / `--lang=X` from anywhere on the line (before `--`), set the language, return the rest."""
    rest, chosen, i = [], None, 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        if arg == "--lang" and i + 1 < len(args):
            chosen, i = args[i + 1], i + 2
            continue
        if arg.startswith("--lang="):
            chosen, i = arg.split("=", 1)[1], i + 1
            continue
        rest.append(arg)
        i += 1
    try:
        set_language(chosen)
    except ValueError:
        set_language(None)
        err.print(t("error", message=t("bad_language", lang=chosen)))
        raise typer.Exit(2) from None
    for attr, key in _TYPER_TEXTS.items():
        setattr(typer.rich_utils, attr, t(key))
    return rest


_typer_format_error = typer.rich_utils.rich_format_error


def _format_usage_error(exc) -> None:
    """typer draws click's usage errors; the sentence inside is translated first."""
    message = usage_error(exc.format_message())
    exc.format_message = lambda: message
    _typer_format_error(exc)


typer.rich_utils.rich_format_error = _format_usage_error  # type: ignore[assignment]


def _localize(command: TyperCommand | TyperGroup, ctx: typer.Context | None = None) -> None:
    key = "help.app" if isinstance(command, TyperGroup) else f"help.{command.name}"
    if has(key):
        command.help = t(key)
        command.short_help = None
    params = command.get_params(ctx) if ctx is not None else command.params
    for p in params:
        if p.name == "help":
            p.help = t("help.help")  # type: ignore[attr-defined]
        elif has(f"help.{command.name}.{p.name}"):
            p.help = t(f"help.{command.name}.{p.name}")  # type: ignore[attr-defined]
        elif has(f"help.opt.{p.name}"):
            p.help = t(f"help.opt.{p.name}")  # type: ignore[attr-defined]


def _usage(command: TyperCommand | TyperGroup, ctx: typer.Context, formatter: Any) -> None:
    formatter.write_usage(ctx.command_path, " ".join(command.collect_usage_pieces(ctx)), prefix=t("help.usage"))


class LocalizedCommand(TyperCommand):
    def format_help(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        _localize(self, ctx)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        _usage(self, ctx, formatter)


class LocalizedGroup(TyperGroup):
    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:  # type: ignore[override]
        return super().parse_args(ctx, _choose_language(args))

    def get_command(self, ctx: typer.Context, cmd_name: str) -> TyperCommand | None:  # type: ignore[override]
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _localize(command)  # type: ignore[arg-type]
        return command  # type: ignore[return-value]

    def format_help(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        _localize(self, ctx)
        super().format_help(ctx, formatter)

    def format_usage(self, ctx: typer.Context, formatter: Any) -> None:  # type: ignore[override]
        _usage(self, ctx, formatter)


class RekapTyper(typer.Typer):
    """Every command drawn in the chosen language, including commands added with a plain `@app.command()`."""

    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or LocalizedCommand, **kwargs)


app = RekapTyper(add_completion=False, no_args_is_help=True, cls=LocalizedGroup, help="rekap")


@app.callback()
def _global_options(
    home: Path = typer.Option(None, "--home", help="workspace"),
    lang: str = typer.Option(None, "--lang", help="language"),  # read before parsing (_choose_language)
) -> None:
    use_home(home)
