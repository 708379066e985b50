"""Items 7 and 16: what a hostile or odd page may put in the database, and listing pages are not articles."""
from __future__ import annotations

import json
from pathlib import Path

import sqlite_utils

from crawler.demo.site import serve as serve_demo
from tests.conftest import solieu
from tests.security.hostile import PARAGRAPH, Page, crawl, home, last_run, serve

LONG = "Tiêu đề dài vô tận của một trang web cố tình phá cơ sở dữ liệu " * 80   # ~5,000 characters
BODY = "".join(f"<p>{PARAGRAPH.format(n=n)}</p>" for n in range(3, 6))


def page(head: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta property="og:type" content="article">'
            f'<meta property="article:published_time" content="2026-11-30T08:00:00+07:00">{head}</head>'
            f"<body><article>{body}</article></body></html>")


def ld(obj: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj, ensure_ascii=False)}</script>'


ROUTES = {
    "/tieu-de-dai-100001.htm": page(f'<meta property="og:title" content="{LONG}"><meta property="og:description" '
                                    f'content="{LONG * 3}">', f'<h1 class="title">{LONG}</h1>{BODY}'),
    "/tac-gia-100002.htm": page(ld({"@type": "NewsArticle", "headline": "Giá điện tăng nhẹ từ tháng sau",
                                    "author": {"@type": "Person", "name": "Thanh B&#236;nh"}}),
                                f'<h1 class="title">Giá điện tăng nhẹ từ tháng sau</h1>{BODY}'),
    "/tac-gia-dai-100006.htm": page(ld({"@type": "NewsArticle", "headline": "Một tác giả tên rất dài",
                                        "author": {"@type": "Person", "name": "Nguyễn Văn " * 200}}),
                                    f'<h1 class="title">Một tác giả tên rất dài</h1>{BODY}'),
    "/hai-span-100003.htm": page('<meta property="og:title" content="Phường Mới: Mong sớm có công viên">',
                                 '<h1 class="title"><span>Phường Mới:</span><span>Mong sớm có công viên</span></h1>'
                                 f"{BODY}"),
    "/long-dau-100004.htm": page('<meta property="og:title" content="Hai chữ in đậm sát nhau">',
                                 '<h1 class="title"><b>Hà Nội</b><i>Thủ đô</i> và số liệu</h1>' + BODY),
    "/sau-100005.htm": page("<title>Trang lồng quá sâu</title>",
                            "<h1>Trang lồng quá sâu</h1>" + "<div>" * 100_000 + BODY + "</div>" * 100_000),
}


def test_lengths_entities_spacing_and_deep_pages(tmp_path: Path):
    routes = {path: Page(html) for path, html in ROUTES.items()}
    routes["/"] = Page(home(list(ROUTES)))
    with serve(routes) as site:
        proc = crawl(tmp_path, site, tmp_path / "p.db")
    assert proc.returncode == 0, proc.stderr[-3000:]
    db = sqlite_utils.Database(tmp_path / "p.db")
    rows = {r["url"].removeprefix(site.base): r for r in db.query("SELECT url, title, sapo, author FROM articles")}
    long = rows["/tieu-de-dai-100001.htm"]
    assert 50 < len(long["title"]) <= 300 and long["title"].endswith("…")
    assert len(long["sapo"]) <= 1500
    assert rows["/tac-gia-100002.htm"]["author"] == "Thanh Bình"
    assert len(rows["/tac-gia-dai-100006.htm"]["author"] or "") <= 200
    assert rows["/hai-span-100003.htm"]["title"] == "Phường Mới: Mong sớm có công viên"
    assert rows["/long-dau-100004.htm"]["title"] == "Hà Nội Thủ đô và số liệu"
    assert "/sau-100005.htm" not in rows                  # its body is lost past 256 levels: not stored
    stats = last_run(tmp_path / "p.db")["stats"]
    assert stats["solieu/dropped/too_deep"] == 1


def test_a_source_with_only_name_and_url_stores_exactly_the_articles(tmp_path: Path):
    sources = tmp_path / "demo.yaml"
    sources.write_text("- name: demo\n  url: http://127.0.0.1/\n", encoding="utf-8")
    with serve_demo() as server:
        proc = solieu("crawl", "demo", "--sources", str(sources), "--base-url", server.url, "--db",
                      str(tmp_path / "d.db"), "--no-throttle", timeout=300)
        expected = {server.url + a["path"] for a in server.site.articles}
    assert proc.returncode == 0, proc.stderr[-3000:]
    db = sqlite_utils.Database(tmp_path / "d.db")
    stored = {r[0] for r in db.execute("SELECT url FROM articles")}
    assert len(expected) >= 38                            # every article of the demo site, however many it has
    assert stored == expected                              # sections, author and tag pages are not articles
    stats = last_run(tmp_path / "d.db")["stats"]
    assert stats["solieu/dropped/listing_page"] >= 8       # the 6 sections and author pages at least
