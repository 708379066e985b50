"""Bounded sitemap reading: capped gunzip, incremental parsing, the newest entries kept."""
from __future__ import annotations

import gzip
import zlib

import pytest

from crawler.sitemaps import SitemapError, SitemapReader, SitemapTooLarge, gunzip_capped, lastmod_key

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(entries: list[tuple[str, str | None]], root: str = "urlset", item: str = "url") -> bytes:
    rows = "".join(f"<{item}><loc>{loc}</loc>" + (f"<lastmod>{m}</lastmod>" if m else "") + f"</{item}>"
                   for loc, m in entries)
    return f'<?xml version="1.0"?><{root} {NS}>{rows}</{root}>'.encode()


def read(body: bytes, max_bytes: int = 1 << 20, n: int = 10, keep=lambda loc, when: True) -> SitemapReader:
    reader = SitemapReader(max_bytes, n, keep)
    for _ in reader.steps(body):
        pass
    return reader


@pytest.mark.parametrize("data, limit, ok", [
    (gzip.compress(b"x" * 1000), 1000, True),
    (gzip.compress(b"x" * 1001), 1000, False),
    (gzip.compress(b" " * (8 << 20)), 1 << 20, False),   # 8 MB of blanks in ~8 KB
])
def test_gunzip_capped(data, limit, ok):
    if ok:
        assert len(gunzip_capped(data, limit)) <= limit
    else:
        with pytest.raises(SitemapTooLarge):
            gunzip_capped(data, limit)


def test_corrupt_gzip_is_a_sitemap_error():
    with pytest.raises(SitemapError):
        gunzip_capped(b"\x1f\x8b" + b"garbage" * 10, 1000)


@pytest.mark.parametrize("value, older_than", [
    ("2024-05-02", "2024-05-03T00:00:00+07:00"),
    ("2024-05-01T17:30:00Z", "2024-05-02T00:31:00+07:00"),
    (None, "1970-01-02"), ("không phải ngày", "1970-01-02"),
])
def test_lastmod_key_orders(value, older_than):
    assert lastmod_key(value) < lastmod_key(older_than)


def test_reader_keeps_the_newest_n_in_order():
    entries = [(f"https://a.vn/{i}", f"2024-01-{1 + (i * 5) % 28:02d}") for i in range(28)]
    reader = read(urlset(entries), n=3)
    assert reader.kind == "urlset" and reader.seen == 28 and reader.over_limit == 25
    assert [m for _, m in reader.newest()] == ["2024-01-28", "2024-01-27", "2024-01-26"]


def test_reader_applies_keep_and_reads_gzip_and_indexes():
    body = gzip.compress(urlset([("https://a.vn/s1.xml", None), ("file:///etc/passwd", None)],
                                root="sitemapindex", item="sitemap"))
    reader = read(body, keep=lambda loc, when: loc.startswith("https://"))
    assert reader.kind == "sitemapindex" and reader.newest() == [("https://a.vn/s1.xml", None)]


def test_reader_stops_at_the_cap_with_what_it_read():
    z = zlib.compressobj(9, zlib.DEFLATED, 31)
    body = z.compress(urlset([("https://a.vn/1", None)])[:-9]) + z.compress(b" " * (4 << 20)) + z.flush()
    reader = SitemapReader(1 << 20, 10)
    with pytest.raises(SitemapTooLarge):
        for _ in reader.steps(body):
            pass
    assert reader.newest() == [("https://a.vn/1", None)]


@pytest.mark.parametrize("body", [b"", b"<html><body>not a sitemap</body></html>", b"\x00\x01\x02"])
def test_not_a_sitemap(body):
    with pytest.raises(SitemapError):
        read(body)
