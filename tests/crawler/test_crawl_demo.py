"""A real Scrapy crawl of the bundled demo site on 127.0.0.1, asserting what lands in SQLite."""
import re

import sqlite_utils

from crawler.demo.site import DemoSite
from tests.conftest import solieu

ARTICLE_PATH = re.compile(r"-\d{6}\.htm$")


def test_first_crawl_stores_every_article_once(demo_db, demo_server):
    path, proc = demo_db
    assert proc.returncode == 0, proc.stderr[-3000:]
    db = sqlite_utils.Database(path)
    expected = {a["title"] for a in DemoSite().articles}
    stored = list(db.query("SELECT * FROM articles"))
    assert len(stored) == len(expected) >= 30
    assert {a["title"] for a in stored} == expected
    assert db.execute("SELECT COUNT(DISTINCT url) FROM articles").fetchone()[0] == len(stored)
    for a in stored:
        assert a["url"].startswith(demo_server.url) and ARTICLE_PATH.search(a["url"]), a["url"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?\+07:00", a["published_at"] or ""), a
        assert a["author"] and a["sapo"] and len(a["text"]) > 200
        assert a["html_gz"] and a["content_hash"]
        assert not a["text"].startswith(a["sapo"][:40])


def test_comments_navigation_and_footer_stay_out_of_text(demo_db):
    db = sqlite_utils.Database(demo_db[0])
    for text in (r[0] for r in db.execute("SELECT text FROM articles")):
        assert "Đọc nhiều" not in text
        assert "Bình luận" not in text


def test_observations_are_extracted_and_linked(demo_db):
    db = sqlite_utils.Database(demo_db[0])
    n_obs = db["observations"].count
    assert n_obs >= 60
    kinds = {r[0] for r in db.execute("SELECT DISTINCT kind FROM observations")}
    assert {"percent", "ratio", "money", "count"} <= kinds
    # every figure comes from a stored article or a stored document (the demo's attachments)
    orphans = db.execute("SELECT COUNT(*) FROM observations o LEFT JOIN articles a ON a.id = o.article_id "
                         "LEFT JOIN documents d ON d.id = o.document_id "
                         "WHERE a.id IS NULL AND d.id IS NULL").fetchone()[0]
    assert orphans == 0
    for o in db.query("SELECT o.*, a.text AS body, a.sapo, a.published_at AS apub FROM observations o "
                      "JOIN articles a ON a.id = o.article_id"):
        full = "\n".join(p for p in (o["sapo"], o["body"]) if p)
        assert full[o["span_start"]:o["span_end"]] == o["text"]
        assert o["text"] in o["sentence"]
        assert o["published_at"] == o["apub"] and o["extractor_version"]


def test_run_is_recorded(demo_db):
    db = sqlite_utils.Database(demo_db[0])
    run = list(db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1"))[0]
    assert run["status"] == "ok" and run["finished_at"]
    assert run["articles_new"] == db["articles"].count
    assert run["pages"] > run["articles_new"]
    src = db["sources"].get("hanoionline")
    assert src["last_success"] and src["consecutive_failures"] == 0 and src["place"] == "Hà Nội"


def test_non_article_pages_are_not_stored(demo_db):
    db = sqlite_utils.Database(demo_db[0])
    urls = [r[0] for r in db.execute("SELECT url FROM article_urls")]
    assert not [u for u in urls if "/video/" in u or "/tag/" in u or "/admin/" in u or "/tac-gia/" in u]


def test_second_run_fetches_no_article_again(demo_db, demo_server):
    path, first = demo_db
    assert first.returncode == 0
    db = sqlite_utils.Database(path)
    before = (db["articles"].count, db["observations"].count)
    mark = len(demo_server.requests)
    proc = solieu("crawl", "hanoionline", "--base-url", demo_server.url, "--db", str(path), "--no-throttle",
                  "--log-level", "WARNING")
    assert proc.returncode == 0, proc.stderr[-3000:]
    again = [p for p in demo_server.requests[mark:] if ARTICLE_PATH.search(p.split("?")[0])]
    assert again == []
    assert (db["articles"].count, db["observations"].count) == before
    assert db["crawl_runs"].count == 2


def test_scrapy_crawl_from_repo_root_works(demo_server, tmp_path):
    import subprocess
    import sys

    from tests.conftest import REPO

    path = tmp_path / "scrapy.db"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "hanoionline", "-a", f"base_url={demo_server.url}",
         "-s", f"SOLIEU_DB={path}", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=WARNING",
         "-s", "SOLIEU_MAX_PAGES=1"],
        cwd=REPO, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    db = sqlite_utils.Database(path)
    assert db["articles"].count >= 20
    assert db["observations"].count > 0
    assert list(db.query("SELECT status FROM crawl_runs"))[0]["status"] == "ok"
