"""Run crawls in this process (the CLI's `crawl` and `demo`) and report how they ended."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from crawler.sources import Source
from crawler.spiders.news import NewsSpider

EXIT_OK, EXIT_FATAL, EXIT_PARTIAL, EXIT_LOCKED = 0, 1, 3, 4


@dataclass
class SourceResult:
    """How one source's crawl ended."""

    source: str
    run_id: int | None
    status: str
    stats: dict[str, Any]


def project_settings(**overrides: Any) -> Settings:
    """crawler.settings with overrides applied (None values are skipped)."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for key, value in overrides.items():
        if value is not None:
            settings.set(key, value, priority="cmdline")
    return settings


def run_crawl(sources: list[Source], settings: Settings, base_url: str | None = None) -> list[SourceResult]:
    """Crawl the sources concurrently in one Twisted reactor; blocks until all are done."""
    process = CrawlerProcess(settings, install_root_handler=True)
    crawlers = []
    for src in sources:
        crawler = process.create_crawler(NewsSpider)
        crawlers.append((src, crawler))
        process.crawl(crawler, source=src.name, base_url=base_url)
    process.start()
    results = []
    for src, crawler in crawlers:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        results.append(SourceResult(src.name, stats.get("solieu/run_id"), stats.get("solieu/run_status", "failed"),
                                    stats))
    return results


def exit_code(results: list[SourceResult]) -> int:
    """0 when every source crawled ok, 3 when some failed or were interrupted, 1 when all failed."""
    if results and all(r.status == "ok" for r in results):
        return EXIT_OK
    if any(r.status == "ok" for r in results):
        return EXIT_PARTIAL
    return EXIT_FATAL
