"""Shared fixtures: the demo site served on 127.0.0.1 and a database filled by crawling it."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def solieu(*args: str, env: dict | None = None, input: str | None = None, timeout: int = 300):
    """Run the real `solieu` command in a subprocess (its own Twisted reactor)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "solieu.cli", *args], capture_output=True, text=True,
                          cwd=REPO, env=full_env, input=input, timeout=timeout)


@pytest.fixture(scope="session")
def demo_server():
    from crawler.demo.site import serve

    with serve() as server:
        yield server


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, demo_server):
    """A database filled by one real crawl of the demo site; returns (path, completed process)."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    proc = solieu("crawl", "hanoionline", "--base-url", demo_server.url, "--db", str(path), "--no-throttle",
                  "--log-level", "WARNING")
    return path, proc


def _indicator(db_path, having: str = "1") -> str:
    import sqlite_utils

    row = sqlite_utils.Database(db_path).execute(
        "SELECT indicator FROM observations WHERE indicator IS NOT NULL AND article_id IS NOT NULL "
        "GROUP BY indicator "
        f"HAVING {having} ORDER BY COUNT(*) DESC, indicator LIMIT 1").fetchone()
    assert row, "the demo site yields such an indicator"
    return row[0]


@pytest.fixture(scope="session")
def series_key(demo_db) -> str:
    """An indicator of the crawled demo site with both targets and results, 3+ observations."""
    return _indicator(demo_db[0], "SUM(qualifier = 'target') > 0 AND SUM(qualifier = 'actual') > 0 "
                                  "AND COUNT(*) >= 3")


@pytest.fixture(scope="session")
def top_indicator(demo_db) -> str:
    """The demo site's most observed indicator."""
    return _indicator(demo_db[0])
