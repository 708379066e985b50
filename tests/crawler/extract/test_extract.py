"""Tests for crawler.extract.article: the real VnExpress page plus hand-written fixture pages."""

from __future__ import annotations

import gzip
import json
import unicodedata
from datetime import datetime
from pathlib import Path

import pytest

from crawler.extract.article import Article, ExtractionError, decode_html, extract_article
from tests.conftest import SHARED as _SHARED

FIXTURES = Path(__file__).parent / "fixtures"
SHARED = _SHARED / "real_pages"
FIELDS = ("canonical_url", "title", "sapo", "author", "published_at", "modified_at", "language",
          "site_name", "tags", "is_article")


def _fixture_dirs() -> list[Path]:
    """Every fixture directory holding a page and its expectations."""
    return sorted(d for d in FIXTURES.iterdir() if (d / "expected.json").exists())


def _norm(s: str) -> str:
    """NFC + collapsed whitespace, for substring checks."""
    return " ".join(unicodedata.normalize("NFC", s).split())


@pytest.mark.parametrize("case", _fixture_dirs(), ids=lambda d: d.name)
def test_fixture_page(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    raw = (case / "page.html").read_bytes()
    page: str | bytes = raw if expected.get("as_bytes") else raw.decode("utf-8")
    now = datetime.fromisoformat(expected["now"]) if "now" in expected else None
    if "error" in expected:
        with pytest.raises(ExtractionError, match=expected["error"]):
            extract_article(page, expected["url"], now=now)
        return
    art = extract_article(page, expected["url"], now=now)
    assert art.url == expected["url"]
    for name in FIELDS:
        if name in expected:
            assert getattr(art, name) == expected[name], name
    text = _norm(art.text)
    for snippet in expected.get("text_contains", []):
        assert _norm(snippet) in text
    for snippet in expected.get("text_not_contains", []):
        assert _norm(snippet) not in text
    if art.sapo:
        assert not text.startswith(_norm(art.sapo)[:60])
    json.dumps(art.to_dict(), ensure_ascii=False)


@pytest.fixture(scope="module")
def vnexpress() -> tuple[Article, dict]:
    page, exp = SHARED / "vnexpress_4954454.html.gz", SHARED / "vnexpress_4954454.expected.json"
    if not page.exists() or not exp.exists():
        pytest.skip(f"shared real page not available at {SHARED.resolve()}")
    expected = json.loads(exp.read_text(encoding="utf-8"))
    html = gzip.decompress(page.read_bytes()).decode("utf-8")
    return extract_article(html, expected["url"]), expected


def test_vnexpress_title_sapo_date(vnexpress: tuple[Article, dict]) -> None:
    art, expected = vnexpress
    assert art.title == expected["title"]
    assert art.sapo == expected["sapo"]
    assert art.published_at == expected["published"]
    assert art.is_article
    assert art.language == "vi"
    assert art.canonical_url == expected["url"]


def test_vnexpress_author_is_byline_not_outlet(vnexpress: tuple[Article, dict]) -> None:
    art, expected = vnexpress
    assert art.author == ", ".join(expected["authors"])


def test_vnexpress_text(vnexpress: tuple[Article, dict]) -> None:
    art, expected = vnexpress
    for snippet in expected["text_contains"]:
        assert snippet in art.text
    assert expected["sapo"] not in art.text
    assert not art.text.startswith(expected["sapo"][:40])
    assert "Bình luận" not in art.text


@pytest.mark.parametrize("page, reason", [
    ("", "empty page"),
    ("   \n\t ", "empty page"),
    (b"", "empty page"),
    ("just some plain text without any markup at all", "not HTML"),
    (b"%PDF-1.4\x00\x01\x02binary", "not HTML"),
    ("<html><head><title>x</title></head><body>  </body></html>", "no article text"),
])
def test_extraction_errors(page: str | bytes, reason: str) -> None:
    with pytest.raises(ExtractionError, match=reason):
        extract_article(page, "https://example.vn/x.html")


def test_extraction_error_is_value_error() -> None:
    assert issubclass(ExtractionError, ValueError)


@pytest.mark.parametrize("data, expected", [
    ("Tiếng Việt".encode("utf-8"), "Tiếng Việt"),
    (b"\xef\xbb\xbf<p>Vi\xe1\xbb\x87t</p>", "<p>Việt</p>"),
    ("<meta charset='windows-1258'><p>Vi\u1ec7t</p>".encode("cp1258", errors="ignore")
     .replace(b"<p>Vit</p>", b"<p>Vi\xea\xf2t</p>"), "<meta charset='windows-1258'><p>Việt</p>"),
    (b"<p>Vi\xea\xf2t Nam</p>", "<p>Việt Nam</p>"),  # undeclared, not UTF-8: cp1258 fallback
    ("Vie\u0302\u0323t", "Việt"),  # decomposed str is NFC-normalised
    ("<meta charset=iso-8859-1><p>Việt</p>".encode("utf-8"), "<meta charset=iso-8859-1><p>Việt</p>"),  # misdeclared
])
def test_decode_html(data: str | bytes, expected: str) -> None:
    assert decode_html(data) == expected


def test_canonical_on_other_site_is_ignored() -> None:
    html = ("<html><head><link rel='canonical' href='https://aggregator.example.com/copy-1'>"
            "<title>Tin thử nghiệm về kinh tế</title></head><body><h1>Tin thử nghiệm về kinh tế</h1>"
            "<p>" + "Nội dung bài viết về tăng trưởng kinh tế quý ba. " * 10 + "</p></body></html>")
    art = extract_article(html, "https://example.vn/tin-1.html?utm_source=x")
    assert art.canonical_url == "https://example.vn/tin-1.html"


def test_jsonld_person_author_and_list() -> None:
    ld = json.dumps([{"@type": "BreadcrumbList"}, {
        "@type": "NewsArticle", "headline": "Thủ tướng dự hội nghị xúc tiến đầu tư",
        "datePublished": "2024-05-02T01:30:00Z",
        "author": [{"@type": "Person", "name": "Nguyễn Văn An"}, {"@type": "Person", "name": "Lê Thị Bình"}],
        "publisher": {"@type": "Organization", "name": "Báo Ví Dụ"}}], ensure_ascii=False)
    html = (f"<html><head><script type='application/ld+json'>{ld}</script></head><body>"
            "<h1>Thủ tướng dự hội nghị xúc tiến đầu tư</h1>"
            + "<p>Hội nghị thu hút hơn 500 doanh nghiệp trong và ngoài nước tham dự tại Hà Nội hôm nay.</p>" * 4
            + "</body></html>")
    art = extract_article(html, "https://vidu.example.vn/a.html")
    assert art.author == "Nguyễn Văn An, Lê Thị Bình"
    assert art.published_at == "2024-05-02T08:30:00+07:00"
    assert art.is_article
