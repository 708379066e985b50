"""`solieu check SOURCE`: fetch one page of each discovery path of a source and report what it finds."""
from __future__ import annotations

import re
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from crawler import settings as project
from crawler.sitemaps import SitemapReader, SitemapTooLarge, gunzip_capped, is_gzip
from crawler.sources import Source
from crawler.extract.urls import is_fetchable, same_site

MAX_BYTES = 10 * 1024 * 1024
MAX_INFLATED = project.SOLIEU_SITEMAP_MAX_BYTES  # gzip bodies never inflate past this


def fetch(url: str, timeout: float = 10) -> tuple[int, bytes]:
    """GET url with solieu's User-Agent: (status, body); HTTP errors return their status, others raise."""
    if not is_fetchable(url):
        raise ValueError(f"not an http(s) URL: {url[:200]}")
    req = urllib.request.Request(url, headers={"User-Agent": project.USER_AGENT, "Accept-Encoding": "gzip"})
    try:
        with urllib.request.build_opener(_HttpOnlyRedirects).open(req, timeout=timeout) as resp:
            body = resp.read(MAX_BYTES + 1)
            if resp.headers.get("Content-Encoding") == "gzip":
                body = gunzip_capped(body, MAX_INFLATED)
            return resp.status, body
    except urllib.error.HTTPError as exc:
        return exc.code, b""


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) URLs only (urllib would follow one to ftp://)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not is_fetchable(urljoin(req.full_url, newurl)):
            raise urllib.error.HTTPError(req.full_url, code, "redirect to a non-http(s) URL refused", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _links(body: bytes, base: str) -> list[str]:
    tree = lxml.html.document_fromstring(body or b"<html></html>")
    return [urljoin(base, h.strip()) for h in tree.xpath("//a/@href")]


def _article_links(src: Source, urls: list[str]) -> list[str]:
    """Same-site links the source would fetch as articles (all non-excluded ones when it has no pattern)."""
    return sorted({u for u in urls if same_site(u, src.url) and src.is_article_url(u) is not False})


def _xml(body: bytes) -> lxml.etree._Element:
    if is_gzip(body):
        body = gunzip_capped(body, MAX_INFLATED)
    return lxml.etree.fromstring(body.strip(), parser=lxml.etree.XMLParser(recover=True, resolve_entities=False))


def _local(tree: lxml.etree._Element, name: str) -> list[lxml.etree._Element]:
    return [el for el in tree.iter() if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] == name]


def _row(path: str, url: str, **kw: Any) -> dict[str, Any]:
    return {"path": path, "url": url, "status": kw.pop("status", None), "found": kw.pop("found", ""),
            "articles": kw.pop("articles", 0), "error": kw.pop("error", None), **kw}


def _check(path: str, url: str, timeout: float, parse) -> tuple[dict[str, Any], Any]:
    """Fetch url and parse it; any failure becomes the row's error."""
    try:
        status, body = fetch(url, timeout)
    except Exception as exc:  # URLError, timeout, connection reset: a row, not a crash
        reason = getattr(exc, "reason", exc)
        return _row(path, url, error=f"{type(exc).__name__}: {reason}"), None
    if status != 200:
        return _row(path, url, status=status, error=f"HTTP {status}"), None
    if len(body) > MAX_BYTES:
        return _row(path, url, status=status, error="larger than 10 MB"), None
    try:
        row, extra = parse(body)
    except SitemapTooLarge as exc:
        return _row(path, url, status=status, error=f"refused: {exc}"), None
    except Exception as exc:
        return _row(path, url, status=status, error=f"unparsable: {type(exc).__name__}: {exc}"), None
    return _row(path, url, status=status, **row), extra


def check_source(source: Source, timeout: float = 10) -> list[dict[str, Any]]:
    """One row per discovery path (home, feeds, robots.txt, sitemaps, first section): status and findings."""
    rows: list[dict[str, Any]] = []

    def page(body: bytes):
        arts = _article_links(source, _links(body, source.url))
        return {"found": f"{len(arts)} article links", "articles": len(arts), "sample": arts[:3]}, body

    home, home_body = _check("home", source.url, timeout, page)
    rows.append(home)
    feeds = [source.absolute(f) for f in source.feeds]
    if not feeds and home_body:
        tree = lxml.html.document_fromstring(home_body)
        feeds = [urljoin(source.url, h) for h in tree.xpath(
            '//link[@rel="alternate"][contains(@type,"rss") or contains(@type,"atom")]/@href')]
    for feed in feeds:
        def parse_feed(body: bytes):
            tree = _xml(body)
            links = [el.text or "" for el in _local(tree, "link") if el.text] + \
                [el.get("href") for el in _local(tree, "link") if el.get("href")]
            items = len(_local(tree, "item")) + len(_local(tree, "entry"))
            arts = _article_links(source, [urljoin(feed, u.strip()) for u in links])
            return {"found": f"{items} feed items, {len(arts)} article links", "articles": len(arts)}, None
        rows.append(_check("feed", feed, timeout, parse_feed)[0])
    sitemaps = [source.absolute(s) for s in source.sitemaps]
    if not sitemaps:
        def parse_robots(body: bytes):
            found = [m.strip() for m in re.findall(r"(?im)^\s*sitemap\s*:\s*(\S+)", body.decode("utf-8", "replace"))]
            return {"found": f"{len(found)} Sitemap lines"}, found
        robots, found = _check("robots.txt", source.absolute("/robots.txt"), timeout, parse_robots)
        rows.append(robots)
        sitemaps = [u for u in found or [] if same_site(u, source.url)]
    for sitemap in sitemaps:
        def parse_sitemap(body: bytes):
            articles = [0]

            def keep(loc: str, when: float) -> bool:
                if reader.kind == "urlset" and same_site(loc, source.url) and source.is_article_url(loc) is not False:
                    articles[0] += 1
                return True
            reader = SitemapReader(MAX_INFLATED, 3, keep)  # streamed: a 1M-URL sitemap costs 3 entries
            for _ in reader.steps(body):
                pass
            locs = [loc for loc, _ in reader.newest()]
            if reader.kind == "sitemapindex":
                return {"found": f"sitemap index of {reader.seen} sitemaps", "sample": locs}, None
            return {"found": f"{reader.seen} sitemap entries, {articles[0]} article links",
                    "articles": articles[0]}, None
        rows.append(_check("sitemap", sitemap, timeout, parse_sitemap)[0])
    sections = [source.absolute(s) for s in source.sections]
    if not sections and home_body:  # as the spider does: nav/header/menu links that are not articles
        tree = lxml.html.document_fromstring(home_body)
        sections = [u for h in tree.xpath('//nav//a/@href | //header//a/@href | //*[contains(@class,"menu")]//a/@href')
                    if same_site(u := urljoin(source.url, h.strip()), source.url)
                    and not source.is_excluded(u) and not source.is_article_url(u) and u.rstrip("/") != source.url.rstrip("/")]
    if sections:
        rows.append(_check("section", sections[0], timeout, page)[0])
    return rows
