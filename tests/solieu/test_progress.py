"""What a person sees during a crawl (a table per source, one summary line) and `demo --serve`."""
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.request

from tests.conftest import REPO, solieu
from tests.solieu.conftest import free_port


def test_crawl_shows_progress_and_a_summary_line_not_scrapy_info(own_db, demo_server):
    proc = solieu("crawl", "hanoionline", "--base-url", demo_server.url, "--db", own_db, "--no-throttle",
                  "--progress")
    assert proc.returncode == 0, proc.stderr[-2000:]
    err = proc.stderr
    assert "pages" in err and "fetched" in err and "already" in err and "hanoionline" in err
    assert " INFO: " not in err and "[scrapy" not in err  # Scrapy's own INFO stays behind --log-level
    last = err.strip().splitlines()[-1]
    assert last.startswith("Crawl ok: 1 source, ") and "already stored" in last and last.endswith(" s.")


def test_log_level_still_shows_scrapy_logging(own_db, demo_server):
    proc = solieu("crawl", "hanoionline", "--base-url", demo_server.url, "--db", own_db, "--no-throttle",
                  "--progress", "--log-level", "INFO")
    assert proc.returncode == 0 and "INFO" in proc.stderr


def test_demo_serve_keeps_the_site_up_for_the_stored_links(tmp_path):
    port = free_port()
    db = tmp_path / "demo.db"
    log = tmp_path / "demo.log"
    with open(log, "wb") as out:
        p = subprocess.Popen([sys.executable, "-m", "solieu.cli", "demo", "--db", str(db), "--serve",
                              "--port", str(port)], cwd=REPO, env=os.environ.copy(), stdout=out,
                             stderr=subprocess.STDOUT)
        try:
            deadline = time.time() + 400
            while "stays up" not in log.read_text(encoding="utf-8", errors="replace"):
                assert p.poll() is None, log.read_text()
                assert time.time() < deadline, "demo never finished its crawl"
                time.sleep(1)
            url = sqlite3.connect(db).execute("SELECT url FROM articles ORDER BY id LIMIT 1").fetchone()[0]
            assert url.startswith(f"http://127.0.0.1:{port}/")
            with urllib.request.urlopen(url, timeout=10) as resp:
                assert resp.status == 200 and b"<html" in resp.read().lower()
            p.send_signal(signal.SIGINT)
            assert p.wait(timeout=20) == 0
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
    text = log.read_text(encoding="utf-8")
    assert "Stopped the demo site." in text and "Traceback" not in text


def test_demo_on_a_busy_port_is_a_clear_error(tmp_path):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        proc = solieu("demo", "--db", str(tmp_path / "d.db"), "--port", str(s.getsockname()[1]))
    assert proc.returncode == 1 and "--port" in proc.stderr and "Traceback" not in proc.stderr
