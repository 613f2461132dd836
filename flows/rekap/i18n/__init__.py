"""Every sentence a planner or operator reads from the command line, in Bahasa Indonesia and English.

Messages are data, one catalogue per language (`id.yml`, `en.yml` beside this package), each message written once
per language; code asks for one by key (`t("refresh.published", run_id=...)`). The modules: `catalogue` (the
messages and the language chosen), `findings` (finding types' labels, from the dbt seed), `usage` (click's usage
errors translated).
"""

from __future__ import annotations

from rekap.i18n.catalogue import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    MESSAGES,
    has,
    language,
    level_label,
    load_failure,
    normalise,
    placeholders,
    role_label,
    set_language,
    severity_label,
    t,
)
from rekap.i18n.findings import finding_label, finding_labels
from rekap.i18n.usage import usage_error

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "MESSAGES",
    "finding_label",
    "finding_labels",
    "has",
    "language",
    "level_label",
    "load_failure",
    "normalise",
    "placeholders",
    "role_label",
    "set_language",
    "severity_label",
    "t",
    "usage_error",
]
