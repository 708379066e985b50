"""One writer for many crawl workers: items go to a Redis list that `solieu store --from` drains into SQLite.

Documents take the same way (crawler/docqueue.py).

Workers run extraction and NLP themselves (ExtractPipeline, NlpPipeline: that is the CPU, so it scales
with the workers) and RedisItemPipeline pushes the finished record — article, observations, entities,
raw HTML (gzip-compressed by the extraction worker, base64 in the JSON) — as zlib-compressed JSON; at
the end of a run RedisRunRecorder pushes the run's stats. The store process only writes: a reliable
queue (BLMOVE to a processing list, LREM after the commit, the processing list put back on start),
batches of items in one transaction each. An item is removed
only once committed; one delivered twice (a store killed between commit and LREM, a page fetched
again after its worker died) is stored as "unchanged", never as a second article.
"""
from __future__ import annotations

import base64
import binascii
import json
import logging
import os
import socket
import time
import zlib
from datetime import datetime, timezone
from typing import Any, Callable

import redis
from scrapy import signals

import nlp
from crawler.extensions import STATUS, run_counts
from crawler.items import DocumentItem
from crawler.frontier import DEFAULT_PREFIX, connect
from db.store import finish_run, record_source_health, save_article, start_run, upsert_source

logger = logging.getLogger(__name__)


KINDS = ("article", "run", "document", "document_link")  # documents: crawler/docqueue.py


def encode(message: dict[str, Any]) -> bytes:
    """A queue entry: zlib-compressed JSON."""
    return zlib.compress(json.dumps(message, ensure_ascii=False, default=str).encode("utf-8"), 3)


def decode(entry: bytes) -> dict[str, Any]:
    """The message of a queue entry (ValueError when it is not one)."""
    try:
        message = json.loads(zlib.decompress(entry))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a solieu queue entry: {exc}") from exc
    if not isinstance(message, dict) or message.get("kind") not in KINDS:
        raise ValueError("not a solieu queue entry: no kind")
    return message


class ItemQueue:
    """The Redis lists between the crawl workers and the store process."""

    def __init__(self, server: redis.Redis, prefix: str = DEFAULT_PREFIX):
        self.server = server
        self.items, self.processing = f"{prefix}:items", f"{prefix}:items:processing"
        self.failed, self.lock = f"{prefix}:items:failed", f"{prefix}:store"
        self.crawlers = f"{prefix}:crawlers"
        self.prefix = prefix
        self.token = f"{socket.gethostname()}:{os.getpid()}"

    @classmethod
    def from_url(cls, url: str, prefix: str | None = None) -> "ItemQueue":
        """The queue on the Redis server at url (redis.RedisError when unreachable)."""
        return cls(connect(url), prefix or DEFAULT_PREFIX)

    def push(self, message: dict[str, Any]) -> None:
        """Add a message (a worker's side)."""
        self.server.lpush(self.items, encode(message))

    def acquire(self, ttl: int = 60) -> bool:
        """Become the one store process (False when another live one holds the lock)."""
        if self.server.set(self.lock, self.token, nx=True, ex=ttl):
            return True
        return self.server.get(self.lock) == self.token.encode()

    def refresh(self, ttl: int = 60) -> None:
        """Keep the store lock while draining."""
        self.server.set(self.lock, self.token, ex=ttl)

    def release(self) -> None:
        """Give the store lock up (only if it is still ours)."""
        if self.server.get(self.lock) == self.token.encode():
            self.server.delete(self.lock)

    def recover(self) -> int:
        """Put back the entries a dead store process had taken but not committed; returns how many."""
        moved = 0
        while self.server.lmove(self.processing, self.items, "LEFT", "RIGHT") is not None:
            moved += 1
        return moved

    def retry_failed(self) -> int:
        """Put the set-aside entries back in the queue (after a fix); returns how many."""
        moved = 0
        while self.server.lmove(self.failed, self.items, "RIGHT", "LEFT") is not None:
            moved += 1
        return moved

    def take(self, batch: int, timeout: float) -> list[bytes]:
        """Move up to batch entries, oldest first, to the processing list (waits up to timeout for the first)."""
        first = self.server.blmove(self.items, self.processing, timeout, "RIGHT", "LEFT")
        if first is None:
            return []
        pipe = self.server.pipeline(transaction=False)
        for _ in range(batch - 1):
            pipe.lmove(self.items, self.processing, "RIGHT", "LEFT")
        return [first] + [e for e in pipe.execute() if e is not None]

    def ack(self, entries: list[bytes]) -> None:
        """Forget committed entries."""
        pipe = self.server.pipeline(transaction=False)
        for entry in entries:
            pipe.lrem(self.processing, 1, entry)
        pipe.execute()

    def reject(self, entry: bytes) -> None:
        """Set aside an entry that cannot be stored (kept in PREFIX:items:failed, never dropped)."""
        self.server.pipeline().lpush(self.failed, entry).lrem(self.processing, 1, entry).execute()

    def pending(self) -> int:
        """Entries waiting or taken but not committed."""
        return self.server.llen(self.items) + self.server.llen(self.processing)

    def crawler_done(self, source: str, worker: str) -> None:
        """A worker's run record is queued: it no longer counts as a live crawler (a worker's side)."""
        self.server.pipeline().delete(f"{self.prefix}:{source}:worker:{worker}") \
            .srem(self.crawlers, f"{source}|{worker}").execute()

    def crawlers_alive(self) -> int:
        """Crawl workers whose heartbeat is still fresh."""
        members = [m.decode() for m in self.server.smembers(self.crawlers)]
        keys = [f"{self.prefix}:{m.partition('|')[0]}:worker:{m.partition('|')[2]}" for m in members]
        return sum(1 for k in keys if self.server.exists(k))


class Store:
    """Writes queue messages into SQLite: articles (counted per worker run) and crawl runs."""

    def __init__(self, db):
        self.db = db
        self.tally: dict[str, dict[str, int]] = {}
        self.counts: dict[str, int] = {}
        self.pending_links: dict[str, list[str | None]] = {}  # links to documents still being read
        self.sources: set[str] = set()

    def write(self, message: dict[str, Any]) -> None:
        """Store one message (inside the caller's transaction)."""
        src = message["site"]
        if src["name"] not in self.sources:
            upsert_source(self.db, src["name"], src["url"], src.get("place"))
            self.sources.add(src["name"])
        if message["kind"] in ("document", "document_link"):
            from crawler.docqueue import write_document

            status = write_document(self.db, message, self.pending_links)
            if status is not None:
                run = self.tally.setdefault(message.get("worker") or "", {})
                run[f"documents/{status}"] = run.get(f"documents/{status}", 0) + 1
                self.counts[f"documents {status}"] = self.counts.get(f"documents {status}", 0) + 1
            return
        if message["kind"] == "article":
            status, _ = save_article(self.db, message["source"], message["article"], message["observations"],
                                     html=message.get("html"), html_gz=_html_gz(message),
                                     fetched_url=message.get("request_url"),
                                     extractor_version=message.get("extractor_version") or nlp.EXTRACTOR_VERSION)
            run = self.tally.setdefault(message.get("worker") or "", {})
            run[status] = run.get(status, 0) + 1
            self.counts[status] = self.counts.get(status, 0) + 1
            return
        run = self.tally.pop(message.get("worker") or "", {})
        stats = {**message["stats"], **{f"solieu/{k}" if "/" in k else f"solieu/articles/{k}": v
                                        for k, v in run.items()}}
        counts = run_counts(stats)
        run_id = start_run(self.db, [src["name"]], pid=None)
        finish_run(self.db, run_id, message["status"], counts, stats)
        record_source_health(self.db, src["name"], ok=message["status"] == "ok", new_articles=counts["articles_new"])
        self.counts["runs"] = self.counts.get("runs", 0) + 1

    def _snapshot(self) -> tuple:
        return ({k: dict(v) for k, v in self.tally.items()}, dict(self.counts), set(self.sources),
                {k: list(v) for k, v in self.pending_links.items()})

    def _restore(self, saved: tuple) -> None:
        self.tally, self.counts, self.sources, self.pending_links = saved

    def write_batch(self, queue: ItemQueue, entries: list[bytes]) -> None:
        """Store a batch in one transaction, then ack it; a batch that fails is retried entry by entry."""
        saved = self._snapshot()
        try:
            with self.db.atomic():
                for entry in entries:
                    self.write(decode(entry))
        except Exception as exc:  # noqa: BLE001 - find the bad entry, keep the rest
            logger.warning("batch of %d failed (%s): storing one by one", len(entries), exc)
            self._restore(saved)  # the rollback undid those writes (and any source rows)
            for entry in entries:
                saved = self._snapshot()
                try:
                    with self.db.atomic():
                        self.write(decode(entry))
                except Exception as one:  # noqa: BLE001
                    self._restore(saved)
                    logger.error("entry set aside in %s: %s", queue.failed, one)
                    queue.reject(entry)
                    self.counts["failed"] = self.counts.get("failed", 0) + 1
                else:
                    queue.ack([entry])
            return
        queue.ack(entries)


def drain(queue: ItemQueue, db, *, batch: int = 200, follow: bool = False, poll: float = 1.0, wait: float = 60.0,
          stop: Callable[[], bool] = lambda: False, progress: Callable[[dict], None] | None = None) -> dict[str, int]:
    """Store queued items until the crawl is over (forever with follow): the queue is empty and no worker
    is alive, after at least one worker or item was seen (or `wait` seconds passed without any)."""
    store = Store(db)
    recovered = queue.recover()
    if recovered:
        logger.info("put back %d entries a previous store had taken", recovered)
    started, seen_work = time.monotonic(), bool(recovered)
    while not stop():
        queue.refresh()
        entries = queue.take(batch, poll)
        if entries:
            seen_work = True
            store.write_batch(queue, entries)
            if progress:
                progress(store.counts)
        elif queue.crawlers_alive():
            seen_work = True
        elif not follow and queue.pending() == 0 and (seen_work or time.monotonic() - started > wait):
            break
    return store.counts


def worker_name(crawler) -> str:
    """The name of one crawl run of a worker: the store tallies the run's items under it."""
    return f"{socket.gethostname()}:{os.getpid()}:{id(crawler):x}"


def site_of(source) -> dict[str, Any]:
    """What the store needs to know of a source (crawler.sources.Source)."""
    return {"name": source.name, "url": source.url, "place": source.place}


def _html_gz(message: dict[str, Any]) -> bytes | None:
    """The compressed HTML a worker sent (base64 in the JSON), so that the one store process need not
    compress every page itself; ValueError when it is not base64."""
    packed = message.get("html_gz")
    if packed is None:
        return None
    try:
        return base64.b64decode(packed, validate=True)
    except (binascii.Error, TypeError) as exc:
        raise ValueError(f"html_gz of {message.get('request_url')} is not base64: {exc}") from exc


class RedisItemPipeline:
    """Push the finished record to the Redis item queue, instead of writing SQLite (crawl workers)."""

    def __init__(self, queue: ItemQueue, stats, worker: str, keep_html: bool = True):
        self.queue, self.stats, self.worker, self.keep_html = queue, stats, worker, keep_html
        self.site: dict[str, Any] | None = None

    def open_spider(self, spider=None) -> None:
        self.site = site_of(self.crawler.spider.source)

    @classmethod
    def from_crawler(cls, crawler) -> "RedisItemPipeline":
        s = crawler.settings
        worker = worker_name(crawler)
        crawler.stats.set_value("solieu/frontier/run", worker)
        pipe = cls(ItemQueue.from_url(s.get("SOLIEU_FRONTIER"), s.get("SOLIEU_FRONTIER_PREFIX")), crawler.stats,
                   worker, keep_html=s.getbool("SOLIEU_KEEP_HTML", True))
        pipe.crawler = crawler
        return pipe

    def process_item(self, item, spider=None):
        if isinstance(item, DocumentItem):  # queued by crawler.pipelines.RedisDocumentPipeline
            return item
        packed = item.get("html_gz") if self.keep_html else None  # compressed by the extraction worker
        self.queue.push({
            "kind": "article", "source": item["source"], "article": item["article"],
            "observations": item["observations"], "request_url": item["request_url"],
            "html": item["html"] if self.keep_html and packed is None else None,
            "html_gz": base64.b64encode(packed).decode("ascii") if packed is not None else None,
            "worker": self.worker, "extractor_version": nlp.EXTRACTOR_VERSION, "site": self.site,
        })
        self.stats.inc_value("solieu/queued")
        return item


class RedisRunRecorder:
    """At the end of a worker's run, push its status and stats for the store process to record."""

    def __init__(self, crawler):
        self.crawler = crawler
        s = crawler.settings
        self.queue = ItemQueue.from_url(s.get("SOLIEU_FRONTIER"), s.get("SOLIEU_FRONTIER_PREFIX"))

    @classmethod
    def from_crawler(cls, crawler) -> "RedisRunRecorder":
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        status = STATUS.get(reason, "failed")
        if status == "ok" and not any(k.startswith("downloader/response_status_count/2") for k in stats):
            status = "ok" if stats.get("solieu/frontier/ended_crawl") else "failed"
        self.queue.push({"kind": "run", "status": status, "worker": stats.get("solieu/frontier/run"),
                         "site": site_of(spider.source),
                         "finished_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                         "stats": stats})
        self.crawler.stats.set_value("solieu/run_status", status)
        if worker_id := stats.get("solieu/frontier/worker"):
            self.queue.crawler_done(spider.source.name, worker_id)
