"""Run crawls in this process (the CLI's `crawl` and `demo`) and report how they ended."""
from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy.settings import Settings

from crawler.sources import Source
from crawler.extract.dates import VN_OFFSET as VN_TZ, aware_datetime  # noqa: F401 (re-exported)

EXIT_OK, EXIT_FATAL, EXIT_PARTIAL, EXIT_LOCKED = 0, 1, 3, 4


@dataclass
class SourceResult:
    """How one source's crawl ended."""

    source: str
    run_id: int | None
    status: str
    stats: dict[str, Any]


def parse_settings_args(pairs: list[str] | tuple[str, ...]) -> dict[str, str]:
    """`-s KEY=VALUE` options as a settings dict (like `scrapy crawl -s`)."""
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not re.fullmatch(r"[A-Z][A-Z0-9_]*", key.strip()):
            raise ValueError(f"bad setting {pair!r}: use NAME=VALUE with an upper-case Scrapy setting name")
        out[key.strip()] = value
    return out


def project_settings(**overrides: Any) -> Settings:
    """crawler.settings with overrides applied (None values are skipped)."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    for key, value in overrides.items():
        if value is not None:
            settings.set(key, value, priority="cmdline")
    return settings


def _apply_jobdir(crawler_settings: Settings, src: Source) -> None:
    """Give one source's crawler its own JOBDIR (disk queues, seen requests) under SOLIEU_JOBDIR."""
    from crawler.middlewares import settings_for_jobdir

    jobdir = crawler_settings.get("SOLIEU_JOBDIR")
    if jobdir:
        for key, value in settings_for_jobdir(str(Path(jobdir) / src.name)).items():
            crawler_settings.set(key, value, priority="cmdline")


def run_crawl(sources: list[Source], settings: Settings, base_url: str | None = None,
              on_start=None) -> list[SourceResult]:
    """Crawl the sources concurrently in one Twisted reactor; blocks until all are done.

    on_start, if given, is called with the (source, crawler) pairs before the reactor starts
    (the CLI's progress display)."""
    from crawler.spiders.news import NewsSpider
    from crawler.stopping import make_process, release_trap, stop_trap

    trap = stop_trap(EXIT_PARTIAL)  # Ctrl-C from here on (or earlier): one clean path (crawler.stopping)
    try:
        process = make_process(settings, trap)
        crawlers = []
        for src in sources:
            crawler = process.create_crawler(NewsSpider)
            _apply_jobdir(crawler.settings, src)
            crawlers.append((src, crawler))
            process.crawl(crawler, source=src.name, base_url=base_url)
        if on_start is not None:
            on_start(crawlers)
        process.start()
    finally:
        release_trap()
    results = []
    for src, crawler in crawlers:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        status = stats.get("solieu/run_status") or _record_interrupted(crawler, process.interrupted)
        jobdir = crawler.settings.get("JOBDIR")
        if jobdir and status == "ok":  # finished: the next run starts afresh; interrupted: it resumes
            shutil.rmtree(jobdir, ignore_errors=True)
        results.append(SourceResult(src.name, stats.get("solieu/run_id"), status, stats))
    return results


def _record_interrupted(crawler, interrupted: bool) -> str:
    """The status of a crawl that never closed its spider (forced stop): its run row says so too."""
    from crawler.extensions import run_counts
    from db import open_db
    from db.store import finish_run

    status = "interrupted" if interrupted else "failed"
    stats = crawler.stats.get_stats() if crawler.stats else {}
    if stats.get("solieu/run_id") is not None:
        db = open_db(crawler.settings.get("SOLIEU_DB"))
        try:
            finish_run(db, stats["solieu/run_id"], status, run_counts(stats), stats)
        finally:
            db.close()
    return status


def exit_code(results: list[SourceResult]) -> int:
    """0 when every source crawled ok, 3 when some failed or any was interrupted, 1 when all failed."""
    if results and all(r.status == "ok" for r in results):
        return EXIT_OK
    if any(r.status in ("ok", "interrupted") for r in results):
        return EXIT_PARTIAL
    return EXIT_FATAL
