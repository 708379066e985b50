"""URL canonicalization and same-site checks."""
import pytest

from crawler.extract.listing import on_same_site
from crawler.extract.urls import canonical_url, is_fetchable, same_site


@pytest.mark.parametrize("url, expected", [
    ("https://tuoitre.vn/a-123.htm?utm_source=fb&utm_campaign=x", "https://tuoitre.vn/a-123.htm"),
    ("https://vnexpress.net/a-1.html?fbclid=IwAR&gidzl=xyz#box_comment", "https://vnexpress.net/a-1.html"),
    ("https://example.vn/list?page=2&utm_medium=zalo", "https://example.vn/list?page=2"),
])
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize("url, base, expected", [
    ("https://m.hanoionline.vn/a-123456.htm", "https://hanoionline.vn/", True),
    ("https://www.hanoionline.vn/a", "https://hanoionline.vn/", True),
    ("https://evil.example/hanoionline.vn", "https://hanoionline.vn/", False),
    ("http://127.0.0.1:8001/a", "http://127.0.0.1:8000/", False),
    ("http://127.0.0.1:8000/a", "http://127.0.0.1:8000/", True),
])
def test_same_site(url, base, expected):
    assert same_site(url, base) is expected


@pytest.mark.parametrize("url, base, expected", [
    ("file://127.0.0.1:8000/etc/passwd", "http://127.0.0.1:8000/", False),   # the host matches, the scheme does not
    ("ftp://hanoionline.vn/a-123456.htm", "https://hanoionline.vn/", False),
    ("data:text/html,<h1>x</h1>", "https://hanoionline.vn/", False),
    ("HTTPS://hanoionline.vn/a", "https://hanoionline.vn/", True),
])
def test_same_site_is_http_only(url, base, expected):
    assert same_site(url, base) is expected


@pytest.mark.parametrize("url, expected", [
    ("http://a.vn/x", True), ("https://a.vn/x", True), ("file:///etc/passwd", False),
    ("s3://bucket/key", False), ("javascript:alert(1)", False), ("http:///no-host", False), ("/relative", False),
])
def test_is_fetchable(url, expected):
    assert is_fetchable(url) is expected


@pytest.mark.parametrize("cand, url, expected", [
    ("https://www.vnexpress.net/a-1.html", "https://vnexpress.net/b", True),      # same registered domain
    ("https://e.vnexpress.net/a-1.html", "https://vnexpress.net/b", True),
    ("https://other.vn/a-1.html", "https://vnexpress.net/b", False),
    ("http://10.0.0.1/a-1.htm", "http://127.0.0.1:8000/b", False),               # IP sites: only themselves
    ("http://other.example/a-1.htm", "http://127.0.0.1:8000/b", False),
    ("http://127.0.0.1:8000/a-1.htm", "http://127.0.0.1:8000/b", True),
    ("file://127.0.0.1:8000/etc/passwd", "http://127.0.0.1:8000/b", False),
])
def test_canonical_candidates_stay_on_the_site(cand, url, expected):
    assert on_same_site(cand, url) is expected
