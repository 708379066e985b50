"""Item 1: only http(s) is ever requested, whatever path discovered a URL (links, robots, sitemaps, redirects)."""
from __future__ import annotations

from pathlib import Path

import sqlite_utils

from tests.security.hostile import Page, article, crawl, home, last_run, serve

SECRET = "Bí mật nội bộ không được rời máy chủ"


def test_file_and_other_schemes_are_never_fetched(tmp_path: Path):
    # One local file per discovery path, article-like in name and content: each would be stored if read.
    for n, how in ((9, "link"), (8, "sitemap"), (7, "redirect")):
        (tmp_path / f"bi-mat-10000{n}.htm").write_text(article(f"{SECRET} ({how})", n=n), encoding="utf-8")
    with serve({}) as site:
        file_base = site.base.replace("http://", "file://")  # the same host and port: passes a host-only check
        secret_url = f"{file_base}{tmp_path}/bi-mat-100009.htm"
        in_sitemap = f"{file_base}{tmp_path}/bi-mat-100008.htm"
        redirected = f"{file_base}{tmp_path}/bi-mat-100007.htm"
        passwd = f"{file_base}/etc/passwd"
        site.routes.update({
            "/": Page(home(["/tin-100001.htm", secret_url, passwd, "file:///etc/passwd",
                            "data:text/html,<h1>x</h1>", "ftp://127.0.0.1/tin-100004.htm"])),
            "/robots.txt": Page(f"User-agent: *\nSitemap: {passwd}\n"
                                "Sitemap: {base}/sitemap.xml\n", ctype="text/plain"),
            "/sitemap.xml": Page('<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                                 f"<url><loc>{in_sitemap}</loc></url><url><loc>{passwd}</loc></url>"
                                 "<url><loc>{base}/chuyen-huong-100003.htm</loc></url>"
                                 "<url><loc>{base}/tin-100001.htm</loc></url></urlset>", ctype="application/xml"),
            "/tin-100001.htm": Page(article("Tin thật trên trang web", n=1)),
            "/chuyen-huong-100003.htm": Page("", status=302, headers={"Location": redirected}),
        })
        proc = crawl(tmp_path, site, tmp_path / "s.db", pattern=None)
    assert proc.returncode == 0, proc.stderr[-3000:]
    db = sqlite_utils.Database(tmp_path / "s.db")
    titles = [r[0] for r in db.execute("SELECT title FROM articles")]
    assert not [t for t in titles if SECRET in t]       # no local file became an article
    assert titles == ["Tin thật trên trang web"]
    assert not db.execute("SELECT COUNT(*) FROM article_urls WHERE url NOT LIKE 'http%'").fetchone()[0]
    assert SECRET not in proc.stderr and "root:x:0:0" not in proc.stderr
    stats = last_run(tmp_path / "s.db")["stats"]
    assert stats["solieu/refused/scheme"] >= 4          # links, robots Sitemap: lines, sitemap <loc>s, the redirect
    assert "/chuyen-huong-100003.htm" in site.paths()   # the redirect was fetched, its file:// target was not
