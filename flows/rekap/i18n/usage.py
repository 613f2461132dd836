"""click's usage errors (English, built inside typer's bundled click) in the current language."""

from __future__ import annotations

import re

from rekap.i18n.catalogue import t

# click's usage errors (English, built inside typer's bundled click) -> catalogue keys, matched on the whole message
_USAGE_ERRORS: tuple[tuple[str, str], ...] = (
    (r"No such command '(?P<name>[^']+)'\.(?:\.? Did you mean (?P<suggestion>.+)\?)?", "usage.no_such_command"),
    (r"No such option: (?P<name>\S+)(?: \(Possible options: (?P<options>.+)\))?", "usage.no_such_option"),
    (r"Missing (?P<kind>argument|option|parameter) (?P<hint>.+?)\.(?: .*)?", "usage.missing"),
    (r"Invalid value for (?P<hint>.+?): (?P<reason>.*)", "usage.invalid"),
    (
        r"Got unexpected extra arguments? \((?P<args>.*)\)|Got unexpected extra argument\(s\) \((?P<args2>.*)\)",
        "usage.extra",
    ),
    (r"Option (?P<name>.+) requires an argument\.", "usage.needs_value"),
    (r"Missing command\.", "usage.missing_command"),
)


def usage_error(message: str) -> str:
    """click's usage error in the current language (unrecognised messages are returned as they are)."""
    for pattern, key in _USAGE_ERRORS:
        m = re.fullmatch(pattern, message, flags=re.DOTALL)
        if not m:
            continue
        g = {k: v for k, v in m.groupdict().items() if v is not None}
        if key == "usage.no_such_command":
            extra = t("usage.did_you_mean", suggestion=g["suggestion"]) if "suggestion" in g else ""
            return t(key, name=g["name"]) + extra
        if key == "usage.no_such_option":
            extra = t("usage.possible_options", options=g["options"]) if "options" in g else ""
            return t(key, name=g["name"]) + extra
        if key == "usage.missing":
            return t(key, kind=t(f"usage.kind.{g['kind']}"), hint=g["hint"])
        if key == "usage.extra":
            return t(key, args=g.get("args") or g.get("args2", ""))
        return t(key, **g)
    return message
