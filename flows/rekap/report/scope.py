"""Which province the report is for. Taken from the setting (`[report] province = "18"` in the workspace's
rekap.toml, or REKAP_REPORT_PROVINCE), else inferred when every loaded region shares one province code; else the
report covers every region it holds and says so."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

SETTINGS_FILE = "rekap.toml"
ENV_PROVINCE = "REKAP_REPORT_PROVINCE"


class ScopeError(ValueError):
    """The configured province is not a Kemendagri province code."""


@dataclass(frozen=True)
class Scope:
    province_code: str | None  # None: every region in the warehouse
    province_name: str | None = None
    source: str = "all"  # 'setting' | 'inferred' | 'all'

    def includes(self, region_code: str | None) -> bool:
        if self.province_code is None:
            return True
        code = region_code or ""
        return code == self.province_code or code.startswith(self.province_code + ".")


def province_of(region_code: str | None) -> str | None:
    """'18.01' -> '18'; '18' -> '18'."""
    return (region_code or "").split(".")[0] or None


def configured_province(settings_file: Path | None) -> str | None:
    """The province setting: REKAP_REPORT_PROVINCE, else `[report] province` in rekap.toml; None when unset."""
    value: str | int | None = os.environ.get(ENV_PROVINCE)
    source = ENV_PROVINCE
    if not value and settings_file is not None and settings_file.is_file():
        from rekap.settings import SettingsError, load_settings

        try:
            value = load_settings(settings_file).report.province
        except SettingsError as exc:
            raise ScopeError(str(exc)) from exc
        source = f"{settings_file} [report] province"
    if value in (None, ""):
        return None
    value = str(value).strip()
    if not (value.isdigit() and len(value) == 2):
        raise ScopeError(f'{source}: diharapkan kode provinsi Kemendagri dua digit seperti "18", tertulis {value!r}')
    return value


def resolve_scope(configured: str | None, loaded_region_codes: list[str], province_names: dict[str, str]) -> Scope:
    """The configured province, else the one province every loaded region belongs to, else everything."""
    if configured:
        return Scope(configured, province_names.get(configured), "setting")
    provinces = {province_of(c) for c in loaded_region_codes if c}
    if len(provinces) == 1:
        (only,) = provinces
        return Scope(only, province_names.get(only) if only is not None else None, "inferred")
    return Scope(None)
