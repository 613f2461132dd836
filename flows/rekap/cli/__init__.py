"""The `rekap` command: what planners, agencies and analysts type.

Every sentence printed comes from the message catalogue (rekap.i18n): Bahasa Indonesia by default, English with
`--lang en` or an English locale. One module per group of commands; importing them registers their commands on
`app`, in the order the help screen lists them.
"""

from __future__ import annotations

import importlib
import sys

from rekap.cli.root import app

for _group in ("refresh", "intake", "query", "outputs", "docs"):  # registers their commands, in this order
    importlib.import_module(f"rekap.cli.{_group}")

__all__ = ["app", "main"]


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
