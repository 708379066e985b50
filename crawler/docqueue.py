"""Documents on the Redis frontier: the worker reads them, the store process writes them (one writer).

A crawl worker (`solieu crawl --frontier`) runs the document's CPU work itself (crawler.documents,
in its worker pool), then RedisDocumentPipeline pushes the result with the original bytes (base64, up
to db.documents.MAX_KEPT_BYTES) to the item queue; `solieu store --from` saves it with
db.documents.save_document, in the same transaction as the rest of its batch. A document the
database already holds is not fetched again: the worker queues only the new link ("document_link").
A document delivered twice (two articles linking it in one crawl, a worker that died) is stored once.
"""
from __future__ import annotations

import base64
import logging
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from crawler.documents import VERSION as DOCUMENT_VERSION, process_document
from crawler.items import DocumentItem
from crawler.itemqueue import ItemQueue, site_of, worker_name
from crawler.workers import PoolStopping, pool_for
from db.documents import MAX_KEPT_BYTES, known_document, link_document, save_document
from db.store import utcnow

logger = logging.getLogger(__name__)


def document_message(item: dict[str, Any], result: dict[str, Any], site: dict[str, Any], worker: str,
                     keep_bytes: int = MAX_KEPT_BYTES) -> dict[str, Any]:
    """The queue message for a processed document (its bytes when they are small enough to be kept)."""
    body: bytes = item["body"]
    return {"kind": "document", "site": site, "source": item["source"], "url": item["url"],
            "request_url": item["request_url"], "linked_from": item["linked_from"], "worker": worker,
            "result": result, "size": len(body), "version": DOCUMENT_VERSION,
            "data": base64.b64encode(body).decode("ascii") if len(body) <= keep_bytes else None}


def link_message(url: str, linked_from: str | None, site: dict[str, Any], worker: str) -> dict[str, Any]:
    """The queue message for a new link to a document the database already holds."""
    return {"kind": "document_link", "site": site, "url": url, "linked_from": linked_from, "worker": worker}


def write_document(db, message: dict[str, Any]) -> str | None:
    """Store a document message (inside the caller's transaction): 'stored', 'duplicate', 'failed', or
    'linked' / None for a link message (None when the document is unknown)."""
    now = utcnow()
    if message["kind"] == "document_link":
        doc_id = known_document(db, message["url"])
        if doc_id is None:
            return None
        link_document(db, doc_id, message.get("linked_from"), now)
        return "linked"
    data = base64.b64decode(message["data"]) if message.get("data") else None
    status, _ = save_document(db, message["url"], message["result"], data=data, now=now,
                              source=message.get("source"), linked_from=message.get("linked_from"),
                              version=message.get("version"), also_urls=[message.get("request_url") or message["url"]],
                              size=message.get("size"))
    return status


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
        place = self.home_place or source.place
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

