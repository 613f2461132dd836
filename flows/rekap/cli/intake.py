"""An agency's file before it is sent: `validate` reads it as a refresh would, `onboard` writes its manifest."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from rekap.cli.common import console, fail, say
from rekap.cli.root import app
from rekap.i18n import level_label, role_label, t

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rekap.tables.cells import LandedValue


@app.command()
def validate(file: Path = typer.Argument(..., help="file")) -> None:
    """Parse one file exactly as a refresh would, and print what was read by level and cell role."""
    from rekap.extract import extract_document
    from rekap.manifest import ManifestError, load_manifest
    from rekap.rawtree import printable, refusal

    if why := refusal(file):  # what a refresh would refuse (links, special files), said instead of a traceback
        fail(f"{file}: {printable(why)}")
    file = file.resolve()
    if not file.is_file():
        fail(t("validate.no_file", file=file))
    manifest = file.parent / "manifest.yml"
    if not manifest.is_file():
        fail(t("validate.no_manifest", file=file))
    try:
        entries = [e for e in load_manifest(manifest) if e.file == file]
    except ManifestError as exc:
        fail(str(exc))
    if not entries:
        fail(t("validate.no_entry", file=file, name=file.name, manifest=manifest))
    ex = extract_document(entries[0], file.parent)
    for line, _kind, note in ex.notes:  # read, but worth a word: encoding, hidden sheets / rows
        where = t("validate.note_line", line=line) if line else ""
        console.print(say("validate.note", file=file.name, where=where, note=note))
    if not ex.ok:
        fail(ex.message.replace(ex.source_file, str(file), 1))
    from rekap.onboard import preview_entry  # tables read by the one reader: the same preview as `rekap onboard`

    try:
        shown = preview_entry(entries[0])
    except Exception:  # noqa: BLE001 - the preview is a courtesy; what was read is printed below either way
        shown = None
    if shown is not None:
        typer.echo(shown)
    print_preview(file.name, ex.values)


# the planning hierarchy top-down, then cells with no level
_LEVEL_ORDER = ("agency", "belanja", "tujuan", "sasaran", "program", "kegiatan", "sub_kegiatan", "aksi", None)


def print_preview(name: str, values: Sequence[LandedValue]) -> None:
    counts: dict[tuple[str | None, str], int] = {}
    for v in values:
        counts[(v.level, v.role)] = counts.get((v.level, v.role), 0) + 1

    def order(key: tuple[str | None, str]) -> tuple:
        level, role = key
        rank = _LEVEL_ORDER.index(level) if level in _LEVEL_ORDER else len(_LEVEL_ORDER)
        return rank, level or "", role

    table = Table(title=t("validate.title", name=name, n=len(values)))
    table.add_column(t("validate.col.level"))
    table.add_column(t("validate.col.role"))
    table.add_column(t("validate.col.count"), justify="right")
    for level, role in sorted(counts, key=order):
        table.add_row(level_label(level), role_label(role), str(counts[(level, role)]))
    console.print(table)
    console.print(say("validate.hint"))


@app.command()
def onboard(
    file: Path = typer.Argument(..., help="file"),
    region: str = typer.Option(..., "--region", help="region"),
    year: int = typer.Option(..., "--year", help="year"),
    doc_type: str = typer.Option(..., "--type", help="type"),
    version: str = typer.Option("murni", "--version", help="version"),
) -> None:
    """Infer the document's layout, write manifest.yml (and overrides only if needed) beside it, print a preview."""
    from rekap.onboard import OnboardError, preview
    from rekap.onboard import onboard as run_onboard

    try:
        done = run_onboard(file.resolve(), region, year, doc_type, version)
    except OnboardError as exc:
        fail(str(exc))
    typer.echo(
        preview(
            done.reading, t("onboard.written", name=done.file.name, manifest=done.manifest_path, layout=done.layout)
        )
    )
    for note in done.notes:
        typer.echo(t("onboard.note", note=note))
