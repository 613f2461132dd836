"""The catalogue and the language it is read in: Bahasa Indonesia by default; English on request (`--lang en`,
REKAP_LANG=en, or a locale (LC_ALL, LC_MESSAGES, LANG — first one set) starting with `en`).

Each language's messages are data, `id.yml` and `en.yml` beside this module: the same keys in the same order, a
section per area, each key prefixed by its area.
"""

from __future__ import annotations

import os
import string
from pathlib import Path

import yaml

LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"

_chosen: str | None = None
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _catalogue(lang: str) -> dict[str, str]:
    """The messages of one language, as its YAML file declares them (key -> sentence with {placeholders})."""
    text = (Path(__file__).parent / f"{lang}.yml").read_text(encoding="utf-8")
    return {str(key): str(value) for key, value in yaml.load(text, Loader=_LOADER).items()}


MESSAGES: dict[str, dict[str, str]] = {lang: _catalogue(lang) for lang in LANGUAGES}


def set_language(lang: str | None) -> None:
    """Fix the language for this process (from `--lang`); None goes back to the environment's choice."""
    global _chosen
    if lang is not None and normalise(lang) is None:
        raise ValueError(lang)
    _chosen = normalise(lang) if lang else None


def normalise(lang: str | None) -> str | None:
    """'en_US.UTF-8' -> 'en', 'id' -> 'id', 'fr' -> None."""
    if not lang:
        return None
    code = lang.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    return code if code in LANGUAGES else None


def language() -> str:
    if _chosen:
        return _chosen
    explicit = normalise(os.environ.get("REKAP_LANG"))
    if explicit:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:  # the first one set decides, as in POSIX
            return "en" if value.lower().startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def t(key: str, /, **values: object) -> str:
    """The message `key` in the current language, with `{placeholders}` filled in."""
    lang = language()
    text = MESSAGES[lang].get(key)
    if text is None:
        raise KeyError(f"message {key!r} missing for language {lang!r}")
    return text.format(**values) if values else text


def has(key: str) -> bool:
    return key in MESSAGES[language()]


def role_label(role: str) -> str:
    return MESSAGES[language()].get(f"role.{role}", role)


def level_label(level: str | None) -> str:
    return MESSAGES[language()].get(f"level.{level or '-'}", level or "-")


def severity_label(severity: str) -> str:
    return MESSAGES[language()].get(f"severity.{severity}", severity)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def load_failure(file: str, line: int | None, expected: str | None, reason: str | None = None) -> str:
    """The one sentence saying why `file` was not loaded: a whole refusal sentence (`reason`), or what was
    expected where parsing stopped (`line`, or the file as a whole)."""
    if reason is not None:
        where = t("load.refused_at_line", line=line) if line else ""
        return t("load.refused", file=file, where=where, reason=reason)
    where = t("load.at_line", line=line) if line else t("load.whole_file")
    return t("load.expected", file=file, where=where, expected=expected)
