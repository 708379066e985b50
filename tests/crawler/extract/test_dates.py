"""Tests for crawler.extract.dates: Vietnamese visible dates and the published-date priority order."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import lxml.html
import pytest

from crawler.extract.dates import jsonld_objects, parse_modified, parse_published, parse_vietnamese_datetime

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 1, 1, 12, 0, tzinfo=VN)


@pytest.mark.parametrize("text, expected", [
    ("Thứ Năm, 29/2/2024 - 14:30", datetime(2024, 2, 29, 14, 30, tzinfo=VN)),
    ("Thứ tư, 22/10/2025, 19:25 (GMT+7)", datetime(2025, 10, 22, 19, 25, tzinfo=VN)),
    ("15/08/2026 06:54", datetime(2026, 8, 15, 6, 54, tzinfo=VN)),
    ("29/02/2024 15:00", datetime(2024, 2, 29, 15, 0, tzinfo=VN)),
    ("Cập nhật lúc 08:05:09 ngày 01-03-2024", datetime(2024, 3, 1, 8, 5, 9, tzinfo=VN)),
    ("14h30, ngày 05.03.2024", datetime(2024, 3, 5, 14, 30, tzinfo=VN)),
    ("ngày 5 tháng 3 năm 2024 lúc 8h15", datetime(2024, 3, 5, 8, 15, tzinfo=VN)),
    ("10:30 PM 01/01/2024", datetime(2024, 1, 1, 22, 30, tzinfo=VN)),
    ("09:05 SA, 03/04/2024", datetime(2024, 4, 3, 9, 5, tzinfo=VN)),
    ("02:15 CH, 03/04/2024", datetime(2024, 4, 3, 14, 15, tzinfo=VN)),
    ("Thứ hai, 01/04/2019", datetime(2019, 4, 1, 0, 0, tzinfo=VN)),
    ("01/04/2019 08:15 (GMT+0)", datetime(2019, 4, 1, 8, 15, tzinfo=timezone.utc)),
    ("29/02/2023 15:00", None),        # not a leap year
    ("31/04/2024", None),              # no such day
    ("12/13/2024 10:00", None),        # month 13: dd/mm only, never mm/dd
    ("Ngày 22/10, bác sĩ cho biết", None),  # no year
    ("25:61 01/01/2024", datetime(2024, 1, 1, tzinfo=VN)),  # bad time ignored, date kept
    ("", None),
    ("không có ngày tháng", None),
])
def test_parse_vietnamese_datetime(text: str, expected: datetime | None) -> None:
    got = parse_vietnamese_datetime(text)
    assert got == expected
    if got is not None:
        assert got.utcoffset() == expected.utcoffset()


def _page(head: str = "", body: str = "") -> str:
    """A minimal article page with the given head and body fragments."""
    return f"<html><head>{head}</head><body><h1>Tiêu đề</h1>{body}<p>Nội dung.</p></body></html>"


META_PT = '<meta property="article:published_time" content="2024-03-01T10:00:00+07:00">'
ITEMPROP = '<meta itemprop="datePublished" content="2024-03-02T10:00:00+07:00">'
JSONLD = '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-03-03T03:00:00Z"}</script>'
PUBDATE = '<meta name="pubdate" content="2024-03-04 10:00:00">'
VISIBLE = '<span class="date">Thứ Ba, 05/03/2024 - 10:00</span>'
FUTURE = '<meta property="article:published_time" content="2027-01-01T10:00:00+07:00">'


@pytest.mark.parametrize("head, body, expected", [
    (META_PT + ITEMPROP + JSONLD + PUBDATE, VISIBLE, "2024-03-01T10:00:00+07:00"),
    (ITEMPROP + JSONLD + PUBDATE, VISIBLE, "2024-03-02T10:00:00+07:00"),
    (JSONLD + PUBDATE, VISIBLE, "2024-03-03T10:00:00+07:00"),  # UTC converted to +07:00
    (PUBDATE, VISIBLE, "2024-03-04T10:00:00+07:00"),            # naive meta read as Asia/Ho_Chi_Minh
    ("", VISIBLE, "2024-03-05T10:00:00+07:00"),
    (FUTURE, VISIBLE, "2024-03-05T10:00:00+07:00"),             # future meta skipped
    (FUTURE, "", None),
    ("", "", None),
    ('<meta property="article:published_time" content="2024-03-05">', VISIBLE, "2024-03-05T10:00:00+07:00"),
    ('<meta property="article:published_time" content="2024-03-06">', VISIBLE, "2024-03-06"),
    ('<meta name="pubdate" content="2024-03-04 10:00:00">'
     '<meta property="article:published_time" content="2024-03-04T11:00:00+07:00">', "",
     "2024-03-04T11:00:00+07:00"),
    ("", '<time datetime="2024-03-07T09:00:00+07:00">7/3</time>', "2024-03-07T09:00:00+07:00"),
    ("", '<div class="comments"><span class="time">06/03/2024 09:00</span></div>', None),
    ("", '<div class="date">Cập nhật: 31/12/2025 23:59</div>', "2025-12-31T23:59:00+07:00"),
    ("", '<div class="date">01/01/2026 12:30</div>', None),  # 30 minutes ahead of NOW
    ("", '<div class="date">01/01/2026 12:05</div>', "2026-01-01T12:05:00+07:00"),  # within skew
])
def test_parse_published_priority(head: str, body: str, expected: str | None) -> None:
    assert parse_published(_page(head, body), "https://example.vn/a.html", now=NOW) == expected


def test_htmldate_fallback_is_date_only() -> None:
    html = _page(body='<p>Bài viết</p>')
    got = parse_published(html, "https://example.vn/2024/03/08/bai-viet.html", now=NOW)
    assert got in (None, "2024-03-08")  # htmldate may use the URL; it never invents a time


def test_parse_published_accepts_tree_and_never_uses_now() -> None:
    tree = lxml.html.document_fromstring(_page())
    assert parse_published(tree, "", now=NOW) is None
    assert parse_published(tree, "") is None


def test_parse_modified() -> None:
    head = ('<meta property="article:modified_time" content="2024-03-01T11:00:00">'
            '<meta property="article:published_time" content="2024-03-01T10:00:00+07:00">')
    assert parse_modified(_page(head), now=NOW) == "2024-03-01T11:00:00+07:00"
    assert parse_modified(_page(FUTURE.replace("published", "modified")), now=NOW) is None


def test_jsonld_list_graph_and_malformed() -> None:
    html = _page(
        '<script type="application/ld+json">[{"@type":"WebSite"},{"@graph":[{"@type":"NewsArticle",'
        '"datePublished":"2024-03-09T08:00:00+07:00",}]}]</script>'
        '<script type="application/ld+json">{not json</script>'
    )
    tree = lxml.html.document_fromstring(html)
    types = [o.get("@type") for o in jsonld_objects(tree)]
    assert "NewsArticle" in types and "WebSite" in types
    assert parse_published(tree, "", now=NOW) == "2024-03-09T08:00:00+07:00"


def test_naive_now_is_vietnam_time() -> None:
    html = _page(body='<span class="date">01/01/2026 12:05</span>')
    assert parse_published(html, "", now=NOW.replace(tzinfo=None)) == "2026-01-01T12:05:00+07:00"
    assert parse_published(html, "", now=(NOW - timedelta(hours=1)).replace(tzinfo=None)) is None
