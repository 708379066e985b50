"""URL canonicalization and same-site checks."""
import pytest

from crawler.extract.urls import canonical_url, same_site


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
