"""Documents on the Redis frontier: a `crawl --frontier` worker reads the linked documents, `store --from`
writes them (one writer); a document already stored is not fetched again, only its new link is queued."""
from __future__ import annotations

import base64
import json
import os
import pickle
import re
import signal
import subprocess
import sys
from urllib.parse import urlsplit

import sqlite_utils

from crawler.demo import documents as demo
from crawler.docqueue import document_message, link_message
from crawler.documents import process_document
from crawler.itemqueue import ItemQueue, drain
from db import open_db
from tests.conftest import REPO
from crawler.demo.site import DemoServer
from tests.crawler.conftest import wait_for
from tests.crawler.test_frontier import KEYS, TIMEOUT, GatedSite, _env, _finish, _log_text, start_store, workers

SITE = {"name": "vanban", "url": "http://127.0.0.1:9/", "place": "Hà Nội"}


def _worker(server, redis_url: str, db, log, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "solieu.cli", "crawl", *extra, "--base-url", server.url, "--frontier", redis_url,
         "--db", str(db), "--no-throttle", "--log-level", "INFO", "-s", "SOLIEU_WORKERS=1"],
        cwd=REPO, env=_env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def _whole(log) -> str:
    log.flush()
    log.seek(0)
    return log.read()


def test_documents_found_by_a_frontier_worker_are_stored_by_the_store(demo_server, redis_url, tmp_path):
    db_path = tmp_path / "frontier.db"
    logs = [open(tmp_path / f"{name}.log", "w+") for name in ("w", "store")]
    demo_server.clear_requests()
    worker = _worker(demo_server, redis_url, db_path, logs[0], "hanoionline")
    store = start_store(redis_url, db_path, logs[1])
    for proc, log in zip((worker, store), logs):
        assert _finish(proc, log) == 0, _log_text(log)
    assert "documents stored 4" in _log_text(logs[1])
    assert "Traceback" not in _whole(logs[0]) and "ERROR" not in _whole(logs[0]), _whole(logs[0])[:3000]
    db = sqlite_utils.Database(db_path)
    docs = {r["url"].rsplit("/", 1)[-1]: r for r in db.query("SELECT * FROM documents")}
    assert set(docs) == set(demo.DOCUMENTS) and all(d["status"] == "ok" for d in docs.values())
    report = docs["bao-cao-ket-qua-kinh-te-xa-hoi-2025.pdf"]
    assert report["raw_gz"] and report["bytes"] == len(demo.report_pdf()) and report["page_count"] == 3
    for name, page, text in demo.KNOWN_FIGURES:
        if name == "quyet-dinh-muc-ho-tro-2026-ban-chup.pdf" and docs[name]["text_layer"] != "ocr":
            continue  # no tesseract here
        assert db.execute("SELECT COUNT(*) FROM observations WHERE document_id = ? AND page IS ? AND text = ?",
                          [docs[name]["id"], page, text]).fetchone()[0] == 1, (name, page, text)
    links = db.execute("SELECT COUNT(*) FROM document_links WHERE document_id = ?", [report["id"]]).fetchone()[0]
    assert links == 2  # two articles attach the report
    assert [p for p in demo_server.requests if p.startswith("/van-ban/")].count(
        "/van-ban/bao-cao-ket-qua-kinh-te-xa-hoi-2025.pdf") == 1  # fetched once: the second article queued its link
    assert db.execute("SELECT COUNT(*) FROM document_pages WHERE document_id = ?", [report["id"]]).fetchone()[0] == 3
    stats = json.loads(db.execute("SELECT stats FROM crawl_runs").fetchone()[0])
    assert stats["solieu/documents/stored"] == 4 and stats["solieu/documents/queued"] == 4

    # A document listing page that links the four: nothing fetched again, the new links recorded by the store.
    sources = tmp_path / "sources.yaml"
    sources.write_text("- name: vanban\n  url: https://example.org/\n  article_pattern: '^$'\n"
                       "  sitemaps: [/none.xml]\n  documents: [/van-ban]\n  max_pages: 1\n", encoding="utf-8")
    demo_server.clear_requests()
    logs = [open(tmp_path / f"{name}.log", "w+") for name in ("w2", "store2")]
    worker = _worker(demo_server, redis_url, db_path, logs[0], "vanban", "--sources", str(sources))
    store = start_store(redis_url, db_path, logs[1])
    for proc, log in zip((worker, store), logs):
        assert _finish(proc, log) == 0, _log_text(log)
    assert "Traceback" not in _whole(logs[0]) and "ERROR" not in _whole(logs[0]), _whole(logs[0])[:3000]
    assert "/van-ban" in demo_server.requests
    assert not [p for p in demo_server.requests if p.startswith("/van-ban/")]
    assert db["documents"].count == 4
    listing = {r[0] for r in db.execute("SELECT document_id FROM document_links WHERE article_url LIKE '%/van-ban'")}
    assert listing == {d["id"] for d in docs.values()}


def test_the_store_writes_a_queued_document_once_and_its_links(redis_url, tmp_path):
    queue = ItemQueue.from_url(redis_url, "t")
    db = open_db(tmp_path / "q.db")
    data = demo.plan_docx()
    # another worker met the document first and is still reading it: this link arrives before it
    queue.push(link_message("http://127.0.0.1:9/van-ban/ke-hoach.docx", "http://127.0.0.1:9/early.htm", SITE, "w2"))
    item = {"source": "vanban", "url": "http://127.0.0.1:9/van-ban/ke-hoach.docx",
            "request_url": "http://127.0.0.1:9/van-ban/ke-hoach.docx", "linked_from": "http://127.0.0.1:9/a.htm",
            "body": data}
    message = document_message(item, process_document(data, item["url"], "Hà Nội"), SITE, "w1")
    assert base64.b64decode(message["data"]) == data
    queue.push(message)
    queue.push({**message, "linked_from": "http://127.0.0.1:9/b.htm"})  # fetched again in the same crawl
    queue.push(link_message(item["url"], "http://127.0.0.1:9/van-ban", SITE, "w1"))
    queue.push(link_message("http://127.0.0.1:9/unknown.pdf", "http://127.0.0.1:9/c.htm", SITE, "w1"))
    big = document_message({**item, "url": "http://127.0.0.1:9/to.pdf", "request_url": "http://127.0.0.1:9/to.pdf"},
                           {"status": "failed", "code": "corrupt", "reason": "damaged"}, SITE, "w1", keep_bytes=10)
    assert big["data"] is None and big["size"] == len(data)
    queue.push(big)
    counts = drain(queue, db, batch=10, wait=0)
    assert counts == {"documents stored": 1, "documents duplicate": 1, "documents linked": 1, "documents failed": 1}
    assert queue.pending() == 0
    (doc_id, size, kept), = db.execute("SELECT id, bytes, raw_gz IS NOT NULL FROM documents WHERE status = 'ok'")
    assert size == len(data) and kept
    assert db.execute("SELECT bytes FROM documents WHERE status = 'failed'").fetchone()[0] == len(data)
    assert {r[0] for r in db.execute("SELECT article_url FROM document_links WHERE document_id = ?", [doc_id])} == {
        "http://127.0.0.1:9/a.htm", "http://127.0.0.1:9/b.htm", "http://127.0.0.1:9/van-ban",
        "http://127.0.0.1:9/early.htm"}
    assert db.execute("SELECT COUNT(*) FROM observations WHERE document_id = ?", [doc_id]).fetchone()[0] >= 5


DOCUMENT_PATH = re.compile(r"^/van-ban/.")


def _document_leases(client, worker: str) -> list[dict]:
    """The document requests leased to a worker (decoded: url, meta)."""
    fields = (pickle.loads(f) for f in client.hkeys(KEYS.leases + worker))
    return [r for r in fields if DOCUMENT_PATH.search(urlsplit(r["url"]).path)]


def test_a_document_claimed_by_a_killed_worker_is_read_by_the_next(redis_url, tmp_path):
    """The first worker to meet a document claims it for the crawl; if it dies before reading it, the
    request put back in the queue is still the claimed one, so another worker reads it (not: "already
    fetched in this crawl", and the document missing until the next crawl)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    server = DemoServer()
    server.site = GatedSite(server.site, DOCUMENT_PATH)  # document responses held: the victim dies holding one
    server.start()
    try:
        db_path = tmp_path / "docs-kill.db"
        logs = [open(tmp_path / f"{name}.log", "w+") for name in ("victim", "survivor", "store")]
        ttl = ("-s", "SOLIEU_FRONTIER_TTL=5")
        victim = _worker(server, redis_url, db_path, logs[0], "hanoionline", *ttl)
        victim_id = wait_for(lambda: workers(client), TIMEOUT, "the first worker to join")[0]
        # claimed: its request reached the downloader (leased ones still queued there are not claimed yet)
        wait_for(lambda: [r for r in _document_leases(client, victim_id) if r["meta"].get("solieu_claimed")],
                 TIMEOUT, "the first worker to claim a document")
        os.killpg(victim.pid, signal.SIGKILL)
        victim.wait(timeout=30)
        held = [r for r in _document_leases(client, victim_id) if r["meta"].get("solieu_claimed")]  # frozen now
        assert held and server.site.held >= 1  # the lease carries the claim of a document being fetched
        server.site.gate.set()
        survivor = _worker(server, redis_url, db_path, logs[1], "hanoionline", *ttl)
        store = start_store(redis_url, db_path, logs[2])
        for proc, log in zip((survivor, store), logs[1:]):
            assert _finish(proc, log) == 0, _log_text(log)
    finally:
        server.site.gate.set()
        server.stop()
    db = sqlite_utils.Database(db_path)
    stored = {r[0].rsplit("/", 1)[-1] for r in db.execute("SELECT url FROM documents WHERE status = 'ok'")}
    assert stored == set(demo.DOCUMENTS), _log_text(logs[1])
    assert db["documents"].count == len(demo.DOCUMENTS)  # each once
