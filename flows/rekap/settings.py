"""The workspace's settings file, `rekap.toml`, validated so a typo is an error naming the key, not a silent default.

    [notify]                                  # after every refresh, the run summary (JSON) goes to:
    command = ["sh", "-c", "cat > last-run.json"]   # a command, on its standard input (list or string)
    webhook = "http://127.0.0.1:8080/rekap"  # and/or a webhook, as an HTTP POST body
    on = ["failed"]                           # only for these outcomes (default: every outcome)

    [report]
    province = "18"                           # the report's scope (see rekap.report.scope)

A missing file means the defaults (no notification).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Literal

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, Field, ValidationError

RunStatus = Literal["published", "unchanged", "failed"]


class SettingsError(ValueError):
    """The settings file cannot be used; the message names the file and each wrong key."""


class NotifySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    command: list[str] | str | None = Field(None, description="command receiving the run summary as JSON on stdin")
    webhook: AnyHttpUrl | None = Field(None, description="URL receiving the run summary as a JSON POST")
    on: list[RunStatus] = Field(
        default_factory=lambda: list[RunStatus](["published", "unchanged", "failed"]),
        description="run outcomes that trigger a notification",
    )
    timeout_seconds: float = Field(30, gt=0, description="how long a hook may take before it is abandoned")

    @property
    def configured(self) -> bool:
        return bool(self.command) or self.webhook is not None


class ReportSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    province: str | int | None = Field(
        None, description="the report's province (Kemendagri code, checked by rekap.report.scope)"
    )


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    notify: NotifySettings = Field(default_factory=NotifySettings)  # type: ignore[arg-type]
    report: ReportSettings = Field(default_factory=ReportSettings)  # type: ignore[arg-type]


def load_settings(path: Path) -> Settings:
    if not path.is_file():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: {exc}") from exc
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        raise SettingsError(f"{path}: {problems}") from exc


DEFAULT_SETTINGS_TOML = """\
# rekap settings for this workspace (see README, "Workspace and settings").

[notify]
# After every refresh, the run summary (JSON) is sent to a command's standard input and/or a webhook (HTTP POST).
# command = ["sh", "-c", "cat > warehouse/last-run.json"]
# webhook = "http://127.0.0.1:8080/rekap"
# on = ["published", "unchanged", "failed"]

[report]
# The province the report covers (Kemendagri code); unset: inferred from the loaded regions.
# province = "18"
"""
