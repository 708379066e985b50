"""The news spider: discovers article URLs (feeds, sitemaps, section pages) and fetches them.

It never parses article bodies: every article response is handed to the pipelines as a PageItem.
Site quirks live in the sources file (crawler/sources.yaml), not here.
"""
from __future__ import annotations

import asyncio
import re
from datetime import datetime, timezone
from typing import Any, Iterator
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from crawler.extract.document import EXTENSIONS as DOCUMENT_EXTENSIONS, declared_kind
from crawler.items import DocumentItem, PageItem
from crawler.sitemaps import SitemapError, SitemapReader, SitemapTooLarge, is_gzip
from crawler.sources import Source, get_source
from crawler.extract.dates import aware_datetime
from crawler.extract.urls import canonical_url, is_fetchable, same_site

NEXT_PAGE_TEXT = re.compile(r"^\s*(trang sau|tiếp|xem thêm|sau|next|»|›|>>)\s*$", re.I)
PAGE_PARAM = re.compile(r"([?&](page|p|trang)=\d+|/(page|trang)[-/]\d+)", re.I)
XML_ROOT = re.compile(rb"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*<(?:[\w-]+:)?(urlset|sitemapindex|rss|feed)\b", re.S)
# A page can link a document only if it contains one of their extensions (declared_kind) somewhere.
DOCUMENT_HINT = re.compile(b"|".join(re.escape(ext.lstrip(".").encode()) for ext in DOCUMENT_EXTENSIONS), re.I)
ARTICLE_META = ('meta[property="og:type"][content="article"]', 'meta[property="article:published_time"]')


class NewsSpider(scrapy.Spider):
    """Crawl one source of the sources file: `scrapy crawl news -a source=NAME`."""

    name = "news"
    source_name: str | None = None
    custom_settings: dict[str, Any] = {}
    sitemap_max_bytes = 50 * 1024 * 1024  # SOLIEU_SITEMAP_MAX_BYTES, SOLIEU_SITEMAP_MAX_URLS and
    sitemap_budget = 5000                 # SOLIEU_SITEMAP_MAX_CHILDREN override these in configure()
    sitemap_children = 100

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
        self.allowed_domains = [urlsplit(src.url).hostname or "", *src.document_hosts]
        self.follow_documents = settings.getbool("SOLIEU_DOCUMENTS", True)
        self.document_maxsize = settings.getint("SOLIEU_DOCUMENT_MAXSIZE", 50 * 1024 * 1024)
        if self.since is None and settings.get("SOLIEU_SINCE"):
            self.since = _parse_since(settings.get("SOLIEU_SINCE"))
        self.sitemap_max_bytes = settings.getint("SOLIEU_SITEMAP_MAX_BYTES", 50 * 1024 * 1024)
        self.sitemap_budget = settings.getint("SOLIEU_SITEMAP_MAX_URLS", 5000)  # per source, all sitemaps
        self.sitemap_children = settings.getint("SOLIEU_SITEMAP_MAX_CHILDREN", 100)

    # -- discovery ---------------------------------------------------------------------------
    async def start(self):
        for request in self.discovery_requests():
            yield request

    def discovery_requests(self) -> Iterator[scrapy.Request]:
        """Homepage, feeds, sitemaps (or robots.txt to find them) and section pages."""
        src = self.source
        yield from self._listing(src.url, page=1, home=True)
        for feed in src.feeds:
            yield from self._fetch(src.absolute(feed), self.parse_feed)
        if src.sitemaps:
            for sm in src.sitemaps:
                yield from self._fetch(src.absolute(sm), self.parse_sitemap)
        else:
            yield from self._fetch(src.absolute("/robots.txt"), self.parse_robots)
        for section in src.sections:
            yield from self._listing(src.absolute(section), page=1)
        for listing in src.documents if self.follow_documents else ():
            yield from self._listing(src.absolute(listing), page=1)

    def _fetchable(self, url: str) -> bool:
        """Only http(s) URLs are ever requested, whatever path discovered them (counted otherwise)."""
        if is_fetchable(url):
            return True
        self.crawler.stats.inc_value("solieu/refused/scheme")
        return False

    def _listing(self, url: str, page: int, home: bool = False) -> Iterator[scrapy.Request]:
        if self._fetchable(url):
            yield scrapy.Request(url, callback=self.parse_listing, errback=self.on_error,
                                 cb_kwargs={"page": page, "home": home}, meta={"solieu_kind": "listing"})

    def _article(self, url: str) -> Iterator[scrapy.Request]:
        if self._fetchable(url):
            yield scrapy.Request(canonical_url(url), callback=self.parse_article, errback=self.on_error,
                                 priority=10, meta={"solieu_kind": "article"})

    def _fetch(self, url: str, callback) -> Iterator[scrapy.Request]:
        if self._fetchable(url):
            yield scrapy.Request(url, callback=callback, errback=self.on_error)

    def _candidate_links(self, response: TextResponse, urls: list[str]) -> Iterator[scrapy.Request]:
        for raw in urls:
            url = response.urljoin(raw.strip())
            if not self._fetchable(url) or not same_site(url, self.source.url):
                continue
            # No article pattern (None): fetch it and let the page itself tell (ExtractPipeline).
            if self.source.is_article_url(url) is not False:
                yield from self._article(url)

    def parse_listing(self, response: Response, page: int = 1, home: bool = False):
        """A homepage or section page: article links, pagination, feeds and sections."""
        if not isinstance(response, TextResponse):
            return
        yield from self._candidate_links(response, response.css("a::attr(href)").getall())
        yield from self._document_links(response)
        if home and not self.source.feeds:
            for href in response.css('link[rel="alternate"][type*="rss"]::attr(href), '
                                     'link[rel="alternate"][type*="atom"]::attr(href)').getall():
                url = response.urljoin(href)
                if same_site(url, self.source.url):
                    yield from self._fetch(url, self.parse_feed)
        if home and not self.source.sections:
            for href in response.css("nav a::attr(href), header a::attr(href), .menu a::attr(href)").getall():
                url = response.urljoin(href)
                if same_site(url, self.source.url) and not self.source.is_excluded(url) \
                        and not self.source.is_article_url(url):
                    yield from self._listing(url, page=1)
        if page < self.max_pages:
            for link in response.css("a"):
                href = link.attrib.get("href")
                if not href:
                    continue
                text = " ".join(link.css("::text").getall())
                if link.attrib.get("rel") == "next" or NEXT_PAGE_TEXT.match(text):
                    url = response.urljoin(href)
                    if same_site(url, self.source.url) and PAGE_PARAM.search(url):
                        yield from self._listing(url, page=page + 1)

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
                url = response.urljoin(line.split(":", 1)[1].strip())
                if self._fetchable(url) and same_site(url, self.source.url):
                    yield from self._fetch(url, self.parse_sitemap)

    async def parse_sitemap(self, response: Response):
        """A sitemap index (follow it) or a urlset (article candidates, newest allowed by --since).

        Parsed incrementally under SOLIEU_SITEMAP_MAX_BYTES (gzip bombs are refused), keeping only the
        newest entries the source's sitemap budget allows; yields to the reactor between chunks so
        that a stop signal is honoured at once."""
        stats = self.crawler.stats
        since = self.since.timestamp() if self.since else None
        old = [0]

        def keep(loc: str, when: float) -> bool:
            if not same_site(loc, self.source.url):
                if not is_fetchable(loc):
                    stats.inc_value("solieu/refused/scheme")
                return False
            if reader.kind == "urlset" and self.source.is_article_url(loc) is False:
                return False
            if since is not None and when != float("-inf") and when < since:
                old[0] += 1
                return False
            return True

        reader = SitemapReader(self.sitemap_max_bytes, max(self.sitemap_budget, self.sitemap_children), keep)
        try:
            for _ in reader.steps(response.body):
                if not self.crawler.crawling:
                    return
                await asyncio.sleep(0)
        except SitemapTooLarge:
            stats.inc_value("solieu/refused/sitemap_too_large")
            self.logger.warning("sitemap refused, larger than %s bytes decompressed: %s",
                                self.sitemap_max_bytes, response.url)
            # the entries read up to the cap stand
        except SitemapError:
            stats.inc_value("solieu/errors/bad_sitemap")
            return
        if not self.crawler.crawling:
            return
        if reader.kind == "sitemapindex":
            for loc, _ in reader.newest()[:self.sitemap_children]:
                for request in self._fetch(loc, self.parse_sitemap):
                    yield request
            return
        stats.inc_value("solieu/skipped_old", old[0])
        over = reader.over_limit
        for loc, _ in reader.newest():
            if self.source.is_article_url(loc) is False:
                continue
            if self.sitemap_budget <= 0:
                over += 1
                continue
            self.sitemap_budget -= 1
            for request in self._article(loc):
                yield request
        if over:  # the oldest entries beyond SOLIEU_SITEMAP_MAX_URLS are left for another day
            stats.inc_value("solieu/sitemap/over_budget", over)

    def _document_links(self, response: TextResponse) -> Iterator[scrapy.Request]:
        """Attachments (.pdf .docx .doc .xlsx) on the source's site or its document hosts."""
        if not self.follow_documents or not DOCUMENT_HINT.search(response.body):
            return  # no document extension anywhere in the page: no need to parse it in the reactor
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href.strip())
            if not url.startswith(("http://", "https://")) or not declared_kind(url):
                continue
            if same_site(url, self.source.url) or self.source.is_document_host(url):
                # dont_filter: a second article linking a stored document gets its link recorded
                # (KnownArticleMiddleware) instead of being dropped as a duplicate request.
                yield scrapy.Request(url, callback=self.parse_document, errback=self.on_error, priority=5,
                                     dont_filter=True,
                                     meta={"solieu_kind": "document", "solieu_linked_from": response.url,
                                           "download_maxsize": self.document_maxsize})

    # -- fetching ----------------------------------------------------------------------------
    def parse_document(self, response: Response):
        """Hand a document's bytes to DocumentPipeline, untouched."""
        redirects = response.request.meta.get("redirect_urls") or [response.url]
        yield DocumentItem(
            source=self.source.name, url=response.url, request_url=redirects[0], body=response.body,
            linked_from=response.request.meta.get("solieu_linked_from"),
            fetched_at=datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
        )

    async def parse_article(self, response: Response):
        """Hand an article response to the pipelines, untouched (a sitemap or feed linked as a page is read as one)."""
        kind = XML_ROOT.match(response.body[:1024])
        if kind or is_gzip(response.body):
            if kind and kind.group(3) in (b"rss", b"feed"):
                for request in self.parse_feed(response):
                    yield request
            else:
                async for request in self.parse_sitemap(response):
                    yield request
            return
        if not isinstance(response, TextResponse):
            self.crawler.stats.inc_value("solieu/dropped/not_text")
            return
        for request in self._document_links(response):  # attachments (.pdf, .docx…) it links
            yield request
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
