"""A real redis-server on a free 127.0.0.1 port for the frontier tests (skipped when it is not installed)."""
from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(check, timeout: float, what: str, every: float = 0.05):
    """Poll check() until it returns something truthy; fail with `what` after timeout seconds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """URL of a private redis-server (no persistence, its own temp dir), stopped after the session."""
    binary = shutil.which("redis-server")
    if not binary:
        pytest.skip("redis-server is not installed (Debian package redis-server; .ci/run installs it)")
    redis = pytest.importorskip("redis")
    work = tmp_path_factory.mktemp("redis")
    for _attempt in range(3):
        port = _free_port()
        proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                 "--appendonly", "no", "--dir", str(work), "--daemonize", "no"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        client = redis.Redis(host="127.0.0.1", port=port)

        def up() -> bool:
            if proc.poll() is not None:
                return True  # exited (port taken?): try another port
            try:
                return bool(client.ping())
            except redis.ConnectionError:
                return False

        wait_for(up, 20, "redis-server to answer PING")
        if proc.poll() is None:
            break
    else:
        pytest.fail("redis-server did not start on a free port")
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def redis_url(redis_server):
    """The private Redis, emptied for this test."""
    import redis

    client = redis.Redis.from_url(redis_server)
    client.flushdb()
    yield redis_server
    client.flushdb()
