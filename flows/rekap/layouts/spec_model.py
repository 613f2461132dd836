"""The one spec language, typed: every layout spec is validated when it is loaded, before any document is read.

A spec error names the spec file, the key (as a dotted path, list positions included) and what was expected, so a
spec written by hand is corrected without reading an adapter's source. The reference page is
docs/spec_reference.md; every key below appears there.

Two rules hold for every family:

* every regex compiles (Python ``re`` syntax);
* nothing pins a year: a literal 4-digit year (19xx/20xx) in any value is refused. Years come from the document
  (a header cell, the year the document states most often: rekap.tables.years), never from the spec. Places and agency names cannot be
  recognised mechanically the same way; the variant tests (tests/robustness) rename them in every demo document.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from rekap.i18n import t
from rekap.tables.cells import LEVELS, ROLES

PINNED_YEAR_RX = re.compile(r"(?<![\d\\])(?:19|20)\d\d(?!\d)")


def _regex(p: str) -> str:
    try:
        re.compile(p)
    except re.error as exc:
        raise ValueError(t("spec.regex", error=exc)) from exc
    return p


def _level(v: str) -> str:
    if v not in LEVELS:
        raise ValueError(t("spec.level", choices=", ".join(sorted(LEVELS))))
    return v


def _role(v: str) -> str:
    if v not in ROLES:
        raise ValueError(t("spec.role", choices=", ".join(sorted(ROLES))))
    return v


Regex = Annotated[str, AfterValidator(_regex)]
Level = Annotated[str, AfterValidator(_level)]
Role = Annotated[str, AfterValidator(_role)]


class _Strict(BaseModel):
    """Unknown keys are errors: a misspelt key would otherwise be silently ignored."""

    model_config = ConfigDict(extra="forbid")


class _Open(BaseModel):
    """A sub-structure whose keys are checked by its adapter (documented, validated for regexes only)."""

    model_config = ConfigDict(extra="allow")


# --------------------------------------------------------------------------------------------- tabel (one reader)
class TableColumn(_Strict):
    """An override of what inference says a column is: the column is found by its header text or by position."""

    header: Regex | None = None  # re.search on the column's joined header text (case-insensitive)
    index: int | None = Field(default=None, ge=0)
    level: Level | None = None
    role: str  # a role, or "ignore" (the column's cells are reported as unplaced)

    @model_validator(mode="after")
    def _one_anchor(self) -> TableColumn:
        if (self.header is None) == (self.index is None):
            raise ValueError(t("spec.one_anchor"))
        return self

    @field_validator("role")
    @classmethod
    def _role_or_ignore(cls, v: str) -> str:
        return v if v == "ignore" else _role(v)


class TabelSpec(_Strict):
    """The one table reader (rekap.tables): everything is inferred; the spec only overrides."""

    family: Literal["tabel", "tabel_xlsx"]
    description: str | None = None
    table_id: str | None = None  # default: "tabel" for text, the sheet name for a workbook
    columns: list[TableColumn] = []  # overrides of the inferred column -> (level, role) mapping
    end: list[Regex] = []  # extra lines that end the table (a signature place/date line always does)
    skip: list[Regex] = []  # extra lines inside the table that are not rows
    shift_tolerance: int = Field(default=2, ge=0, le=3)  # how many columns a cell may have drifted
    expect: dict[str, Any] | None = None  # set by the pipeline for workbooks (manifest's region/year), not by hand


# ---------------------------------------------------------------------------------------------------- templat_xlsx
class TemplatColumn(_Strict):
    header: str
    role: Role | None = None
    kind: Literal["code", "level", "text", "unit", "target", "money"]
    prefilled: bool = False
    quarter_label: str | None = None


class TemplatXlsxSpec(_Strict):
    family: Literal["templat_xlsx"]
    description: str | None = None
    table_id: str
    sheet: str
    metadata: dict[str, str]
    header_search_rows: int = Field(default=30, ge=1)
    levels: dict[str, Level]
    columns: list[TemplatColumn]
    expect: dict[str, Any] | None = None  # set by the pipeline from the manifest, never written by hand


SPEC_MODELS: dict[str, type[BaseModel]] = {
    "tabel": TabelSpec,
    "tabel_xlsx": TabelSpec,
    "templat_xlsx": TemplatXlsxSpec,
}


class SpecError(ValueError):
    """A spec that does not validate: the message names the file, each wrong key and what was expected there."""


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or t("spec.top_level")


def _pinned_years(node: Any, loc: tuple[Any, ...] = ()) -> list[str]:
    if isinstance(node, dict):
        return [p for k, v in node.items() if not str(k).startswith("_") for p in _pinned_years(v, (*loc, k))]
    if isinstance(node, list):
        return [p for i, v in enumerate(node) for p in _pinned_years(v, (*loc, i))]
    if isinstance(node, (str, int)) and not isinstance(node, bool):
        m = PINNED_YEAR_RX.search(str(node))
        if m and not (isinstance(node, int) and not 1900 <= node <= 2099):
            return [t("spec.pinned_year", key=_path(loc), year=m.group(0))]
    return []


# pydantic's own (English) messages for the errors a spec writer meets most, as catalogue keys
_PYDANTIC = {"missing": "spec.missing", "extra_forbidden": "spec.extra"}


def validate_spec(spec: Any, source: Path | str) -> BaseModel:
    """The typed spec, or SpecError listing every problem as 'file: key: expected ...'."""
    if not isinstance(spec, dict) or "family" not in spec:
        raise SpecError(t("spec.not_mapping", path=source))
    family = spec["family"]
    model = SPEC_MODELS.get(family)
    if model is None:
        raise SpecError(t("spec.bad_family", path=source, choices=", ".join(sorted(SPEC_MODELS)), value=family))
    problems = _pinned_years(spec)
    try:
        typed = model.model_validate(spec)
    except ValidationError as exc:
        problems += [
            t(
                "spec.problem",
                key=_path(e["loc"]),
                what=t(_PYDANTIC[e["type"]]) if e["type"] in _PYDANTIC else e["msg"].removeprefix("Value error, "),
            )
            + (
                t("spec.got", value=e["input"])
                if e["type"] != "missing" and not isinstance(e["input"], (dict, list))
                else ""
            )
            for e in exc.errors()
        ]
        typed = None
    if problems:
        raise SpecError(f"{source}: " + f"\n{source}: ".join(problems))
    assert typed is not None
    return typed
