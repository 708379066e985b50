"""Item 6: a dropped item is one log line (reason and URL), never the page's HTML."""
from __future__ import annotations

from pathlib import Path

from tests.security.hostile import Page, article, crawl, home, last_run, serve

FILLER = "<p>Danh mục tin tức nhiều mục, không phải một bài báo.</p>" * 20_000  # ~1.2 MB of HTML


def listing(i: int) -> str:
    """A listing page; the first three are padded to over a megabyte."""
    links = "".join(f'<h3><a href="/tin-{200000 + j:06d}.htm">Tiêu đề tin thứ {j} trong mục lục</a></h3>' for j in range(8))
    pad = FILLER if i < 3 else ""
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Mục {i}</title></head><body>{links}{pad}</body></html>'


def test_each_drop_is_one_short_line(tmp_path: Path):
    drops = [f"/muc-luc-{100001 + i}.htm" for i in range(6)] + ["/rong-100010.htm"]
    routes = {p: Page(listing(i)) for i, p in enumerate(drops[:-1])}
    routes["/rong-100010.htm"] = Page("")  # an empty 200
    routes["/tin-100020.htm"] = Page(article("Bài duy nhất của trang", n=4))
    routes["/"] = Page(home([*drops, "/tin-100020.htm"]))
    with serve(routes) as site:
        proc = crawl(tmp_path, site, tmp_path / "l.db", "--log-level", "DEBUG")
    assert proc.returncode == 0, proc.stderr[-3000:]
    stats = last_run(tmp_path / "l.db")["stats"]
    assert stats["item_dropped_count"] == len(drops)
    assert "Danh mục tin tức nhiều mục" not in proc.stderr     # no HTML in the log, at DEBUG either
    assert len(proc.stderr) < 200_000, f"{len(proc.stderr):,} characters of log for {len(drops)} drops"
    lines = [ln for ln in proc.stderr.splitlines() if "Dropped" in ln]
    assert len(lines) == len(drops)
    for path in drops:
        line = next(ln for ln in lines if site.base + path in ln)
        assert len(line) < 600 and ("listing_page" in line or "no_article_text" in line), line
