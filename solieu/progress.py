"""Crawl progress people can read: one live row per source (rich), one summary line at the end."""
from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.table import Table

from crawler.extensions import run_counts


def source_counts(stats: dict[str, Any]) -> dict[str, int]:
    """What a person wants to know about one source's crawl so far, from its Scrapy stats."""
    counts = run_counts(stats)
    stored = sum(stats.get(k, 0) for k in ("solieu/skipped_known", "solieu/articles/unchanged",
                                           "solieu/articles/duplicate"))
    return {"pages": counts["pages"], "new": counts["articles_new"], "updated": counts["articles_updated"],
            "stored": stored, "observations": stats.get("solieu/observations", 0), "errors": counts["errors"]}


def summary_line(results: list, seconds: float) -> str:
    """'Crawl ok: 2 sources, 52 pages, 38 new, 0 updated, 0 already stored, 614 observations, 0 errors in 27 s.'"""
    total = {k: 0 for k in ("pages", "new", "updated", "stored", "observations", "errors")}
    for r in results:
        for k, v in source_counts(r.stats).items():
            total[k] += v
    statuses = sorted({r.status for r in results}) or ["nothing crawled"]
    return (f"Crawl {'/'.join(statuses)}: {len(results)} source{'s' if len(results) != 1 else ''}, "
            f"{total['pages']} pages, {total['new']} new, {total['updated']} updated, {total['stored']} already "
            f"stored, {total['observations']} observations, {total['errors']} errors in {seconds:.0f} s.")


class CrawlProgress:
    """A rich live table fed from the crawlers' stats every half second (on the Twisted reactor)."""

    COLUMNS = (("source", "source"), ("pages", "pages fetched"), ("new", "new"), ("updated", "updated"),
               ("stored", "already stored"), ("observations", "observations"), ("errors", "errors"))

    def __init__(self, console: Console | None = None):
        self.console = console or Console(stderr=True)
        self.crawlers: list = []
        self.live: Live | None = None
        self._loop = None
        self.started = time.monotonic()

    def table(self) -> Table:
        """The current state: one row per source."""
        table = Table(title="Crawling", title_justify="left", header_style="bold")
        for _, label in self.COLUMNS:
            table.add_column(label, justify="left" if label == "source" else "right")
        for src, crawler in self.crawlers:
            stats = crawler.stats.get_stats() if getattr(crawler, "stats", None) else {}
            c = source_counts(stats)
            table.add_row(src.name, *(f"{c[key]:,}".replace(",", ".") for key, _ in self.COLUMNS[1:]))
        return table

    def attach(self, crawlers: list) -> None:
        """Start showing these (source, crawler) pairs; called by run_crawl before the reactor starts."""
        from twisted.internet import task

        self.crawlers = crawlers
        self.live = Live(self.table(), console=self.console, refresh_per_second=4, transient=False)
        self.live.start()
        self._loop = task.LoopingCall(lambda: self.live and self.live.update(self.table()))
        self._loop.start(0.5, now=False)

    def stop(self) -> None:
        """Show the final state and stop the live display."""
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        if self.live is not None:
            self.live.update(self.table())
            self.live.stop()
            self.live = None
            if not self.console.is_terminal:
                self.console.line()
