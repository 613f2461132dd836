"""Packaging hook: the dbt project ships inside the `rekap` package (as `rekap/dbt_project/`).

The dbt project is code, not data: an installed rekap must build a province's warehouse without a source
checkout. Everything else is declared in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent


class BuildPyWithDbtProject(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install finds the checkout's dbt_project/ (rekap.paths.dbt_project_dir)
        shutil.copytree(HERE / "dbt_project", Path(self.build_lib) / "rekap" / "dbt_project", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("target", "logs", "dbt_packages", ".user.yml", "__pycache__"))


setup(cmdclass={"build_py": BuildPyWithDbtProject})
