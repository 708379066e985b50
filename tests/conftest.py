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
    return subprocess.run([sys.executable, "-m", "crawler.cli", *args], capture_output=True, text=True,
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
