"""Reliability under kill -9 and concurrent readers (a script that prints figures, not a timed test).

    .venv/bin/python benchmarks/reliability.py [--kills 24] [--readers 8] > reliability.txt

On a throw-away copy of the project (demo corpus), with one Prefect test server for all runs:
1. a first `rekap refresh --full` (not killed) publishes, and gives the reference content hash of every table and
   how long each phase takes;
2. `rekap refresh --full` is started again and again, and its whole process group is killed with SIGKILL at a
   point tied to what the refresh is doing (seconds after start, after it took the refresh lock, after dbt created
   the new warehouse file, a fraction of the calibrated dbt build, after the published file was swapped). After each
   kill: the published file must be byte-identical to before, or a complete new build whose every table has the
   reference content, and readable; the landing database must open;
3. N read-only readers query the published file in a loop while a refresh (with a changed figure) runs: each reader
   connection checks that its file is one snapshot (build_info names the last published run of run_history, and
   the v_budget total is the total of that run's data). Reader errors and mixed snapshots are counted;
4. that refresh, the first after the kills, must publish.
Exit status 1 if any check failed.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "ERROR")
os.environ.setdefault("DO_NOT_TRACK", "1")

BANGKA = Path("19.01-bangka-kesbangpol/2024/rencana_aksi_2024.txt")
POLL = 0.02


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_project(tmp: Path) -> Path:
    root = tmp / "project"
    root.mkdir()
    shutil.copytree(REPO / "raw", root / "raw")
    (root / "warehouse").mkdir()
    # a copy, not a link: every build of the run must come from the same project
    shutil.copytree(
        REPO / "dbt_project", root / "dbt_project", ignore=shutil.ignore_patterns("target", "logs", "dbt_packages")
    )
    return root


@dataclass
class Observed:
    """What the refresh had visibly done when it was killed (or finished)."""

    t_lock: float | None = None
    t_dbt: float | None = None
    t_build: float | None = None
    dbt_running: bool = False
    t_swap: float | None = None
    events: list[str] = field(default_factory=list)


def _lock_held(lock: Path) -> bool:
    """Whether someone holds the refresh's flock, read from /proc/locks (never touching the lock ourselves)."""
    try:
        ino = lock.stat().st_ino
        return any(
            line.split()[5].rsplit(":", 1)[-1] == str(ino)
            for line in Path("/proc/locks").read_text().splitlines()
            if len(line.split()) > 5
        )
    except (OSError, IndexError):
        return False


def _dbt_in_group(pgid: int) -> bool:
    """Whether a `dbt` process runs in the refresh's process group (read from /proc)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) != pgid:
                continue
            cmd = (stat.parent / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if any(part.endswith(b"/dbt") or part == b"dbt" for part in cmd[:2]):
            return True
    return False


class Refresh:
    """`rekap refresh --full` in its own process group, watched for the phase markers a kill point waits for."""

    def __init__(self, root: Path, env: dict) -> None:
        self.root = root
        self.published = root / "warehouse" / "rekap.duckdb"
        self.lock = root / "warehouse" / "state" / "refresh.lock"
        self.build_dir = root / "warehouse" / ".build"
        self.before_ino = self.published.stat().st_ino if self.published.exists() else None
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(
            [str(Path(sys.executable).with_name("rekap")), "refresh", "--full"],
            env=env,
            start_new_session=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        self.seen = Observed()
        self.wall_lock = 0.0

    def _new_build_file(self) -> bool:
        """A warehouse file dbt created in this run (a killed run's leftover is there until the refresh cleans it)."""
        for p in self.build_dir.glob("rekap-*.duckdb"):
            try:
                if p.stat().st_ctime >= self.wall_lock - 0.05:
                    return True
            except OSError:
                pass
        return False

    def now(self) -> float:
        return time.perf_counter() - self.t0

    def poll(self) -> None:
        s = self.seen
        if s.t_lock is None and _lock_held(self.lock):
            s.t_lock, self.wall_lock = self.now(), time.time()
        s.dbt_running = s.t_lock is not None and s.t_swap is None and _dbt_in_group(self.proc.pid)
        if s.t_dbt is None and s.dbt_running:
            s.t_dbt = self.now()
        if s.t_build is None and s.t_lock is not None and self._new_build_file():
            s.t_build = self.now()
        if s.t_swap is None and self.published.exists() and self.published.stat().st_ino != self.before_ino:
            s.t_swap = self.now()

    def phase(self) -> str:
        s = self.seen
        if s.t_swap is not None:
            return "after swap (record run, report)"
        if s.t_build is not None and not s.dbt_running:
            return "publish (checkpoint, rename)"
        if s.t_build is not None:
            return "dbt build (models, tests)"
        if s.dbt_running:
            return "dbt start (parse, compile)"
        if s.t_lock is not None:
            return "discover / extract / land"
        return "start-up (imports, Prefect)"

    def wait_for(self, marker: str, delay: float, timeout: float = 600) -> bool:
        """Poll until `marker` happened `delay` seconds ago; False if the refresh ended first."""
        end = time.perf_counter() + timeout
        while time.perf_counter() < end:
            self.poll()
            t = {
                "start": 0.0,
                "lock": self.seen.t_lock,
                "dbt": self.seen.t_dbt,
                "build": self.seen.t_build,
                "swap": self.seen.t_swap,
            }[marker]
            if t is not None and self.now() >= t + delay:
                return True
            if self.proc.poll() is not None:
                return False
            time.sleep(POLL)
        return False

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=60)

    def finish(self, timeout: float = 900) -> tuple[int, str]:
        end = time.perf_counter() + timeout
        while self.proc.poll() is None and time.perf_counter() < end:
            self.poll()
            time.sleep(POLL)
        self.poll()
        out = self.proc.stdout.read() if self.proc.stdout else ""
        return self.proc.wait(timeout=60), out


def content_hashes(db: Path) -> dict[str, str]:
    from rekap.warehouse.snapshot import file_hashes

    return file_hashes(db)


def complete_and_readable(db: Path, reference: dict[str, str]) -> tuple[bool, str]:
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True)
        try:
            run = con.execute("select run_id from marts.build_info").fetchone()
            n = con.execute("select count(*) from marts.v_budget").fetchone()[0]
        finally:
            con.close()
        hashes = content_hashes(db)
    except Exception as exc:  # noqa: BLE001 -- any failure to read is what we count
        return False, f"unreadable: {exc!r}"
    if not run or not n:
        return False, "no build_info or empty v_budget"
    differing = sorted(t for t in set(reference) | set(hashes) if reference.get(t) != hashes.get(t))
    return (not differing), (
        "tables differ from the reference build: " + ", ".join(differing[:5])
    ) if differing else "ok"


def landing_opens(root: Path) -> bool:
    import duckdb

    try:
        con = duckdb.connect(str(root / "warehouse" / "state" / "landing.duckdb"), read_only=True)
        con.execute("select count(*) from submissions").fetchone()
        con.close()
        return True
    except Exception:  # noqa: BLE001
        return False


def kill_points(n: int, build_seconds: float) -> list[tuple[str, float]]:
    """(marker, seconds after it) spread over the phases; the last ones aim at the end of dbt build and the swap."""
    points = [
        ("start", 0.3),
        ("start", 1.5),
        ("lock", 0.0),
        ("lock", 0.3),
        ("lock", 1.0),
        ("lock", 3.0),
        ("lock", 6.0),
        ("dbt", 0.0),
        ("dbt", 3.0),
    ]
    for f in (0.02, 0.2, 0.4, 0.6, 0.8, 0.9, 0.96, 0.98, 0.99, 0.995, 1.0):
        points.append(("build", round(f * build_seconds, 2)))
    points += [("swap", 0.0), ("swap", 0.5), ("swap", 2.0), ("swap", 5.0)]
    while len(points) < n:  # more kills asked for: more inside dbt build, where most of the time goes
        points.append(("build", round(build_seconds * (len(points) % 10) / 10, 2)))
    return points[:n]


READER = r"""
import json, sys, time, os, duckdb
path, stop = sys.argv[1], sys.argv[2]
errors = queries = 0
snapshots = {}
mixed = 0
while not os.path.exists(stop):
    try:
        con = duckdb.connect(path, read_only=True)
        try:
            built = con.execute("select run_id from marts.build_info").fetchone()[0]
            last = con.execute("select max(run_id) from marts.run_history where status = 'published'").fetchone()[0]
            total = con.execute("select sum(amount_idr) from marts.v_budget").fetchone()[0]
        finally:
            con.close()
        queries += 1
        if built != last:
            mixed += 1
        snapshots.setdefault(built, set()).add(str(total))
    except Exception as exc:
        errors += 1
        print("ERROR", repr(exc), flush=True)
    time.sleep(0.02)
print("RESULT", queries, errors, mixed, json.dumps({k: sorted(v) for k, v in snapshots.items()}), flush=True)
"""


def readers_during_refresh(root: Path, env: dict, n: int, tmp: Path) -> dict:
    import duckdb

    published = root / "warehouse" / "rekap.duckdb"
    con = duckdb.connect(str(published), read_only=True)
    old_run, old_total = con.execute(
        "select (select run_id from marts.build_info), sum(amount_idr) from marts.v_budget"
    ).fetchone()
    con.close()
    doc = root / "raw" / BANGKA
    doc.write_text(doc.read_text(encoding="utf-8").replace("165,000,000.00", "175,000,000.00", 1), encoding="utf-8")
    script, stop = tmp / "reader.py", tmp / "stop-readers"
    script.write_text(READER)
    stop.unlink(missing_ok=True)
    procs = [
        subprocess.Popen([sys.executable, str(script), str(published), str(stop)], stdout=subprocess.PIPE, text=True)
        for _ in range(n)
    ]
    time.sleep(1.0)
    r = Refresh(root, env)
    code, out = r.finish()
    time.sleep(1.0)
    stop.touch()
    con = duckdb.connect(str(published), read_only=True)
    new_run, new_total = con.execute(
        "select (select run_id from marts.build_info), sum(amount_idr) from marts.v_budget"
    ).fetchone()
    con.close()
    expected = {old_run: str(old_total), new_run: str(new_total)}
    queries = errors = mixed = 0
    for p in procs:
        text, _ = p.communicate(timeout=120)
        line = [ln for ln in text.splitlines() if ln.startswith("RESULT ")][-1].split(" ", 4)
        q, e, m, snaps = int(line[1]), int(line[2]), int(line[3]), json.loads(line[4])
        queries, errors, mixed = queries + q, errors + e, mixed + m
        for run, totals in snaps.items():
            if run not in expected or totals != [expected[run]]:
                mixed += 1  # a run we never published, or a total that is not that run's
    return {
        "readers": n,
        "queries": queries,
        "errors": errors,
        "mixed": mixed,
        "exit": code,
        "published_new": new_run != old_run,
        "output": out[-2000:] if code else "",
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=24)
    ap.add_argument("--readers", type=int, default=8)
    args = ap.parse_args()
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    failures = 0
    with tempfile.TemporaryDirectory() as tmpdir, prefect_test_harness(server_startup_timeout=180):
        tmp = Path(tmpdir)
        root = make_project(tmp)
        env = dict(
            os.environ,
            REKAP_HOME=str(root),
            PREFECT_API_URL=str(PREFECT_API_URL.value()),
            PYTHONPATH=os.pathsep.join(p for p in (str(REPO / "flows"), os.environ.get("PYTHONPATH")) if p),
        )
        published = root / "warehouse" / "rekap.duckdb"

        # 1. calibration
        for label in ("first refresh (calibration)",):
            r = Refresh(root, env)
            code, out = r.finish()
            if code != 0:
                print(f"{label} failed (exit {code}):\n{out[-3000:]}")
                return 1
            s = r.seen
            print(
                f"{label}: {r.now():.1f} s (seconds after start: lock {s.t_lock:.1f}, dbt started {s.t_dbt or 0:.1f}, "
                f"new warehouse file {s.t_build or 0:.1f}, swap {s.t_swap or 0:.1f})",
                flush=True,
            )
        build_seconds = (s.t_swap or r.now()) - (s.t_build or 0.0)
        reference = content_hashes(published)
        print(f"reference: {len(reference)} tables hashed; dbt build to swap {build_seconds:.1f} s", flush=True)

        # 2. kills
        outcomes: Counter = Counter()
        phases: Counter = Counter()
        print(f"\n{'#':>3} {'kill point':<22} {'t (s)':>7}  {'phase at kill':<34} outcome", flush=True)
        for i, (marker, delay) in enumerate(kill_points(args.kills, build_seconds), start=1):
            before = sha(published)
            r = Refresh(root, env)
            reached = r.wait_for(marker, delay)
            r.poll()
            phase = r.phase() if reached else "refresh ended before the point"
            t = r.now()
            r.kill()
            if sha(published) == before:
                outcome, ok = "unchanged", True
            else:
                ok, why = complete_and_readable(published, reference)
                outcome = "new complete build" if ok else f"BROKEN: {why}"
            if ok:
                ok, why = complete_and_readable(published, reference)
                if not ok:
                    outcome = f"BROKEN (unchanged but unreadable?): {why}"
            if not landing_opens(root):
                ok, outcome = False, outcome + "; LANDING DOES NOT OPEN"
            failures += 0 if ok else 1
            outcomes[outcome.split(":")[0]] += 1
            phases[phase] += 1
            print(f"{i:>3} {marker + ' + ' + str(delay) + ' s':<22} {t:>7.2f}  {phase:<34} {outcome}", flush=True)
        print("\nkills by phase: " + ", ".join(f"{k}: {v}" for k, v in phases.items()))
        print("outcomes: " + ", ".join(f"{k}: {v}" for k, v in outcomes.items()), flush=True)

        # 3 + 4. readers during the next refresh, which must publish
        res = readers_during_refresh(root, env, args.readers, tmp)
        print(
            f"\nreaders: {res['readers']} read-only readers, {res['queries']} snapshots read, "
            f"{res['errors']} reader errors, {res['mixed']} mixed snapshots"
        )
        published_ok = res["exit"] == 0 and res["published_new"]
        print(f"next refresh after the kills: {'published' if published_ok else 'NOT published'} (exit {res['exit']})")
        if res["output"]:
            print(res["output"])
        failures += res["errors"] + res["mixed"] + (0 if published_ok else 1)
    print(f"\nRESULT: {args.kills} kill points, {failures} failed checks")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
