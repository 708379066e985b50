"""Items 5 and 15: workers die with the crawl; Ctrl-C/SIGTERM take one clean path at any moment."""
from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest

from tests.security.hostile import Page, alive, article, children, crawl_args, home, last_run, serve, start

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
ARTICLES = [f"/bai-{100001 + i}.htm" for i in range(30)]


def slow_site(delay: float):
    """Every article takes `delay` seconds (the site's stop event cuts it short)."""
    def slow(site, h):
        site.stop.wait(delay)
        h.send(Page(article(f"Bài chậm {h.path}", n=len(h.path) % 40)))
    routes = {p: slow for p in ARTICLES}
    routes["/"] = Page(home(ARTICLES))
    return routes


def workers_of(pid: int) -> list[int]:
    """The crawl's worker processes: spawn children, or the children of its forkserver (crawler/workers.py)."""
    out = []
    for child in children(pid):
        try:
            cmd = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmd:
            out.append(child)
        elif b"multiprocessing.forkserver" in cmd:
            out.extend(children(child))
    return out


def importing(pid: int) -> bool:
    """True once a worker is importing the extraction code (lxml is mapped), before it is ready."""
    for w in workers_of(pid):
        try:
            if "lxml" in Path(f"/proc/{w}/maps").read_text():
                return True
        except OSError:
            continue
    return False


def wait_until(predicate, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_workers_exit_when_the_crawl_is_killed(tmp_path: Path):
    with serve(slow_site(0.5)) as site:
        proc = start(crawl_args(tmp_path, site, tmp_path / "k.db", "-s", "SOLIEU_WORKERS=2"))
        workers: list[int] = []
        try:
            workers = wait_until(lambda: len(w := workers_of(proc.pid)) == 2 and w, 120, "two workers")
            site.wait_for(lambda paths: any(p.startswith("/bai-") for p in paths))
            os.kill(proc.pid, signal.SIGKILL)  # the crawl alone, as the OOM killer would
            proc.wait(timeout=30)  # not communicate(): orphaned workers would hold its pipes open
            left = workers
            end = time.monotonic() + 15
            while time.monotonic() < end and (left := [w for w in workers if alive(w)]):
                time.sleep(0.1)
            assert not left, f"workers {left} outlived the killed crawl"
        finally:
            for w in [w for w in workers if alive(w)]:  # never leave an orphan behind, whatever happened
                os.kill(w, signal.SIGKILL)
            proc.stdout.close()
            proc.stderr.close()


def test_ctrl_c_during_worker_start_up_is_clean(tmp_path: Path):
    with serve(slow_site(0.2)) as site:
        proc = start(crawl_args(tmp_path, site, tmp_path / "e.db", "-s", "SOLIEU_WORKERS=2"))
        wait_until(lambda: importing(proc.pid), 120, "a worker importing its modules")
        os.killpg(proc.pid, signal.SIGINT)   # the terminal sends Ctrl-C to the whole group, workers included
        out, err = proc.communicate(timeout=120)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err[-3000:]
    assert proc.returncode == 3, err[-3000:]
    run = last_run(tmp_path / "e.db")
    assert run["status"] == "interrupted" and run["finished_at"]


def test_first_stop_is_bounded_and_the_second_is_immediate(tmp_path: Path):
    with serve(slow_site(120)) as site:
        # First signal: the in-flight downloads never finish, the stop timeout ends them.
        proc = start(crawl_args(tmp_path, site, tmp_path / "t.db", "-s", "SOLIEU_STOP_TIMEOUT=3"))
        site.wait_for(lambda paths: any(p.startswith("/bai-") for p in paths))
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGTERM)
        out, err = proc.communicate(timeout=120)
        first = time.monotonic() - sent
        assert proc.returncode == 3, err[-3000:]
        assert first < 25, f"a first SIGTERM took {first:.0f} s"
        assert last_run(tmp_path / "t.db")["status"] == "interrupted"

        # Second signal: stops at once, still recorded.
        proc = start(crawl_args(tmp_path, site, tmp_path / "u.db"))
        site.wait_for(lambda paths: paths.count("/") >= 2)
        site.wait_for(lambda paths: sum(p.startswith("/bai-") for p in paths) >= 4)
        os.killpg(proc.pid, signal.SIGINT)
        time.sleep(0.5)
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        second = time.monotonic() - sent
    assert proc.returncode == 3, err[-3000:]
    assert second < 10, f"a second Ctrl-C took {second:.0f} s"
    assert "Traceback" not in err, err[-3000:]
    run = last_run(tmp_path / "u.db")
    assert run["status"] == "interrupted" and run["finished_at"]
