"""Scale-out benchmark: pages/s of `solieu crawl --frontier` with 1, 2 and 4 worker processes (one store).

Uses bench/crawl_bench.py's generated site (N article pages with figures), served by its own process, a
private redis-server on a free 127.0.0.1 port, and `solieu store --from` as the one writer. Each crawl
process gets SOLIEU_WORKERS=1 (one extraction process), so one worker process is about one core of
work: on a machine with C cores the rate should grow with the workers up to C. Reported per run: wall
time from launch to the last article stored, the steady rate between 10% and 90% stored, and the CPU
time per page of the crawl processes and the store (what the scale-out costs, whatever else runs).
Usage: python bench/scale_bench.py [--pages 600] [--workers 1,2,4]
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from crawl_bench import serve_forever  # noqa: E402  (the same generated site)
from proctree import tree_cpu  # noqa: E402


def free_port() -> int:
    """A free 127.0.0.1 port."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stored(db: Path) -> int:
    """Articles in the database so far (0 before the store created it)."""
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as con:
            return con.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def children_cpu() -> float:
    """CPU seconds of the finished child processes (and the descendants they waited for)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(n_workers: int, pages: int, site: str, redis_url: str, work: Path) -> tuple[float, float, int, float]:
    """One crawl with n_workers processes and one store: (wall s, steady pages/s, articles stored, CPU s)."""
    import redis

    cpu0 = children_cpu()
    redis.Redis.from_url(redis_url).flushdb()
    db = work / f"scale{n_workers}.db"
    env = dict(os.environ)
    env.pop("SOLIEU_FRONTIER", None)
    crawl = [sys.executable, "-m", "solieu.cli", "crawl", "bench", "--sources", str(work / "bench.yaml"),
             "--base-url", site, "--frontier", redis_url, "--db", str(db), "--no-throttle", "--log-level", "WARNING",
             "-s", "SOLIEU_WORKERS=1"]
    start = time.monotonic()
    procs = [subprocess.Popen(crawl, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True) for _ in range(n_workers)]
    client = redis.Redis.from_url(redis_url)
    while not client.scard("solieu:crawlers") and all(p.poll() is None for p in procs):
        time.sleep(0.1)
    store = subprocess.Popen([sys.executable, "-m", "solieu.cli", "store", "--from", redis_url, "--db", str(db)],
                             cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    marks: dict[float, float] = {}
    seen: dict[int, float] = {}  # CPU of every process of the crawls' trees (forkserver workers are not waited for)
    while store.poll() is None:
        for p in procs:
            tree_cpu(p.pid, seen)
        count = stored(db)
        for frac in (0.1, 0.9):
            if frac not in marks and count >= frac * pages:
                marks[frac] = time.monotonic()
        time.sleep(0.2)
    wall = time.monotonic() - start
    for p in procs:
        if p.wait() not in (0, 3):
            print(f"  a crawl process exited {p.returncode}: {p.stderr.read()[-1500:]}")
    count = stored(db)
    if 0.1 in marks and 0.9 in marks and marks[0.9] > marks[0.1]:
        steady = (0.8 * pages) / (marks[0.9] - marks[0.1])
    else:
        steady = count / wall
    waited = children_cpu() - cpu0  # the crawl and store processes themselves, once they exited
    own = sum(seen.get(p.pid, 0.0) for p in procs)
    return wall, steady, count, waited + sum(seen.values()) - own


def main() -> None:
    """Run the benchmark and print one line per worker count, then the ratios."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=600)
    ap.add_argument("--workers", default="1,2,4", help="comma-separated worker process counts")
    args = ap.parse_args()
    binary = shutil.which("redis-server")
    if not binary:
        print("scale bench skipped: redis-server is not installed (Debian package redis-server)")
        return
    counts = [int(x) for x in args.workers.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        port = free_port()
        redis_proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                       "--appendonly", "no", "--dir", tmp], stdout=subprocess.DEVNULL)
        port_file = work / "port"
        server = multiprocessing.get_context("spawn").Process(target=serve_forever, args=(args.pages, str(port_file)),
                                                             daemon=True)
        server.start()
        try:
            while not port_file.exists() or not port_file.read_text():
                time.sleep(0.05)
            site = f"http://127.0.0.1:{port_file.read_text()}"
            (work / "bench.yaml").write_text("- name: bench\n  url: http://127.0.0.1/\n"
                                             "  article_pattern: '-\\d{6}\\.htm$'\n")
            import redis

            client = redis.Redis(port=port)
            while True:
                try:
                    client.ping()
                    break
                except redis.ConnectionError:
                    time.sleep(0.05)
            results = {}
            for n in counts:
                wall, steady, count, cpu = run(n, args.pages, site, f"redis://127.0.0.1:{port}/0", work)
                results[n] = steady
                note = "" if count == args.pages else f"  (only {count}/{args.pages} stored)"
                print(f"{n} worker process(es): {count} articles in {wall:.1f} s wall ({count / wall:.1f} pages/s "
                      f"with start-up), steady {steady:.1f} pages/s; CPU {cpu / max(count, 1) * 1000:.0f} ms/page "
                      f"(workers + store, start-up included){note}", flush=True)
            base = results[counts[0]]
            print("speed-up vs 1 worker: " + ", ".join(f"{n}: {r / base:.2f}x" for n, r in results.items())
                  + f" on {os.cpu_count()} cores")
        finally:
            server.terminate()
            redis_proc.terminate()
            redis_proc.wait(timeout=20)


if __name__ == "__main__":
    main()
