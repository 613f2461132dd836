"""rekap as a province installs it: a wheel built from the checkout, installed into a fresh venv, refreshing a
workspace that lives outside the checkout (`rekap init`, then the demo corpus copied in).

The fresh venv borrows the shared venv's third-party packages through a .pth line (nothing is downloaded except the
build backend pip fetches for the wheel build); rekap itself and its dbt project come only from the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

SOURCES = ("flows", "dbt_project", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900, **kw)
    assert proc.returncode == 0, f"{cmd}\n{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    # build from a clean copy so the checkout gets no build/ or egg-info
    src = tmp / "src"
    src.mkdir()
    for name in SOURCES:
        path = REPO / name
        if path.is_dir():
            shutil.copytree(
                path, src / name, ignore=shutil.ignore_patterns("target", "logs", "__pycache__", "*.egg-info")
            )
        else:
            shutil.copy2(path, src / name)
    run([sys.executable, "-m", "pip", "wheel", str(src), "-w", str(tmp / "dist"), "--no-deps", "-q"])
    (wheel,) = (tmp / "dist").glob("rekap-*.whl")
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    site = Path(
        run(
            [str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]
        ).stdout.strip()
    )
    (site / "shared-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    run([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-index", "-q", str(wheel)])
    # dbt's console script, as `pip install dbt-core` would have written it into this venv
    (venv / "bin" / "dbt").write_text(
        f"#!{venv / 'bin' / 'python'}\nimport sys\nfrom dbt.cli.main import cli\nsys.exit(cli())\n"
    )
    (venv / "bin" / "dbt").chmod(0o755)
    return venv


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REKAP_", "PYTHONPATH", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    return {**env, "LANG": "C.UTF-8", **extra}


def test_installed_wheel_refreshes_a_workspace_outside_the_checkout(
    installed: Path, tmp_path: Path, prefect_server
) -> None:
    from prefect.settings import PREFECT_API_URL

    python, rekap = installed / "bin" / "python", installed / "bin" / "rekap"
    where = run(
        [str(python), "-c", "import rekap, rekap.paths as p; print(rekap.__file__); print(p.dbt_project_dir())"],
        cwd=tmp_path,
        env=clean_env(),
    ).stdout.split()
    assert all(Path(w).is_relative_to(installed) for w in where), where  # code and dbt project from the wheel
    assert not any(Path(w).is_relative_to(REPO) for w in where)

    ws = tmp_path / "provinsi"
    init = run([str(rekap), "init", str(ws)], cwd=tmp_path, env=clean_env())
    assert "Folder kerja dibuat" in init.stdout
    shutil.copytree(REPO / "raw", ws / "raw", dirs_exist_ok=True)  # beside init's raw/README.md
    env = clean_env(
        PREFECT_API_URL=str(PREFECT_API_URL.value()),
        PREFECT_HOME=str(tmp_path / ".prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        DO_NOT_TRACK="1",
    )
    refresh = run([str(rekap), "refresh"], cwd=ws, env=env)  # the current folder holds raw/: it is the workspace
    assert "Diterbitkan" in refresh.stdout, refresh.stdout
    published = ws / "warehouse" / "rekap.duckdb"
    con = duckdb.connect(str(published), read_only=True)
    try:
        regions = {r for (r,) in con.execute("select distinct region_code from marts.v_target").fetchall()}
        amount = con.execute(
            "select amount_idr from marts.v_budget where region_code = '19.01' and level = 'program' "
            "and nomenclature_code = '8.01.03' and measure = 'pagu'"
        ).fetchall()
    finally:
        con.close()
    assert regions == {"18", "19.01", "35.08", "73.24"}
    assert "Berkas dikarantina (0)" in " ".join(refresh.stdout.split())  # init's README is no submission
    assert [str(a) for (a,) in amount] == ["27144383200.00"]  # Bangka's program 8.01.03 pagu, as its plan states
    assert not list(REPO.glob("warehouse/.build/rekap-*"))  # nothing written into the checkout
    export = run([str(rekap), "--home", str(ws), "export", "v_budget", "-f", "xlsx"], cwd=tmp_path, env=env)
    assert (ws / "warehouse" / "export" / "v_budget.xlsx").is_file(), export.stdout
