"""Extensions: the crawl_runs record and source health, for every crawl however it is started."""
from __future__ import annotations

import os

from scrapy import signals

from db import open_db
from db.store import close_stale_runs, finish_run, record_source_health, start_run, upsert_source

# Scrapy close reasons -> crawl_runs.status
STATUS = {"finished": "ok", "shutdown": "interrupted", "cancelled": "interrupted"}


def run_counts(stats: dict) -> dict[str, int]:
    """The crawl_runs counters derived from a spider's Scrapy stats."""
    errors = sum(v for k, v in stats.items() if k.startswith(("solieu/errors/", "solieu/item_errors/")))
    errors += sum(v for k, v in stats.items() if k.startswith("spider_exceptions/"))
    return {
        "pages": stats.get("downloader/response_count", 0),
        "articles_new": stats.get("solieu/articles/new", 0),
        "articles_updated": stats.get("solieu/articles/updated", 0),
        "articles_unchanged": stats.get("solieu/articles/unchanged", 0),
        "dropped": stats.get("item_dropped_count", 0),
        "errors": errors,
    }


class RunRecorder:
    """Write a crawl_runs row when a spider opens and complete it when the spider closes."""

    def __init__(self, db_path: str | None, stats):
        self.db_path = db_path
        self.stats = stats
        self.run_id: int | None = None

    @classmethod
    def from_crawler(cls, crawler) -> "RunRecorder":
        ext = cls(crawler.settings.get("SOLIEU_DB"), crawler.stats)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        return ext

    def item_error(self, item, response, spider, failure) -> None:
        """A pipeline raised (not DropItem): count it as an error of the run."""
        self.stats.inc_value(f"solieu/item_errors/{failure.type.__name__}")

    def spider_opened(self, spider) -> None:
        db = open_db(self.db_path)
        try:
            src = spider.source
            upsert_source(db, src.name, src.home_url or src.url, src.place)  # a mirror's URL is not the outlet's
            close_stale_runs(db, _alive)
            self.run_id = start_run(db, [src.name], pid=os.getpid())
        finally:
            db.close()
        self.stats.set_value("solieu/run_id", self.run_id)

    def spider_closed(self, spider, reason: str) -> None:
        if self.run_id is None:
            return
        stats = self.stats.get_stats()
        counts = run_counts(stats)
        responded = any(k.startswith("downloader/response_status_count/2") for k in stats)
        status = STATUS.get(reason, "failed")
        if status == "ok" and not responded:
            status = "failed"
        db = open_db(self.db_path)
        try:
            finish_run(db, self.run_id, status, counts, stats)
            record_source_health(db, spider.source.name, ok=status == "ok", new_articles=counts["articles_new"])
        finally:
            db.close()
        self.stats.set_value("solieu/run_status", status)


def _alive(pid: int) -> bool:
    """True when a process with this pid exists."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
