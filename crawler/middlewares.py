"""Downloader middlewares and the duplicate filter."""
from __future__ import annotations

import asyncio
import email.utils
import sqlite3
import time
from pathlib import Path
from typing import Any

from scrapy.core.downloader import Downloader
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.dupefilters import RFPDupeFilter
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import _schedule_coro
from scrapy.utils.job import job_dir
from twisted.python.failure import Failure

from crawler.extract.urls import canonical_url, is_fetchable
from db import open_db
from db.documents import known_document, link_document
from db.store import known_url, utcnow


class HttpOnlyMiddleware:
    """Refuse any request that is not http(s) (file://, s3://, ftp://, data:), redirects included."""

    def __init__(self, stats):
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler) -> "HttpOnlyMiddleware":
        return cls(crawler.stats)

    def process_request(self, request, spider=None):
        """IgnoreRequest (counted) for a non-http(s) URL."""
        if not is_fetchable(request.url):
            self.stats.inc_value("solieu/refused/scheme")
            raise IgnoreRequest(f"not an http(s) URL: {request.url[:200]}")
        return None


class KnownArticleMiddleware:
    """Incremental crawling: never fetch an article URL that is already stored."""

    def __init__(self, db_path: str | None, enabled: bool, stats, frontier: str | None = None):
        self.db_path = db_path
        self.enabled = enabled
        self.stats = stats
        self.db = None
        self.frontier = frontier  # on the Redis frontier the database is only read: links go to the store
        self.crawler = None
        self._queue = None

    @classmethod
    def from_crawler(cls, crawler) -> "KnownArticleMiddleware":
        mw = cls(crawler.settings.get("SOLIEU_DB"), crawler.settings.getbool("SOLIEU_SKIP_KNOWN", True),
                 crawler.stats, frontier=crawler.settings.get("SOLIEU_FRONTIER"))
        mw.crawler = crawler
        return mw

    def _frontier_queue(self):
        from crawler.itemqueue import ItemQueue

        if self._queue is None:
            self._queue = ItemQueue.from_url(self.frontier, self.crawler.settings.get("SOLIEU_FRONTIER_PREFIX"))
        return self._queue

    def _claim(self, request) -> None:
        """On the frontier, one fetch of a document per crawl: the first request claims its URL in the
        source's seen set; a later one (another article linking it, on any worker) queues its link only."""
        from crawler.docqueue import link_message
        from crawler.itemqueue import site_of, worker_name

        fingerprint = self.crawler.request_fingerprinter.fingerprint(request)
        # the frontier's scheduler (crawler.frontier.FrontierScheduler) writes the claim into the request's
        # lease too, so a requeued lease stays claimed; its retries keep request.meta's claim
        if self.crawler.engine._slot.scheduler.claim(request, fingerprint, "solieu_claimed"):
            return
        self._frontier_queue().push(link_message(request.url, request.meta.get("solieu_linked_from"),
                                                 site_of(self.crawler.spider.source), worker_name(self.crawler)))
        self.stats.inc_value("solieu/documents/linked_again")
        raise IgnoreRequest(f"document already fetched in this crawl: {request.url}")

    def _link(self, doc_id: int, request) -> None:
        """Record that one more page links a stored document (queued for the store on the frontier)."""
        linked_from = request.meta.get("solieu_linked_from")
        if not self.frontier:
            with self.db.atomic():
                link_document(self.db, doc_id, linked_from, utcnow())
            return
        from crawler.docqueue import link_message
        from crawler.itemqueue import site_of, worker_name

        self._frontier_queue().push(link_message(request.url, linked_from, site_of(self.crawler.spider.source),
                                      worker_name(self.crawler)))

    def process_request(self, request, spider=None):
        kind = request.meta.get("solieu_kind")
        if kind == "document" and self.frontier and not request.meta.get("solieu_claimed"):
            self._claim(request)
        if not self.enabled or kind not in ("article", "document"):
            return None
        if self.db is None:
            self.db = open_db(self.db_path)
        if kind == "document":  # stored (or failed) before: record the new link, don't fetch it again
            doc_id = known_document(self.db, request.url)
            if doc_id is None:
                return None
            self._link(doc_id, request)
            self.stats.inc_value("solieu/documents/skipped_known")
            raise IgnoreRequest(f"document already stored: {request.url}")
        if known_url(self.db, canonical_url(request.url)):
            self.stats.inc_value("solieu/skipped_known")
            raise IgnoreRequest(f"already stored: {request.url}")
        return None


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None when absent or bad."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's RetryMiddleware that waits for Retry-After (capped by SOLIEU_RETRY_AFTER_MAX) on 429/503."""

    STATUSES = (429, 503)

    def __init__(self, settings):
        super().__init__(settings)
        self.max_wait = settings.getfloat("SOLIEU_RETRY_AFTER_MAX", 120.0)

    async def process_response(self, request, response, spider=None):
        """Retry like RetryMiddleware, after sleeping for the server's Retry-After when it sent one."""
        if (response.status not in self.STATUSES or request.meta.get("dont_retry")
                or response.status not in self.retry_http_codes):
            return super().process_response(request, response)
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        retry = self._retry(request, f"{response.status} Retry-After {wait}")
        if retry is None:
            return response
        if wait:
            wait = min(wait, self.max_wait)
            self.crawler.stats.inc_value("solieu/retry_after/waits")
            self.crawler.stats.inc_value("solieu/retry_after/seconds", wait)
            if not await self._sleep(wait):
                return response  # the crawl is stopping: don't hold the shutdown for a retry
        return retry

    async def _sleep(self, seconds: float) -> bool:
        """Sleep in short steps; False when the crawl stopped meanwhile."""
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if not self.crawler.crawling:
                return False
            await asyncio.sleep(min(left, 0.25))  # the asyncio reactor runs this coroutine
        return self.crawler.crawling


class BoundedDupeFilter(RFPDupeFilter):
    """Request fingerprints with bounded memory: on disk (SQLite) in JOBDIR, else two capped generations in RAM.

    Without a JOBDIR at most SOLIEU_DUPEFILTER_MAX fingerprints are kept; the oldest half is forgotten
    when the newest generation fills (stored articles are still skipped by KnownArticleMiddleware)."""

    def __init__(self, path: str | None = None, debug: bool = False, *, fingerprinter=None,
                 max_size: int = 400_000):
        super().__init__(None, debug, fingerprinter=fingerprinter)
        self.max_generation = max(1, max_size // 2)
        self._old: set[bytes] = set()
        self.db: sqlite3.Connection | None = None
        self._pending = 0
        if path:
            self.db = sqlite3.connect(Path(path, "seen.sqlite"), isolation_level=None)
            self.db.execute("PRAGMA journal_mode = WAL")
            self.db.execute("PRAGMA synchronous = NORMAL")
            self.db.execute("CREATE TABLE IF NOT EXISTS seen (fp BLOB PRIMARY KEY) WITHOUT ROWID")
            self.db.execute("BEGIN")

    @classmethod
    def from_crawler(cls, crawler) -> "BoundedDupeFilter":
        return cls(job_dir(crawler.settings), crawler.settings.getbool("DUPEFILTER_DEBUG"),
                   fingerprinter=crawler.request_fingerprinter,
                   max_size=crawler.settings.getint("SOLIEU_DUPEFILTER_MAX", 400_000))

    def request_seen(self, request) -> bool:
        """True when the request was seen before; remembers it otherwise."""
        fp = self._fingerprint(request)
        if self.db is not None:
            inserted = self.db.execute("INSERT OR IGNORE INTO seen (fp) VALUES (?)", (fp,)).rowcount
            self._pending += 1
            if self._pending >= 500:
                self.db.execute("COMMIT")
                self.db.execute("BEGIN")
                self._pending = 0
            return inserted == 0
        if fp in self._fingerprints or fp in self._old:
            return True
        if len(self._fingerprints) >= self.max_generation:
            self._old, self._fingerprints = self._fingerprints, set()
        self._fingerprints.add(fp)
        return False

    def close(self, reason: str) -> None:
        """Commit and close the disk store."""
        if self.db is not None:
            self.db.execute("COMMIT")
            self.db.close()
            self.db = None


def settings_for_jobdir(jobdir: str | None) -> dict[str, Any]:
    """Scrapy settings for a crawl that keeps its queue and seen requests on disk in jobdir."""
    if not jobdir:
        return {}
    Path(jobdir).mkdir(parents=True, exist_ok=True)
    return {"JOBDIR": str(jobdir), "SCHEDULER_DISK_QUEUE": "scrapy.squeues.PickleFifoDiskQueue",
            "SCHEDULER_MEMORY_QUEUE": "scrapy.squeues.FifoMemoryQueue"}


class PoliteDownloader(Downloader):
    """Scrapy's Downloader with CONCURRENT_REQUESTS_PER_DOMAIN enforced when DOWNLOAD_DELAY is 0.

    Scrapy 2.19 starts each download as an asyncio task, so `slot.transferring` only grows after its
    queue loop has already handed every queued request out: with no delay a site got up to
    CONCURRENT_REQUESTS at once. Reserving the transfer slot before scheduling fixes that.
    On a graceful stop the requests still queued in a slot are dropped instead of downloaded."""

    def _process_queue(self, slot) -> None:
        if not self.crawler.crawling:  # stopping (SIGTERM/SIGINT): finish transfers, drop the queued rest
            while slot.queue:
                request, queue_dfd = slot.queue.popleft()
                self.crawler.stats.inc_value("solieu/shutdown/unfetched")
                queue_dfd.errback(Failure(IgnoreRequest(f"crawl stopping: {request.url}")))
            return None
        if slot.latercall or slot.download_delay():
            return super()._process_queue(slot)
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = time.monotonic()
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # _download adds it again (a set) and removes it when done
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
