"""Where a layout is parsed: one adapter per layout family, each driven by a declarative spec (specs/*.yml).

An adapter is a pure function ``extract(lines, spec) -> list[LandedValue]``: it gets the file's lines (without
line terminators, index 0 = line 1) and the loaded spec, and raises ``LayoutMismatch`` naming the line where the
document stopped fitting the spec and what was expected there. An adapter module that sets ``INPUT = "bytes"``
(spreadsheets) gets the file's bytes instead of lines; its lineage is row (as `line`) and column of the sheet.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from rekap.tables.cells import LandedValue

# the document is its lines, or its bytes for a family whose module declares INPUT = "bytes"
Adapter = Callable[[list[str] | bytes, dict[str, Any]], list[LandedValue]]

# family name -> "module:function". Tables are read by the one table reader (`tabel`, `tabel_xlsx`: layout
# inferred, a spec only overrides; figures a report states in prose are read beside them by layouts/prose.py); what it
# cannot read yet keeps a family of its own. A new agency needs a
# manifest (`rekap onboard` writes it) and, only where inference is wrong, an overrides spec.
FAMILIES: dict[str, str] = {
    "tabel": "rekap.tables.reader:extract",  # the one table reader: layout inferred from the headers, spec = overrides
    "tabel_xlsx": "rekap.tables.xlsx:extract",  # the same reader on an XLSX workbook (one table per sheet)
    "templat_xlsx": "rekap.layouts.templat_xlsx:extract",  # rekap's own XLSX submission template (`rekap template`)
}


def adapter_for(family: str) -> Adapter:
    if not isinstance(family, str) or family not in FAMILIES:  # a spec is input: `family: [1, 2]` is a bad name
        raise KeyError(f"unknown layout family {family!r}; known families: {', '.join(sorted(FAMILIES))}")
    module_name, func_name = FAMILIES[family].split(":")
    module = importlib.import_module(module_name)
    return getattr(module, func_name)


def adapter_version(family: str) -> str:
    """The family's parser version: bumping it makes every submission of that family be re-parsed."""
    if not isinstance(family, str) or family not in FAMILIES:
        raise KeyError(f"unknown layout family {family!r}")
    module_name = FAMILIES[family].split(":")[0]
    return str(getattr(importlib.import_module(module_name), "VERSION", "0"))
