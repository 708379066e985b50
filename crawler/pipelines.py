"""Item pipelines: thin adapters from a fetched page to stored observations.

ExtractPipeline (HTML -> article fields, crawler.extract.article) -> NlpPipeline (text -> figures and named
entities, nlp) -> StorePipeline (db). Documents: DocumentPipeline (db), or RedisDocumentPipeline on
the Redis frontier. Rejects raise DropItem(reason) and bump a `solieu/dropped/<reason>` counter.
"""
from __future__ import annotations

from concurrent.futures.process import BrokenProcessPool

from scrapy.exceptions import DropItem

import nlp
from crawler.docqueue import document_message
from crawler.documents import VERSION as DOCUMENT_VERSION, process_document
from crawler.items import DocumentItem
from crawler.itemqueue import ItemQueue, site_of, worker_name
from crawler.jobs import analyze_article, extract_page, process_page
from crawler.extract.dates import aware_datetime
from crawler.watchlist import load_watchlist
from crawler.workers import PoolStopping, pool_for
from db import open_db
from db.documents import save_document
from db.store import save_article, utcnow


# Drops that are part of a normal crawl log at INFO; the others (worker deaths…) at WARNING.
ROUTINE_DROPS = {"not_article", "no_article_text", "too_old", "shutdown", "too_deep", "listing_page"}


def _drop(stats, reason: str, message: str) -> DropItem:
    stats.inc_value(f"solieu/dropped/{reason}")
    exc = DropItem(message, log_level="INFO" if reason in ROUTINE_DROPS else "WARNING")
    exc.solieu_reason = reason  # read by crawler.logformat: one line per drop
    return exc


def home_place(crawler, configured: str | None) -> str | None:
    """Where the crawled outlet is based: SOLIEU_PLACE if set, else the running source's own place."""
    source = getattr(getattr(crawler, "spider", None), "source", None)
    return configured or (source.place if source else None)


class ExtractPipeline:
    """Turn a page's HTML into an article record (title, sapo, text, author, dates, canonical URL).

    With NlpPipeline enabled, the same worker job also finds the article's figures and entities
    (crawler.jobs.process_page): one round trip from the reactor to a worker per page."""

    def __init__(self, pool, stats, since: str | None = None, watchlist: list | None = None,
                 home_place: str | None = None, analyze: bool = False, keep_html: bool = False):
        self.pool = pool
        self.keep_html = keep_html
        self.stats = stats
        self.since_iso = since
        self.since = aware_datetime(since)
        self.watchlist = watchlist or []
        self.home_place = home_place
        self.analyze = analyze
        self.crawler = None

    @classmethod
    def from_crawler(cls, crawler) -> "ExtractPipeline":
        analyze = any(path.endswith(".NlpPipeline") and order is not None
                      for path, order in crawler.settings.getdict("ITEM_PIPELINES").items())
        pipe = cls(pool_for(crawler), crawler.stats, since=crawler.settings.get("SOLIEU_SINCE"),
                   watchlist=load_watchlist(crawler.settings.get("SOLIEU_WATCHLIST")) if analyze else None,
                   home_place=crawler.settings.get("SOLIEU_PLACE"), analyze=analyze,
                   keep_html=crawler.settings.getbool("SOLIEU_KEEP_HTML", True))
        pipe.crawler = crawler
        return pipe

    async def process_item(self, item, spider=None):
        if isinstance(item, DocumentItem):
            return item
        try:
            if self.analyze:
                data = await self.pool.run(process_page, item["html"], item["url"],
                                           home_place(self.crawler, self.home_place),
                                           self.watchlist, self.since_iso, self.keep_html)
            else:
                data = await self.pool.run(extract_page, item["html"], item["url"])
        except PoolStopping:
            raise _drop(self.stats, "shutdown", f"crawl stopping, not extracted: {item['url']}")
        except BrokenProcessPool:
            raise _drop(self.stats, "worker_died", f"extraction worker died on {item['url']}")
        if isinstance(data, str):  # "reason: message" (crawler.jobs.extract_page)
            reason, _, message = data.partition(": ")
            raise _drop(self.stats, reason, f"{message}: {item['url']}")
        if not data.get("published_at"):
            self.stats.inc_value("solieu/undated")
        elif self.since and (aware_datetime(data["published_at"]) or self.since) < self.since:
            raise _drop(self.stats, "too_old", f"published {data['published_at']} before --since: {item['url']}")
        if "observations" in data:  # analysed in the same job (process_page)
            item["observations"] = data.pop("observations")
        if "html_gz" in data:  # compressed there too, off the crawl process's core
            item["html_gz"] = data.pop("html_gz")
        item["article"] = data
        return item


class NlpPipeline:
    """Figures (keyed by indicator) and the people, organizations and places an article names.

    Usually computed by ExtractPipeline's worker job already (process_page); otherwise one worker
    job per article here: entities first, so the figure extractor reuses the POS tags that
    underthesea's ner() computed for a sentence instead of tagging it again."""

    def __init__(self, pool, stats, watchlist, home_place: str | None = None):
        self.pool = pool
        self.stats = stats
        self.watchlist = watchlist
        self.home_place = home_place

    @classmethod
    def from_crawler(cls, crawler) -> "NlpPipeline":
        pipe = cls(pool_for(crawler), crawler.stats, load_watchlist(crawler.settings.get("SOLIEU_WATCHLIST")),
                   home_place=crawler.settings.get("SOLIEU_PLACE"))
        pipe.crawler = crawler
        return pipe

    async def process_item(self, item, spider=None):
        if isinstance(item, DocumentItem):
            return item
        article = item["article"]
        if item.get("observations") is None or article.get("entities") is None:
            place = home_place(self.crawler, self.home_place)
            try:
                item["observations"], article["entities"], article["analysis"] = await self.pool.run(
                    analyze_article, article, place, self.watchlist)
            except PoolStopping:
                raise _drop(self.stats, "shutdown", f"crawl stopping, figures not extracted: {item['url']}")
            except BrokenProcessPool:
                raise _drop(self.stats, "worker_died", f"nlp worker died on {item['url']}")
        self.stats.inc_value("solieu/observations", len(item["observations"]))
        self.stats.inc_value("solieu/entities", len(article["entities"]))
        return item


class StorePipeline:
    """Write the article and its observations in one transaction; count new/updated/unchanged."""

    def __init__(self, stats, db_path: str | None = None, keep_html: bool = True):
        self.stats = stats
        self.db_path = db_path
        self.keep_html = keep_html
        self.db = None

    @classmethod
    def from_crawler(cls, crawler) -> "StorePipeline":
        return cls(crawler.stats, db_path=crawler.settings.get("SOLIEU_DB"),
                   keep_html=crawler.settings.getbool("SOLIEU_KEEP_HTML", True))

    def open_spider(self, spider=None) -> None:
        self.db = open_db(self.db_path)

    def close_spider(self, spider=None) -> None:
        if self.db is not None:
            self.db.close()

    def process_item(self, item, spider=None):
        if isinstance(item, DocumentItem):
            return item
        status, article_id = save_article(
            self.db, item["source"], item["article"], item["observations"],
            html=item["html"] if self.keep_html and "html_gz" not in item else None,
            html_gz=item.get("html_gz") if self.keep_html else None, fetched_url=item["request_url"],
            extractor_version=nlp.EXTRACTOR_VERSION,
        )
        self.stats.inc_value(f"solieu/articles/{status}")
        item["store_status"] = status
        return item


class DocumentPipeline:
    """A linked document: text, tables and figures in a worker (crawler.documents), then one transaction.

    Counts solieu/documents/{stored,duplicate,failed}; a failed document is stored with its reason."""

    def __init__(self, pool, stats, db_path: str | None = None, home_place: str | None = None):
        self.pool = pool
        self.stats = stats
        self.db_path = db_path
        self.home_place = home_place
        self.db = None

    @classmethod
    def from_crawler(cls, crawler) -> "DocumentPipeline":
        pipe = cls(pool_for(crawler), crawler.stats, db_path=crawler.settings.get("SOLIEU_DB"),
                   home_place=crawler.settings.get("SOLIEU_PLACE"))
        pipe.crawler = crawler
        return pipe

    def close_spider(self, spider=None) -> None:
        if self.db is not None:
            self.db.close()

    async def process_item(self, item, spider=None):
        if not isinstance(item, DocumentItem):
            return item
        place = home_place(self.crawler, self.home_place)
        try:
            result = await self.pool.run(process_document, item["body"], item["url"], place)
        except BrokenProcessPool:
            result = {"status": "failed", "code": "worker_died", "reason": "the extraction worker died"}
        if self.db is None:
            self.db = open_db(self.db_path)
        status, _ = save_document(self.db, item["url"], result, data=item["body"], now=utcnow(),
                                  source=item["source"], linked_from=item["linked_from"],
                                  version=DOCUMENT_VERSION, also_urls=[item["request_url"]])
        self.stats.inc_value(f"solieu/documents/{status}")
        if status == "stored":
            self.stats.inc_value("solieu/document_observations", len(result["observations"]))
        item["store_status"] = status
        item["body"] = b""  # the bytes are stored; don't keep them in the item
        return item


class RedisDocumentPipeline:
    """DocumentPipeline's counterpart on the frontier: process the document here, queue it for the store."""

    def __init__(self, pool, queue: ItemQueue, stats, worker: str, home_place: str | None = None):
        self.pool, self.queue, self.stats, self.worker, self.home_place = pool, queue, stats, worker, home_place
        self.crawler = None

    @classmethod
    def from_crawler(cls, crawler) -> "RedisDocumentPipeline":
        s = crawler.settings
        pipe = cls(pool_for(crawler), ItemQueue.from_url(s.get("SOLIEU_FRONTIER"), s.get("SOLIEU_FRONTIER_PREFIX")),
                   crawler.stats, worker_name(crawler), home_place=s.get("SOLIEU_PLACE"))
        pipe.crawler = crawler
        return pipe

    async def process_item(self, item, spider=None):
        if not isinstance(item, DocumentItem):
            return item
        source = self.crawler.spider.source
        place = home_place(self.crawler, self.home_place)
        try:
            result = await self.pool.run(process_document, item["body"], item["url"], place)
        except PoolStopping:
            self.stats.inc_value("solieu/dropped/shutdown")
            item["body"] = b""
            return item  # not queued: the next crawl fetches it again
        except BrokenProcessPool:
            result = {"status": "failed", "code": "worker_died", "reason": "the extraction worker died"}
        self.queue.push(document_message(dict(item), result, site_of(source), self.worker))
        self.stats.inc_value("solieu/documents/queued")
        if result["status"] == "ok":
            self.stats.inc_value("solieu/document_observations", len(result["observations"]))
        item["store_status"] = "queued"
        item["body"] = b""  # the bytes are queued; don't keep them in the item
        return item

