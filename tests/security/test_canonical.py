"""Item 4: a page's <link rel=canonical> never takes over another stored article, nor points off the site."""
from __future__ import annotations

from pathlib import Path

import sqlite_utils

from tests.security.hostile import Page, article, crawl, home, last_run, serve

VICTIM = "/nan-nhan-100001.htm"


def snapshot(db: sqlite_utils.Database, url: str) -> tuple:
    """An article's stored content and observations, by URL."""
    row = db.execute("SELECT id, title, text, sapo, author FROM articles WHERE url = ?", [url]).fetchone()
    obs = db.execute("SELECT value, text FROM observations WHERE article_id = ? ORDER BY id", [row[0]]).fetchall()
    return row, obs


def test_canonical_cannot_overwrite_another_article_or_leave_the_site(tmp_path: Path):
    db_path = tmp_path / "c.db"
    with serve({VICTIM: Page(article("Bài gốc của tòa soạn về ngân sách", n=2, author="Lê Thị Hoa"))}) as site:
        site.routes["/"] = Page(home([VICTIM]))
        first = crawl(tmp_path, site, db_path)
        assert first.returncode == 0, first.stderr[-3000:]
        db = sqlite_utils.Database(db_path)
        before = snapshot(db, site.base + VICTIM)

        hijack = f'<link rel="canonical" href="{site.base}{VICTIM}">'
        site.routes.update({
            "/": Page(home([VICTIM, "/ke-xau-100002.htm", "/ngoai-100003.htm", "/dia-chi-ip-100004.htm"])),
            "/ke-xau-100002.htm": Page(article("Tin giả chiếm chỗ bài gốc", n=40, head=hijack, author="Kẻ Mạo Danh")),
            "/ngoai-100003.htm": Page(article("Bài có canonical sang trang khác", n=5,
                                              head='<link rel="canonical" href="http://other.example/ngoai-100003.htm">')),
            "/dia-chi-ip-100004.htm": Page(article("Bài có canonical sang địa chỉ IP khác", n=6,
                                                   head='<link rel="canonical" href="http://10.0.0.1/dia-chi-ip-100004.htm">'
                                                        '<meta property="og:url" content="http://10.0.0.2/x-100004.htm">')),
        })
        second = crawl(tmp_path, site, db_path)
        assert second.returncode == 0, second.stderr[-3000:]
    after = snapshot(db, site.base + VICTIM)
    assert after == before                                   # title, text, sapo, author, observations untouched
    urls = {r[0]: r[1] for r in db.execute("SELECT url, article_id FROM article_urls")}
    assert urls.get(site.base + "/ke-xau-100002.htm") in (None, before[0][0])   # an alternate URL at most
    stored = {r[0] for r in db.execute("SELECT url FROM articles")}
    assert stored == {site.base + p for p in (VICTIM, "/ngoai-100003.htm", "/dia-chi-ip-100004.htm")}
    assert not [u for u in urls if "other.example" in u or "10.0.0." in u]
    assert "Tin giả chiếm chỗ bài gốc" not in {r[0] for r in db.execute("SELECT title FROM articles")}
    assert last_run(db_path)["stats"].get("solieu/articles/alternate") == 1
