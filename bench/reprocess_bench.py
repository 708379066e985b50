"""`solieu reprocess` against the same command of an older commit, on copies of one database, in one run.

Runs the two alternately (--repeat times each) so that both see the same machine load, and prints the
median wall time, the median CPU time (the command and its worker processes) and the ratios. The old
code runs from a git worktree of --baseline under /tmp (made if missing) with this checkout's venv.
Usage: python bench/reprocess_bench.py [--db solieu-demo.db] [--baseline fbbd7d9] [--repeat 3] [-- ARGS]
(a missing --db is made with `solieu demo`; fbbd7d9 is the last commit before the speed work, issue 13)
(ARGS go to the new command only, e.g. --no-documents: the baseline did not read documents again).
Both commands run with Python's bytecode cache, as an installed solieu does (kept under a temporary
PYTHONPYCACHEPREFIX and written by one unmeasured run of each, even where PYTHONDONTWRITEBYTECODE is set);
--no-bytecode-cache compiles every module, the libraries' too, on every run.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def worktree(ref: str) -> Path:
    """A checkout of ref under /tmp (git worktree), made once."""
    sha = subprocess.run(["git", "rev-parse", "--short", ref], cwd=REPO, capture_output=True, text=True,
                         check=True).stdout.strip()
    path = Path(tempfile.gettempdir()) / f"solieu-base-{sha}"
    if not (path / "solieu").is_dir():
        subprocess.run(["git", "worktree", "add", "--detach", str(path), sha], cwd=REPO, check=True,
                       capture_output=True)
    return path


def snapshot(src: Path, dst: Path) -> None:
    """A consistent copy of a database, its write-ahead log included (a file copy would miss what the
    last crawl left in the -wal file, or copy a torn database)."""
    import sqlite3

    dst.unlink(missing_ok=True)
    with sqlite3.connect(f"file:{src}?mode=ro", uri=True) as source, sqlite3.connect(dst) as target:
        source.backup(target)
    target.close()
    source.close()


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the command and its children, last line of its output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed in {cwd}:\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, (proc.stdout.strip().splitlines() or [""])[0]


def main() -> None:
    """Run the benchmark and print the report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, default=REPO / "solieu-demo.db", help="the database to reprocess (copied)")
    ap.add_argument("--baseline", default="fbbd7d9", help="git ref of the old code")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-bytecode-cache", action="store_true",
                    help="compile every module on every run (an empty PYTHONPYCACHEPREFIX, no warm-up run)")
    ap.add_argument("args", nargs="*", help="extra arguments of the new command")
    args = ap.parse_args()
    if not args.db.exists():  # the demo database, made by one real crawl of the demo site
        subprocess.run([sys.executable, "-m", "solieu.cli", "demo", "--db", str(args.db), "--port", "0"], cwd=REPO,
                       check=True, capture_output=True)
    old_tree = worktree(args.baseline)
    runs: dict[str, list[tuple[float, float]]] = {"new": [], "old": []}
    lines = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "PYTHONPYCACHEPREFIX": str(Path(tmp) / "pycache")}  # empty until written
        if args.no_bytecode_cache:
            env["PYTHONDONTWRITEBYTECODE"] = "1"
        else:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        for n in range(args.repeat + (0 if args.no_bytecode_cache else 1)):
            for name, cwd, extra in (("new", REPO, args.args), ("old", old_tree, [])):
                copy = Path(tmp) / f"{name}.db"
                snapshot(args.db, copy)
                cmd = [sys.executable, "-m", "solieu.cli", "reprocess", "--db", str(copy), *extra]
                wall, cpu, lines[name] = timed(cmd, cwd, env)
                if n or args.no_bytecode_cache:  # the first run of each only wrote the bytecode cache
                    runs[name].append((wall, cpu))
    med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
    cache = "off: every module compiled on every run" if args.no_bytecode_cache else "on, as installed"
    print(f"reprocess {args.db.name}, {args.repeat} runs each, alternating; bytecode cache {cache}; load average "
          f"now {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name, label in (("old", f"baseline {args.baseline}"), ("new", "this checkout")):
        print(f"  {label:<22} wall {med[name][0]:6.2f} s   CPU {med[name][1]:6.2f} s   {lines[name]}")
    print(f"  speed-up: wall {med['old'][0] / med['new'][0]:.2f}x, CPU {med['old'][1] / med['new'][1]:.2f}x")


if __name__ == "__main__":
    main()
