"""The news spider: discovers article URLs (feeds, sitemaps, section pages) and fetches them.

It never parses article bodies: every article response is handed to the pipelines as a PageItem.
Site quirks live in the sources file (crawler/sources.yaml), not here.
"""
from __future__ import annotations

import gzip
import re
from datetime import datetime, timezone
from typing import Any, Iterator
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap

from crawler.items import PageItem
from crawler.sources import Source, get_source
from crawler.extract.dates import aware_datetime
from crawler.extract.urls import canonical_url, same_site

NEXT_PAGE_TEXT = re.compile(r"^\s*(trang sau|tiếp|xem thêm|sau|next|»|›|>>)\s*$", re.I)
PAGE_PARAM = re.compile(r"([?&](page|p|trang)=\d+|/(page|trang)[-/]\d+)", re.I)
ARTICLE_META = ('meta[property="og:type"][content="article"]', 'meta[property="article:published_time"]')


class NewsSpider(scrapy.Spider):
    """Crawl one source of the sources file: `scrapy crawl news -a source=NAME`."""

    name = "news"
    source_name: str | None = None
    custom_settings: dict[str, Any] = {}

    def __init__(self, source: str | None = None, base_url: str | None = None,
                 max_pages: str | int | None = None, since: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        self._source_arg = source or self.source_name
        self._base_url = base_url
        self._max_pages = max_pages
        self.since = _parse_since(since)
        self.source: Source | None = None

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> "NewsSpider":
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.configure(crawler.settings)
        return spider

    def configure(self, settings) -> None:
        """Resolve the source from the sources file and the settings."""
        if not self._source_arg:
            raise ValueError("the news spider needs a source: scrapy crawl news -a source=NAME")
        src = get_source(self._source_arg, settings.get("SOLIEU_SOURCES"))
        base = self._base_url or settings.get("SOLIEU_BASE_URL")
        if base:
            src = src.with_base(base)
        self.source = src
        self.max_pages = int(self._max_pages or settings.get("SOLIEU_MAX_PAGES") or src.max_pages)
        self.allowed_domains = [urlsplit(src.url).hostname or ""]
        if self.since is None and settings.get("SOLIEU_SINCE"):
            self.since = _parse_since(settings.get("SOLIEU_SINCE"))

    # -- discovery ---------------------------------------------------------------------------
    async def start(self):
        for request in self.discovery_requests():
            yield request

    def discovery_requests(self) -> Iterator[scrapy.Request]:
        """Homepage, feeds, sitemaps (or robots.txt to find them) and section pages."""
        src = self.source
        yield self._listing(src.url, page=1, home=True)
        for feed in src.feeds:
            yield scrapy.Request(src.absolute(feed), callback=self.parse_feed, errback=self.on_error)
        if src.sitemaps:
            for sm in src.sitemaps:
                yield scrapy.Request(src.absolute(sm), callback=self.parse_sitemap, errback=self.on_error)
        else:
            yield scrapy.Request(src.absolute("/robots.txt"), callback=self.parse_robots, errback=self.on_error)
        for section in src.sections:
            yield self._listing(src.absolute(section), page=1)

    def _listing(self, url: str, page: int, home: bool = False) -> scrapy.Request:
        return scrapy.Request(url, callback=self.parse_listing, errback=self.on_error,
                              cb_kwargs={"page": page, "home": home}, meta={"solieu_kind": "listing"})

    def _article(self, url: str) -> scrapy.Request:
        return scrapy.Request(canonical_url(url), callback=self.parse_article, errback=self.on_error,
                              priority=10, meta={"solieu_kind": "article"})

    def _candidate_links(self, response: TextResponse, urls: list[str]) -> Iterator[scrapy.Request]:
        for raw in urls:
            url = response.urljoin(raw.strip())
            if not url.startswith(("http://", "https://")) or not same_site(url, self.source.url):
                continue
            # No article pattern (None): fetch it and let the page itself tell (ExtractPipeline).
            if self.source.is_article_url(url) is not False:
                yield self._article(url)

    def parse_listing(self, response: Response, page: int = 1, home: bool = False):
        """A homepage or section page: article links, pagination, feeds and sections."""
        if not isinstance(response, TextResponse):
            return
        yield from self._candidate_links(response, response.css("a::attr(href)").getall())
        if home and not self.source.feeds:
            for href in response.css('link[rel="alternate"][type*="rss"]::attr(href), '
                                     'link[rel="alternate"][type*="atom"]::attr(href)').getall():
                yield scrapy.Request(response.urljoin(href), callback=self.parse_feed, errback=self.on_error)
        if home and not self.source.sections:
            for href in response.css("nav a::attr(href), header a::attr(href), .menu a::attr(href)").getall():
                url = response.urljoin(href)
                if same_site(url, self.source.url) and not self.source.is_excluded(url) \
                        and not self.source.is_article_url(url):
                    yield self._listing(url, page=1)
        if page < self.max_pages:
            for link in response.css("a"):
                href = link.attrib.get("href")
                if not href:
                    continue
                text = " ".join(link.css("::text").getall())
                if link.attrib.get("rel") == "next" or NEXT_PAGE_TEXT.match(text):
                    url = response.urljoin(href)
                    if same_site(url, self.source.url) and PAGE_PARAM.search(url):
                        yield self._listing(url, page=page + 1)

    def parse_feed(self, response: Response):
        """An RSS or Atom feed: every item link is an article candidate."""
        if not isinstance(response, TextResponse):
            return
        response.selector.remove_namespaces()
        links = response.xpath("//item/link/text() | //entry/link/@href").getall()
        yield from self._candidate_links(response, links)

    def parse_robots(self, response: Response):
        """robots.txt: follow its Sitemap: lines."""
        if not isinstance(response, TextResponse):
            return
        for line in response.text.splitlines():
            if line.lower().startswith("sitemap:"):
                url = line.split(":", 1)[1].strip()
                if same_site(url, self.source.url):
                    yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error)

    def parse_sitemap(self, response: Response):
        """A sitemap index (follow it) or a urlset (article candidates, newest allowed by --since)."""
        body = response.body
        if body[:2] == b"\x1f\x8b":
            try:
                body = gzip.decompress(body)
            except OSError:
                self.crawler.stats.inc_value("solieu/errors/bad_sitemap")
                return
        try:
            sitemap = Sitemap(body)
        except Exception:  # lxml raises several types on garbage
            self.crawler.stats.inc_value("solieu/errors/bad_sitemap")
            return
        if sitemap.type == "sitemapindex":
            for entry in sitemap:
                if same_site(entry["loc"], self.source.url) and not self._too_old(entry.get("lastmod")):
                    yield scrapy.Request(entry["loc"], callback=self.parse_sitemap, errback=self.on_error)
        elif sitemap.type == "urlset":
            for entry in sitemap:
                if self._too_old(entry.get("lastmod")):
                    self.crawler.stats.inc_value("solieu/skipped_old")
                    continue
                if same_site(entry["loc"], self.source.url) and self.source.is_article_url(entry["loc"]) is not False:
                    yield self._article(entry["loc"])

    def _too_old(self, lastmod: str | None) -> bool:
        """True when a sitemap lastmod is before --since (unparsable or missing: not too old)."""
        if not self.since or not lastmod:
            return False
        when = aware_datetime(lastmod)
        return when is not None and when < self.since

    # -- fetching ----------------------------------------------------------------------------
    def parse_article(self, response: Response):
        """Hand an article response to the pipelines, untouched."""
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("solieu/dropped/not_text")
            return
        redirects = response.request.meta.get("redirect_urls") or [response.url]
        yield PageItem(
            source=self.source.name, url=response.url, request_url=redirects[0],
            status=response.status, html=response.text,
            fetched_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        )

    def on_error(self, failure) -> None:
        """Count a failed request by its cause (HTTP errors by status); the crawl goes on."""
        if failure.check(HttpError):  # (a subclass of IgnoreRequest)
            self.crawler.stats.inc_value(f"solieu/errors/http_{failure.value.response.status}")
            return
        if failure.check(IgnoreRequest):  # skipped on purpose (known article, robots.txt): not an error
            return
        self.crawler.stats.inc_value(f"solieu/errors/{failure.type.__name__}")
        self.logger.warning("request failed: %s (%s)", failure.request.url if hasattr(failure, "request")
                            else "?", failure.getErrorMessage())


def _parse_since(value: str | datetime | None) -> datetime | None:
    """The since argument/setting as an aware datetime (ValueError when given but unparsable)."""
    if value in (None, ""):
        return None
    when = aware_datetime(value)
    if when is None:
        raise ValueError(f"bad since {value!r}: expected an ISO date or datetime")
    return when
