"""Documents on the Redis frontier: the worker reads them, the store process writes them (one writer).

A crawl worker (`solieu crawl --frontier`) runs the document's CPU work itself (crawler.documents,
in its worker pool), then crawler.pipelines.RedisDocumentPipeline pushes the result with the original
bytes (base64, up to db.documents.MAX_KEPT_BYTES) to the item queue; `solieu store --from` saves it with
db.documents.save_document, in the same transaction as the rest of its batch. A document the
database already holds is not fetched again: the worker queues only the new link ("document_link").
Within one crawl, the first worker to meet a document URL claims it in the source's Redis "seen"
set (crawler.middlewares.KnownArticleMiddleware); the others queue only their link, which the store
records once the document is in. The claim is written into the request's lease in the same step
(FrontierScheduler.claim), so a claimed document put back in the queue by a dead or stopped worker is
read by the next worker. A document delivered twice (a worker that died) is stored once.
"""
from __future__ import annotations

import base64
from typing import Any

from crawler.documents import VERSION as DOCUMENT_VERSION
from db.documents import MAX_KEPT_BYTES, known_document, link_document, save_document
from db.store import utcnow


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


def write_document(db, message: dict[str, Any], pending: dict[str, list[str | None]] | None = None) -> str | None:
    """Store a document message (inside the caller's transaction): 'stored', 'duplicate', 'failed', or
    'linked' for a link message. A link to a document not stored yet (its worker is still reading it)
    waits in `pending` (URL -> linking pages) and is recorded with the document; None then."""
    now = utcnow()
    if message["kind"] == "document_link":
        doc_id = known_document(db, message["url"])
        if doc_id is None:
            if pending is not None:
                pending.setdefault(message["url"], []).append(message.get("linked_from"))
            return None
        link_document(db, doc_id, message.get("linked_from"), now)
        return "linked"
    data = base64.b64decode(message["data"]) if message.get("data") else None
    urls = {message["url"], message.get("request_url") or message["url"]}
    status, doc_id = save_document(db, message["url"], message["result"], data=data, now=now,
                                   source=message.get("source"), linked_from=message.get("linked_from"),
                                   version=message.get("version"), also_urls=urls, size=message.get("size"))
    for url in urls:
        for page in (pending or {}).pop(url, []):
            link_document(db, doc_id, page, now)
    return status
