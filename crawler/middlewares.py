"""Downloader middlewares."""
from __future__ import annotations

from scrapy.exceptions import IgnoreRequest

from crawler.urls import canonical_url
from db import open_db
from db.store import known_url


class KnownArticleMiddleware:
    """Incremental crawling: never fetch an article URL that is already stored."""

    def __init__(self, db_path: str | None, enabled: bool, stats):
        self.db_path = db_path
        self.enabled = enabled
        self.stats = stats
        self.db = None

    @classmethod
    def from_crawler(cls, crawler) -> "KnownArticleMiddleware":
        return cls(crawler.settings.get("SOLIEU_DB"), crawler.settings.getbool("SOLIEU_SKIP_KNOWN", True),
                   crawler.stats)

    def process_request(self, request, spider=None):
        if not self.enabled or request.meta.get("solieu_kind") != "article":
            return None
        if self.db is None:
            self.db = open_db(self.db_path)
        if known_url(self.db, canonical_url(request.url)):
            self.stats.inc_value("solieu/skipped_known")
            raise IgnoreRequest(f"already stored: {request.url}")
        return None
