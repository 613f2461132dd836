"""Finding types' labels: reference data shown in the warehouse and the report as well, so they live in the dbt
seed `finding_labels.csv` and are read from there."""

from __future__ import annotations

import csv
from functools import lru_cache

from rekap.i18n.catalogue import language


@lru_cache(maxsize=1)
def _finding_labels() -> dict[str, dict[str, str]]:
    from rekap.paths import dbt_project_dir

    path = dbt_project_dir() / "seeds" / "finding_labels.csv"
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["check_name"]: {"id": row["label_id"], "en": row["label_en"]} for row in csv.DictReader(fh)}


def finding_labels(lang: str) -> dict[str, str]:
    """Every labelled finding type's label in `lang`."""
    return {code: labels[lang] for code, labels in _finding_labels().items()}


def finding_label(check_name: str, lang: str | None = None) -> str:
    """The people's name of a finding type (the code stays in the data); the code itself when unlabelled."""
    return _finding_labels().get(check_name, {}).get(lang or language(), check_name)
