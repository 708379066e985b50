"""Unit tests of the crawl machinery: --since parsing, Retry-After, the dupe filter, exit codes, check."""
from __future__ import annotations

import asyncio
import email.utils
import time
from datetime import datetime, timedelta, timezone

import pytest
from scrapy import Request
from scrapy.http import XmlResponse

from crawler.check import check_source
from crawler.middlewares import BoundedDupeFilter, retry_after_seconds
from crawler.runner import (EXIT_FATAL, EXIT_OK, EXIT_PARTIAL, SourceResult, aware_datetime, exit_code,
                            parse_settings_args)
from crawler.sources import Source
from solieu.timespec import parse_since
from tests.crawler.faultsite import ARTICLE_PATTERN, FaultSite, serve

NOW = datetime(2024, 6, 10, 12, 0, tzinfo=timezone.utc)
VN = timezone(timedelta(hours=7))


@pytest.mark.parametrize("value, expected", [
    ("2d", NOW - timedelta(days=2)),
    ("12h", NOW - timedelta(hours=12)),
    (" 30m ", NOW - timedelta(minutes=30)),
    ("3mo", NOW - timedelta(days=90)),
    ("1y", NOW - timedelta(days=365)),
    ("1w", NOW - timedelta(weeks=1)),
    ("2024-05-01", datetime(2024, 5, 1, tzinfo=VN)),
    ("2024-05-01T08:00:00+00:00", datetime(2024, 5, 1, 8, tzinfo=timezone.utc)),
    ("2024-05-01T08:00Z", datetime(2024, 5, 1, 8, tzinfo=timezone.utc)),
    ("2024-05-01 08:00", datetime(2024, 5, 1, 8, tzinfo=VN)),
])
def test_parse_since(value, expected):
    got = parse_since(value, now=NOW)
    assert got == expected and got.tzinfo is not None


@pytest.mark.parametrize("value", ["", "yesterday", "2x", "-2d", "2024-13-01", "2025-01-01"])
def test_parse_since_rejects_bad_input(value):
    with pytest.raises(ValueError, match="bad --since"):
        parse_since(value, now=NOW)


def test_aware_datetime_compares_across_offsets():
    assert aware_datetime("2024-05-01T06:00:00+07:00") < aware_datetime("2024-04-30T23:30:00Z")
    assert aware_datetime("2024-05-01") == datetime(2024, 5, 1, tzinfo=VN)
    assert aware_datetime("not a date") is None and aware_datetime(None) is None


def test_retry_after_seconds():
    assert retry_after_seconds(b"1") == 1.0
    assert retry_after_seconds("120") == 120.0
    http_date = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 28 <= retry_after_seconds(http_date) <= 31
    assert retry_after_seconds(email.utils.formatdate(time.time() - 30, usegmt=True)) == 0.0
    assert retry_after_seconds(None) is None and retry_after_seconds(b"soon") is None


def test_parse_settings_args():
    assert parse_settings_args(["DOWNLOAD_TIMEOUT=5", "JOBDIR=/tmp/x=y"]) == {
        "DOWNLOAD_TIMEOUT": "5", "JOBDIR": "/tmp/x=y"}
    with pytest.raises(ValueError):
        parse_settings_args(["timeout"])


def test_exit_code_interrupted_is_partial():
    def r(status):
        return SourceResult("s", 1, status, {})
    assert exit_code([r("ok"), r("ok")]) == EXIT_OK
    assert exit_code([r("interrupted")]) == EXIT_PARTIAL
    assert exit_code([r("ok"), r("failed")]) == EXIT_PARTIAL
    assert exit_code([r("failed")]) == EXIT_FATAL


def test_dupefilter_memory_is_bounded():
    f = BoundedDupeFilter(max_size=100)
    urls = [f"http://a.vn/tin-{i}.htm" for i in range(1000)]
    assert not any(f.request_seen(Request(u)) for u in urls)
    assert len(f._fingerprints) + len(f._old) <= 100
    assert f.request_seen(Request(urls[-1]))          # recent ones are remembered
    assert not f.request_seen(Request(urls[0]))       # the oldest are forgotten


def test_dupefilter_on_disk_survives_restart(tmp_path):
    f = BoundedDupeFilter(str(tmp_path))
    assert not f.request_seen(Request("http://a.vn/1"))
    assert f.request_seen(Request("http://a.vn/1"))
    f.close("shutdown")
    g = BoundedDupeFilter(str(tmp_path))
    assert g.request_seen(Request("http://a.vn/1")) and not g.request_seen(Request("http://a.vn/2"))
    assert not g._fingerprints                        # nothing held in memory
    g.close("finished")


def _spider(since: str | None):
    from scrapy.utils.test import get_crawler

    from crawler.spiders.news import NewsSpider

    crawler = get_crawler(NewsSpider)
    spider = NewsSpider(since=since, crawler=crawler)
    spider.crawler = crawler
    spider.source = Source("t", "https://t.vn/", article_pattern=ARTICLE_PATTERN)
    crawler.crawling = True  # parse_sitemap stops early when the crawl is stopping
    return spider, crawler


async def _collect(agen) -> list:
    return [x async for x in agen]


def test_sitemap_entries_older_than_since_are_skipped():
    spider, crawler = _spider("2024-05-01T00:00:00+07:00")
    crawler.stats.open_spider()
    body = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
      <url><loc>https://t.vn/moi-100001.htm</loc><lastmod>2024-05-02</lastmod></url>
      <url><loc>https://t.vn/cu-100002.htm</loc><lastmod>2024-04-30T23:00:00+07:00</lastmod></url>
      <url><loc>https://t.vn/bien-gio-100003.htm</loc><lastmod>2024-04-30T17:30:00Z</lastmod></url>
      <url><loc>https://t.vn/khong-ngay-100004.htm</loc></url></urlset>"""
    out = asyncio.run(_collect(spider.parse_sitemap(XmlResponse("https://t.vn/sitemap.xml", body=body))))
    assert [r.url for r in out] == ["https://t.vn/moi-100001.htm", "https://t.vn/bien-gio-100003.htm",
                                    "https://t.vn/khong-ngay-100004.htm"]
    assert crawler.stats.get_value("solieu/skipped_old") == 1


def test_check_source_reports_every_discovery_path():
    with serve(FaultSite(n_plain=3)) as server:
        src = Source("faults", server.url + "/", article_pattern=ARTICLE_PATTERN,
                     exclude_patterns=["/video/"], feeds=["/rss/none.rss"])
        rows = {r["path"]: r for r in check_source(src, timeout=5)}
        ua = [h for _, h, _ in server.site.requests]
    assert set(rows) == {"home", "feed", "robots.txt", "sitemap", "section"}
    assert rows["home"]["status"] == 200 and rows["home"]["articles"] >= 15
    assert rows["feed"]["status"] == 404 and rows["feed"]["error"] == "HTTP 404"
    assert rows["robots.txt"]["found"] == "1 Sitemap lines"
    assert rows["sitemap"]["articles"] == len(FaultSite(n_plain=3).articles) + 1   # + the 404 entry
    assert rows["section"]["url"].endswith("/chuyen-muc/thoi-su") and rows["section"]["articles"] == 3
    assert ua


def test_check_source_unreachable_is_a_row_not_an_exception():
    rows = check_source(Source("dead", "http://127.0.0.1:9/"), timeout=2)
    assert rows and all(r["error"] and r["status"] is None for r in rows)
