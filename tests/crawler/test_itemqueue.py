"""The item queue between crawl workers and `solieu store`: entries leave Redis only once committed."""
from __future__ import annotations

import pytest

from crawler.demo.site import DemoSite
from crawler.itemqueue import ItemQueue, decode, drain, encode
from crawler.jobs import extract_page
from db import open_db

SITE = {"name": "hanoionline", "url": "http://127.0.0.1:9/", "place": "Hà Nội"}


def article_message(i: int) -> dict:
    """A queue message for demo article i, as a worker pushes it (no NLP: not what is tested here)."""
    site = DemoSite("http://127.0.0.1:9")
    a = site.articles[i]
    html = site.respond(a["path"]).body.decode("utf-8")
    record = extract_page(html, site.url(a["path"]))
    assert isinstance(record, dict), record
    record["entities"] = []
    return {"kind": "article", "site": SITE, "source": "hanoionline", "article": record, "observations": [],
            "request_url": site.url(a["path"]), "html": html, "worker": "w1", "extractor_version": "test"}


@pytest.fixture
def queue(redis_url):
    return ItemQueue.from_url(redis_url, "t")


@pytest.mark.parametrize("entry", [b"", b"not zlib", encode({"kind": "mystery"}), encode({"no": "kind"})])
def test_decode_rejects_what_is_not_an_entry(entry):
    with pytest.raises(ValueError, match="not a solieu queue entry"):
        decode(entry)


def test_encode_round_trips_vietnamese_text():
    message = {"kind": "article", "article": {"title": "Tỷ lệ hộ nghèo còn 0,03%"}}
    assert decode(encode(message)) == message


def test_taken_but_uncommitted_entries_are_put_back_in_order(queue):
    for i in range(3):
        queue.push({"kind": "run", "n": i})
    taken = queue.take(2, timeout=1)
    assert [decode(e)["n"] for e in taken] == [0, 1]  # oldest first
    assert queue.server.llen(queue.processing) == 2 and queue.pending() == 3
    # The store dies here: nothing acked. The next one puts them back, still oldest first.
    again = ItemQueue(queue.server, "t")
    assert again.recover() == 2
    assert [decode(e)["n"] for e in again.take(10, timeout=1)] == [0, 1, 2]
    again.ack(again.server.lrange(again.processing, 0, -1))
    assert again.pending() == 0


def test_drain_stores_batches_sets_bad_entries_aside_and_stores_a_repeat_once(queue, tmp_path):
    db = open_db(tmp_path / "q.db")
    first, second = article_message(0), article_message(1)
    queue.push(first)
    queue.push(second)
    queue.server.lpush(queue.items, b"garbage")
    queue.push(first)  # delivered twice (a worker died after pushing, its page was fetched again)
    queue.push({"kind": "run", "site": SITE, "status": "ok", "worker": "w1",
                "stats": {"downloader/response_count": 5, "downloader/response_status_count/200": 5}})
    counts = drain(queue, db, batch=10, wait=0)
    assert counts == {"new": 2, "unchanged": 1, "failed": 1, "runs": 1}
    assert db["articles"].count == 2
    assert queue.pending() == 0 and queue.server.lrange(queue.failed, 0, -1) == [b"garbage"]
    run = list(db.query("SELECT status, pages, articles_new, articles_unchanged FROM crawl_runs"))
    assert run == [{"status": "ok", "pages": 5, "articles_new": 2, "articles_unchanged": 1}]
    assert db["sources"].get("hanoionline")["last_success"]


def test_html_a_worker_compressed_is_stored_as_sent_and_bad_base64_set_aside(queue, tmp_path):
    import base64

    from db.store import article_html, compress_html

    db = open_db(tmp_path / "q.db")
    good, bad = article_message(0), article_message(1)
    page = good.pop("html")
    good["html_gz"] = base64.b64encode(compress_html(page)).decode("ascii")
    bad.pop("html")
    bad["html_gz"] = "not base64!"
    queue.push(good)
    queue.push(bad)
    counts = drain(queue, db, batch=10, wait=0)
    assert counts == {"new": 1, "failed": 1}
    (aid,) = [r[0] for r in db.execute("SELECT id FROM articles")]
    assert article_html(db, aid) == page
    assert len(queue.server.lrange(queue.failed, 0, -1)) == 1


def test_only_one_store_drains_a_queue(queue):
    assert queue.acquire()
    other = ItemQueue(queue.server, "t")
    other.token = "elsewhere:1"
    assert not other.acquire()
    queue.release()
    assert other.acquire()
