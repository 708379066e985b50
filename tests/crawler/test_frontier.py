"""Crawling on a shared Redis frontier: real redis-server, the demo site, two `solieu crawl --frontier`
workers and one `solieu store --from` process, as separate processes.

The demo server holds every article response at a gate until the test opens it, so "both workers have
joined" and "the victim holds requests" are observed states, not timing guesses.
"""
from __future__ import annotations

import json
import os
import pickle
import re
import signal
import subprocess
import sys
import threading
from collections import Counter

import pytest
import sqlite_utils

from crawler.demo.site import DemoServer, DemoSite
from crawler.frontier import FrontierKeys, check_frontier_url
from tests.conftest import REPO, solieu
from tests.crawler.conftest import wait_for

ARTICLE_PATH = re.compile(r"-\d{6}\.htm$")
KEYS = FrontierKeys("solieu", "hanoionline")
TIMEOUT = 240
TTL = 3  # seconds without a heartbeat before a worker counts as dead


class GatedSite:
    """The demo site, with article responses (or those of another path pattern) held until `gate` is set."""

    def __init__(self, site: DemoSite, held: re.Pattern = ARTICLE_PATH):
        self.site = site
        self.gate = threading.Event()
        self.held = 0
        self.pattern = held
        self._lock = threading.Lock()

    def respond(self, path: str):
        if self.pattern.search(path.split("?")[0]):
            with self._lock:
                self.held += 1
            self.gate.wait(timeout=TIMEOUT)
        return self.site.respond(path)

    def __getattr__(self, name):
        return getattr(self.site, name)


@pytest.fixture
def gated_server():
    server = DemoServer()
    server.site = GatedSite(server.site)
    server.start()
    try:
        yield server
    finally:
        server.site.gate.set()
        server.stop()


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, **extra}
    env.pop("SOLIEU_FRONTIER", None)
    return env


def start_worker(server, redis_url: str, db, log, ttl: int = TTL) -> subprocess.Popen:
    """`solieu crawl --frontier` in its own session (so it can be killed with its worker processes)."""
    return subprocess.Popen(
        [sys.executable, "-m", "solieu.cli", "crawl", "hanoionline", "--base-url", server.url, "--frontier",
         redis_url, "--db", str(db), "--no-throttle", "--log-level", "INFO",
         "-s", "SOLIEU_WORKERS=1", "-s", f"SOLIEU_FRONTIER_TTL={ttl}",
         # the frontier's own mechanics; documents on it (OCR: seconds of CPU beside a 3 s TTL) are
         # tests/crawler/test_frontier_documents.py's, with the default TTL
         "-s", "SOLIEU_DOCUMENTS=False"],
        cwd=REPO, env=_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def start_store(redis_url: str, db, log) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "solieu.cli", "store", "--from", redis_url, "--db", str(db),
                             "--batch", "7"], cwd=REPO, env=_env(), stdout=log, stderr=subprocess.STDOUT)


def _finish(proc: subprocess.Popen, log) -> int:
    try:
        return proc.wait(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL) if proc.pid else None
        log.seek(0)
        pytest.fail(f"process did not finish:\n{log.read()[-3000:]}")


def _log_text(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()[-4000:]


def workers(client) -> list[str]:
    return sorted(m.decode() for m in client.smembers(KEYS.workers))


def leases(client, worker: str) -> int:
    return client.hlen(KEYS.leases + worker)


def article_leases(client, worker: str) -> int:
    """Article requests leased to a worker (held at the gate, so they stay leased until it opens)."""
    return sum(1 for field in client.hkeys(KEYS.leases + worker) if ARTICLE_PATH.search(pickle.loads(field)["url"]))


def assert_every_article_stored_once(db_path) -> sqlite_utils.Database:
    db = sqlite_utils.Database(db_path)
    titles = [r[0] for r in db.execute("SELECT title FROM articles")]
    expected = {a["title"] for a in DemoSite().articles}
    assert len(titles) == len(set(titles)) == len(expected) >= 30
    assert set(titles) == expected
    assert db.execute("SELECT COUNT(DISTINCT url) FROM articles").fetchone()[0] == len(titles)
    assert db["observations"].count >= 60
    return db


@pytest.fixture
def client(redis_url):
    import redis

    return redis.Redis.from_url(redis_url)


def test_two_workers_and_one_store_crawl_every_article_once(gated_server, redis_url, client, tmp_path):
    db = db_path = tmp_path / "frontier.db"
    logs = [open(tmp_path / f"{name}.log", "w+") for name in ("w1", "w2", "store")]
    w1, w2 = (start_worker(gated_server, redis_url, db, log) for log in logs[:2])
    # Both joined and both hold article requests, while the site holds every article response.
    wait_for(lambda: len(workers(client)) == 2, TIMEOUT, "both workers to join the frontier")
    ids = workers(client)
    wait_for(lambda: all(article_leases(client, w) for w in ids), TIMEOUT, "both workers to lease articles")
    store = start_store(redis_url, db, logs[2])
    gated_server.site.gate.set()
    for proc, log in zip((w1, w2, store), logs):
        assert _finish(proc, log) == 0, _log_text(log)

    db = assert_every_article_stored_once(db)
    fetched = Counter(p.split("?")[0] if ARTICLE_PATH.search(p.split("?")[0]) else p
                      for p in gated_server.requests if p != "/robots.txt")
    assert [p for p, n in fetched.items() if n > 1] == []  # no page fetched twice, listings included
    fetched_articles = [p for p in fetched if ARTICLE_PATH.search(p)]
    assert len(fetched_articles) == db["articles"].count
    runs = list(db.query("SELECT status, pages, articles_new, stats FROM crawl_runs"))
    assert [r["status"] for r in runs] == ["ok", "ok"]
    assert all(r["pages"] > 1 for r in runs)  # the work was split: each worker fetched pages
    assert sum(r["articles_new"] for r in runs) == db["articles"].count
    # Nothing left behind: queue, seen requests, leases and the items list are gone.
    assert client.keys("solieu:hanoionline:*") == []
    assert client.llen("solieu:items") == client.llen("solieu:items:processing") == 0

    # The next crawl starts afresh (listings again) but skips the stored articles (the database exists).
    mark = len(gated_server.requests)
    logs = [open(tmp_path / f"{name}.log", "w+") for name in ("again", "store2")]
    again = start_worker(gated_server, redis_url, db_path, logs[0])
    wait_for(lambda: workers(client), TIMEOUT, "the worker to join")
    store = start_store(redis_url, db_path, logs[1])
    for proc, log in zip((again, store), logs):
        assert _finish(proc, log) == 0, _log_text(log)
    later = gated_server.requests[mark:]
    assert "/" in later and not [p for p in later if ARTICLE_PATH.search(p.split("?")[0])]
    assert db["articles"].count == len(fetched_articles)


def test_a_killed_worker_s_requests_are_crawled_by_the_other(gated_server, redis_url, client, tmp_path):
    db = tmp_path / "kill.db"
    logs = [open(tmp_path / f"{name}.log", "w+") for name in ("victim", "survivor", "store")]
    victim = start_worker(gated_server, redis_url, db, logs[0])
    wait_for(lambda: workers(client), TIMEOUT, "the first worker to join")
    victim_id = workers(client)[0]
    survivor = start_worker(gated_server, redis_url, db, logs[1])
    wait_for(lambda: len(workers(client)) == 2, TIMEOUT, "the second worker to join")
    wait_for(lambda: all(article_leases(client, w) for w in workers(client)), TIMEOUT,
             "both workers to lease articles")
    os.killpg(victim.pid, signal.SIGKILL)  # mid-crawl: its article responses are still held at the gate
    victim.wait(timeout=30)
    held = leases(client, victim_id)  # frozen now
    gated_server.site.gate.set()
    store = start_store(redis_url, db, logs[2])
    for proc, log in zip((survivor, store), logs[1:]):
        assert _finish(proc, log) == 0, _log_text(log)

    assert held > 0
    db = assert_every_article_stored_once(db)
    run = list(db.query("SELECT status, stats FROM crawl_runs"))
    assert [r["status"] for r in run] == ["ok"]  # the victim never reported; the survivor did
    assert json.loads(run[0]["stats"]).get("solieu/frontier/requeued") == held
    fetched = Counter(p for p in gated_server.requests if ARTICLE_PATH.search(p.split("?")[0]))
    assert len(fetched) == db["articles"].count
    assert sum(n - 1 for n in fetched.values()) <= held  # only the victim's requests were fetched again
    assert client.keys("solieu:hanoionline:*") == []


def test_a_stopped_crawl_resumes_from_the_shared_queue(gated_server, redis_url, client, tmp_path):
    db = tmp_path / "resume.db"
    logs = [open(tmp_path / f"{name}.log", "w+") for name in ("first", "second", "store")]
    # Nothing here waits for a heartbeat to expire: a long TTL, so a worker whose reactor stalls for a
    # few seconds under load (its extraction pool starting) is not taken for dead by the store.
    first = start_worker(gated_server, redis_url, db, logs[0], ttl=60)
    wait_for(lambda: workers(client) and article_leases(client, workers(client)[0]), TIMEOUT,
             "the worker to lease articles")
    wait_for(lambda: client.zcard(KEYS.requests) >= 10, TIMEOUT, "article requests to be queued")
    os.kill(first.pid, signal.SIGTERM)  # Ctrl-C / systemd stop: unfinished requests go back to the queue
    gated_server.site.gate.set()
    assert _finish(first, logs[0]) == 3, _log_text(logs[0])
    assert client.zcard(KEYS.requests) > 0 and workers(client) == []
    second = start_worker(gated_server, redis_url, db, logs[1], ttl=60)
    wait_for(lambda: workers(client), TIMEOUT, "the second worker to join")
    store = start_store(redis_url, db, logs[2])
    for proc, log in zip((second, store), logs[1:]):
        assert _finish(proc, log) == 0, _log_text(log)

    db = assert_every_article_stored_once(db)
    statuses = sorted(r[0] for r in db.execute("SELECT status FROM crawl_runs"))
    assert statuses == ["interrupted", "ok"]


@pytest.mark.parametrize("url, ok", [
    ("redis://127.0.0.1:6379/0", True),
    ("rediss://cache.example:6380/2", True),
    ("unix:///run/redis.sock", True),
    ("http://127.0.0.1:6379/0", False),
    ("redis://", False),
    ("127.0.0.1:6379", False),
    ("", False),
])
def test_check_frontier_url(url, ok):
    if ok:
        assert check_frontier_url(url) == url
    else:
        with pytest.raises(ValueError, match="bad frontier"):
            check_frontier_url(url)


def test_crawl_frontier_errors_are_one_line(tmp_path):
    bad = solieu("crawl", "hanoionline", "--frontier", "http://127.0.0.1:1/0", "--db", str(tmp_path / "x.db"))
    assert bad.returncode == 2 and "bad frontier" in bad.stderr and "Traceback" not in bad.stderr
    with socket_closed_port() as port:
        down = solieu("crawl", "hanoionline", "--frontier", f"redis://127.0.0.1:{port}/0")
        assert down.returncode == 1 and "cannot reach Redis" in down.stderr and "Traceback" not in down.stderr
        store = solieu("store", "--from", f"redis://127.0.0.1:{port}/0", "--db", str(tmp_path / "x.db"))
        assert store.returncode == 1 and "cannot reach Redis" in store.stderr
    both = solieu("crawl", "--frontier", "redis://127.0.0.1:1/0", "--jobdir", str(tmp_path / "j"))
    assert both.returncode == 2 and "--jobdir" in both.stderr


class socket_closed_port:
    """A 127.0.0.1 port with nothing listening on it."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return s.getsockname()[1]

    def __exit__(self, *exc) -> None:
        return None


def test_store_follow_stops_cleanly_on_sigterm_and_frees_the_queue(redis_url, client, tmp_path):
    log = open(tmp_path / "store.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "solieu.cli", "store", "--from", redis_url, "--db",
                             str(tmp_path / "f.db"), "--follow"], cwd=REPO, env=_env(), stdout=log,
                            stderr=subprocess.STDOUT)
    wait_for(lambda: client.exists("solieu:store"), 120, "the store to take the queue's lock")
    second = solieu("store", "--from", redis_url, "--db", str(tmp_path / "other.db"), "--wait", "0")
    assert second.returncode == 4 and "another store" in second.stderr
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0, _log_text(log)
    assert not client.exists("solieu:store")
