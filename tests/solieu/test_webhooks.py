"""`solieu alerts --webhook`: delivered only on a 2xx answer to the POST itself, within one deadline."""
import json
import sqlite3
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import solieu

TOKEN = "T0K3N-sekret"


class _Hooks(BaseHTTPRequestHandler):
    """/moved-302 and /moved-307 redirect to /final; /final records what arrives; /drip answers 1 byte per 0.5 s."""

    seen: list = []

    def _record(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        type(self).seen.append((self.command, self.path, body))

    def do_GET(self):
        self._record()
        self.send_response(200)
        self.end_headers()

    def do_POST(self):
        self._record()
        if self.path.startswith("/moved-"):
            self.send_response(int(self.path.split("-")[1].split("?")[0]))
            self.send_header("Location", f"/final?token={TOKEN}")
            self.end_headers()
        elif self.path.startswith("/drip"):
            try:
                for ch in b"HTTP/1.1 200 OK\r\n" + b"X-Slow: y\r\n" * 200:
                    self.wfile.write(bytes([ch]))
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
        else:
            self.send_response(204)
            self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def hooks():
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hooks)
    server.daemon_threads = True
    _Hooks.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Hooks
    server.shutdown()
    server.server_close()


@pytest.fixture
def watched(own_db):
    proc = solieu("watch", "add", "term", "ho ngheo", "--db", own_db)
    assert proc.returncode == 0, proc.stderr
    return own_db


def _sent(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*) FROM alerts_sent").fetchone()[0], \
            [r[0] for r in con.execute("SELECT delivered_to FROM alert_runs")]
    finally:
        con.close()


def test_a_302_is_not_turned_into_a_get_and_nothing_is_marked(watched, hooks):
    base, hook = hooks
    proc = solieu("alerts", "--since-last", "--db", watched, "--webhook", base + "/moved-302")
    assert proc.returncode == 1 and "302" in proc.stderr and "nothing marked" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert [m for m, *_ in hook.seen] == ["POST"]  # the redirect was not followed as a GET
    assert _sent(watched) == (0, [])


def test_a_307_is_followed_with_the_same_post(watched, hooks):
    base, hook = hooks
    proc = solieu("alerts", "--since-last", "--db", watched, "--webhook", base + f"/moved-307?key={TOKEN}")
    assert proc.returncode == 0, proc.stderr
    (m1, p1, _), (m2, p2, body) = hook.seen
    assert (m1, m2) == ("POST", "POST") and p2.startswith("/final")
    sent = json.loads(body)
    assert sent["count"] == len(sent["items"]) > 0
    count, delivered = _sent(watched)
    assert count == sent["count"]
    assert delivered and TOKEN not in delivered[0] and delivered[0].startswith("http://127.0.0.1:")


def test_a_dripping_server_hits_the_overall_deadline(watched, hooks):
    base, hook = hooks
    start = time.monotonic()
    proc = solieu("alerts", "--since-last", "--db", watched, "--webhook", base + "/drip",
                  "--webhook-timeout", "2", timeout=60)
    took = time.monotonic() - start
    assert proc.returncode == 1 and "within 2 s" in proc.stderr and "nothing marked" in proc.stderr
    assert took < 30
    assert _sent(watched) == (0, [])
