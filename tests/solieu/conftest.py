"""Fixtures for the solieu/ tests: private copies of the demo database, a running `solieu serve`."""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.conftest import REPO


def copy_db(source, target) -> str:
    """A private copy of a database (SQLite backup API), for tests that write."""
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    src.backup(dst)
    src.close()
    dst.close()
    return str(target)


@pytest.fixture(scope="module")
def db(demo_db) -> str:
    """The path of the crawled demo database (the crawl must have succeeded)."""
    path, proc = demo_db
    assert proc.returncode == 0, proc.stderr[-2000:]
    return str(path)


def run_ok(*args):
    """Run `solieu ARGS`; it must succeed without a traceback."""
    from tests.conftest import solieu

    proc = solieu(*args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr
    return proc


@pytest.fixture
def own_db(demo_db, tmp_path):
    """A private copy of the demo database."""
    assert demo_db[1].returncode == 0, demo_db[1].stderr[-2000:]
    return copy_db(demo_db[0], tmp_path / "own.db")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str, timeout: float = 10) -> tuple[int, str]:
    """(status, body) of a GET, HTTP errors included."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


@contextlib.contextmanager
def running_serve(db_path, log_path, *extra: str, env: dict | None = None, prefix: tuple = ()):
    """`solieu serve --db db_path` on a free 127.0.0.1 port until the block ends; yields its base URL."""
    port = free_port()
    out = open(log_path, "wb")  # a file, not a pipe: a full pipe would block the server
    p = subprocess.Popen([*prefix, sys.executable, "-m", "solieu.cli", "serve", "--db", str(db_path), "--port", str(port),
                          *extra], cwd=REPO, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            if p.poll() is not None:
                pytest.fail("solieu serve exited: " + open(log_path).read())
            try:
                if http_get(base + "/-/versions.json")[0] == 200:
                    break
            except OSError:
                time.sleep(0.3)
        else:
            pytest.fail("datasette did not come up")
        yield base
    finally:
        p.send_signal(signal.SIGINT)
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        out.close()


def sql_json(base: str, db: str, sql: str) -> tuple[int, object]:
    """Run SQL through Datasette's JSON API: (status, rows or error body)."""
    import urllib.parse

    status, body = http_get(f"{base}/{db}.json?" + urllib.parse.urlencode({"sql": sql, "_shape": "array"}))
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body
