"""The real spider through the real CLI against a misbehaving site (tests/crawler/faultsite.py)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlite_utils

from tests.conftest import REPO, solieu
from tests.crawler.faultsite import ARTICLE_PATTERN, FaultSite, serve

SOURCES = f"""- name: faults
  url: http://127.0.0.1/
  article_pattern: '{ARTICLE_PATTERN}'
  exclude_patterns: ['/video/', '/tag/', '/tac-gia/']
  max_pages: 3
"""


def crawl_args(tmp: Path, url: str, db: Path) -> list[str]:
    """`solieu crawl faults` arguments for a sources file written in tmp."""
    sources = tmp / "faults.yaml"
    sources.write_text(SOURCES, encoding="utf-8")
    return ["crawl", "faults", "--sources", str(sources), "--base-url", url, "--db", str(db), "--no-throttle",
            "--log-level", "INFO"]


def last_run(db: sqlite_utils.Database) -> dict:
    """The newest crawl_runs row with its stats decoded."""
    run = list(db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1"))[0]
    run["stats"] = json.loads(run["stats"] or "{}")
    return run


@pytest.fixture(scope="module")
def fault_crawl(tmp_path_factory):
    """One crawl of the fault site: (completed process, database, server, seconds)."""
    tmp = tmp_path_factory.mktemp("faults")
    with serve(FaultSite()) as server:
        start = time.monotonic()
        proc = solieu(*crawl_args(tmp, server.url, tmp / "f.db"), env={"SOLIEU_DOWNLOAD_TIMEOUT": "3"}, timeout=120)
        yield proc, sqlite_utils.Database(tmp / "f.db"), server, time.monotonic() - start


def test_crawl_survives_every_fault(fault_crawl):
    proc, db, server, seconds = fault_crawl
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-5000:]
    assert seconds < 40


def test_every_good_article_lands_exactly_once(fault_crawl):
    proc, db, server, _ = fault_crawl
    stored = {r["url"].removeprefix(server.url): r["title"] for r in db.query("SELECT url, title FROM articles")}
    assert stored == server.site.good_articles
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == len(server.site.good_articles)
    assert db.execute("SELECT COUNT(*) FROM observations").fetchone()[0] > 0


def test_every_fault_is_counted_in_the_run(fault_crawl):
    proc, db, server, _ = fault_crawl
    run = last_run(db)
    stats = run["stats"]
    assert run["status"] == "ok"
    assert run["articles_new"] == len(server.site.good_articles)
    # 503 x2 then 200, 429 then 200, a 404 from the sitemap, 301 chain + loop
    assert stats["downloader/response_status_count/503"] == 2
    assert stats["downloader/response_status_count/429"] == 1
    assert stats["downloader/response_status_count/404"] == 1
    assert stats["downloader/response_status_count/301"] >= 3
    assert stats["solieu/errors/http_404"] == 1
    assert stats["solieu/errors/DownloadTimeoutError"] == 1          # the slow page, after its retries
    assert stats["solieu/errors/DownloadCancelledError"] == 1        # the 20 MB page (DOWNLOAD_MAXSIZE)
    assert run["errors"] == 3
    assert stats["solieu/dropped/no_article_text"] == 1              # the empty 200
    assert stats["solieu/dropped/listing_page"] == 1                 # article-pattern URL, listing page
    assert run["dropped"] == 2
    assert stats["httpcompression/response_count"] >= 2              # gzip sitemap + gzip article
    assert server.site.hits("/cham-100045.htm") == 3                 # retried RETRY_TIMES=2
    # the 20 MB page is cancelled, never retried for that (a 1 s timeout under load may retry it once first)
    assert not [k for k in stats if k.startswith("retry/reason_count/") and "Cancelled" in k]
    timeouts = sum(v for k, v in stats.items() if k.startswith("retry/reason_count/") and "Timeout" in k)
    assert 1 <= server.site.hits("/lon-100050.htm") <= 1 + timeouts - 2  # the slow page's own 2 retries


def test_retry_after_is_respected(fault_crawl):
    proc, db, server, _ = fault_crawl
    for path in ("/retry-after-100011.htm", "/qua-tai-100012.htm"):
        times = [t for t, _, p in server.site.requests if p == path]
        assert len(times) == 2 and times[1] - times[0] >= 0.95, (path, times)
    assert last_run(db)["stats"]["solieu/retry_after/waits"] == 2


def test_traps_offsite_and_non_articles_are_not_followed(fault_crawl):
    proc, db, server, _ = fault_crawl
    paths = [p for _, _, p in server.site.requests]
    hosts = {h for _, h, _ in server.site.requests}
    assert hosts == {server.url.removeprefix("http://")}
    assert len([p for p in paths if p.startswith("/chuyen-muc/thoi-su")]) <= 3   # max_pages
    assert len([p for p in paths if p.startswith("/lich/")]) <= 3
    assert not [p for p in paths if p.startswith(("/video/", "/tag/", "/tac-gia/"))]
    assert "DNSLookupError" not in json.dumps(last_run(db)["stats"])
    assert paths.count("/vong-a-100030.htm") <= 2 and paths.count("/vong-b-100031.htm") <= 2


def test_charsets_are_decoded(fault_crawl):
    proc, db, server, _ = fault_crawl
    rows = {r["url"].removeprefix(server.url): r for r in db.query("SELECT url, title, text FROM articles")}
    for path in ("/tieng-viet-cu-100025.htm", "/khong-ma-100026.htm"):
        assert rows[path]["title"] == server.site.good_articles[path]
        assert "Sở Kế hoạch và Đầu tư" in rows[path]["text"]


def test_canonical_variants_are_stored_once(fault_crawl):
    proc, db, server, _ = fault_crawl
    main = server.url + "/cau-chuyen-100100.htm"
    rows = list(db.query("SELECT id, url FROM articles WHERE title = ?", ["Một câu chuyện, nhiều đường dẫn"]))
    assert [r["url"] for r in rows] == [main]
    urls = {r[0] for r in db.execute("SELECT url FROM article_urls WHERE article_id = ?", [rows[0]["id"]])}
    assert urls == {main, server.url + "/amp/cau-chuyen-100100.htm", server.url + "/print/cau-chuyen-100100.htm"}
    assert not [p for _, _, p in server.site.requests if "utm_" in p]


def test_since_skips_old_sitemap_entries_and_old_articles(tmp_path):
    since = (datetime.now(timezone.utc) - timedelta(days=1)).isoformat()
    with serve(FaultSite(n_plain=2)) as server:
        proc = solieu(*crawl_args(tmp_path, server.url, tmp_path / "s.db"),
                      env={"SOLIEU_DOWNLOAD_TIMEOUT": "3", "SOLIEU_SINCE": since}, timeout=120)
        assert proc.returncode == 0, proc.stderr[-3000:]
        db = sqlite_utils.Database(tmp_path / "s.db")
        titles = {r[0] for r in db.execute("SELECT title FROM articles")}
        assert server.site.hits("/sitemap-cu-100091.htm") == 0       # lastmod 2020 in the sitemap
        assert server.site.hits("/tin-cu-100090.htm") == 1           # linked from home: fetched, then dropped
        assert "Tin cũ từ năm 2020 vẫn được lưu" not in titles
        assert "Tin tốt số 1: kinh tế Thủ đô tăng trưởng" in titles
        stats = last_run(db)["stats"]
        assert stats["solieu/dropped/too_old"] == 1
        assert stats["solieu/skipped_old"] >= 2


def _start(args: list[str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "solieu.cli", *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def _wait_for_articles(db_path: Path, proc: subprocess.Popen, n: int = 1, timeout: float = 120) -> int:
    end = time.monotonic() + timeout
    while time.monotonic() < end and proc.poll() is None:
        if db_path.exists():
            try:
                count = sqlite_utils.Database(db_path).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
            except Exception:  # schema not there yet
                count = 0
            if count >= n:
                return count
        time.sleep(0.05)
    raise AssertionError("no article landed in time")


@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL"])
def test_stopped_crawl_is_recorded_and_the_next_run_finishes_it(tmp_path, how):
    # Deterministic under load: the site serves 3 articles, then holds the rest until the signal is sent.
    site = FaultSite(slow=0.3, n_plain=20, gate_after=3)
    db_path = tmp_path / "stop.db"
    with serve(site) as server:
        args = crawl_args(tmp_path, server.url, db_path)
        proc = _start(args)
        _wait_for_articles(db_path, proc, timeout=120)
        # To the whole process group, as Ctrl-C and systemd do: the workers must not die mid-item.
        os.killpg(proc.pid, getattr(signal, how))
        site.gate.set()  # the held requests complete; the stopping crawl stores none of them
        out, err = proc.communicate(timeout=120)
        db = sqlite_utils.Database(db_path)
        first = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        assert 1 <= first <= 3 + 2  # served before the signal, plus at most the 2 held in flight
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # No half-written article: each one has its URL row and its observations.
        assert db.execute("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                          "(SELECT 1 FROM article_urls u WHERE u.article_id = a.id)").fetchone()[0] == 0
        assert db.execute("SELECT COUNT(*) FROM articles a WHERE NOT EXISTS "
                          "(SELECT 1 FROM observations o WHERE o.article_id = a.id)").fetchone()[0] == 0
        if how == "SIGTERM":
            assert proc.returncode == 3, err[-3000:]
            assert "Traceback" not in err, err[-5000:]
            run = last_run(db)
            assert run["status"] == "interrupted" and run["finished_at"]
            assert run["articles_new"] == first
        else:
            assert proc.returncode == -signal.SIGKILL
        again = solieu(*args, timeout=120)
        assert again.returncode == 0, again.stderr[-3000:]
    stored = [r[0] for r in db.execute("SELECT url FROM articles")]
    assert len(stored) == len(set(stored)) == 20
    statuses = [r[0] for r in db.execute("SELECT status FROM crawl_runs ORDER BY id")]
    assert statuses == ["interrupted" if how == "SIGTERM" else "crashed", "ok"]
    assert last_run(db)["articles_new"] == 20 - first
