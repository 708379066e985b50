"""Items 2 and 3: gzip bombs and huge sitemaps cost bounded memory and time, and a stop signal is honoured."""
from __future__ import annotations

import gzip
import os
import signal
import time
import zlib
from datetime import datetime, timedelta, timezone
from pathlib import Path

import sqlite_utils

from tests.security.hostile import Page, article, crawl_args, home, last_run, serve, solieu_measured, start

XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
GZ = "application/x-gzip"


def bomb(base: str, inflated: int = 1 << 30) -> bytes:
    """A valid-looking gzipped urlset: one real entry, then `inflated` bytes of blanks (~1 MB compressed)."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    out = [z.compress(f'<?xml version="1.0"?><urlset {XMLNS}><url><loc>{base}/tin-100001.htm</loc></url>'.encode())]
    blanks = b" " * (1 << 20)
    for _ in range(inflated >> 20):
        out.append(z.compress(blanks))
    out.append(z.compress(b"</urlset>"))
    out.append(z.flush())
    return b"".join(out)


def big_urlset(base: str, n: int, stride: int = 7919) -> tuple[bytes, list[str]]:
    """A gzipped urlset of n article URLs whose lastmods are a permutation; returns (body, paths newest first)."""
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    rank = [(i * stride) % n for i in range(n)]  # 0 = newest
    rows = "".join(f"<url><loc>{base}/bai-{i:06d}-{100000 + i % 900000:06d}.htm</loc>"
                   f"<lastmod>{(now - timedelta(minutes=rank[i])).isoformat()}</lastmod></url>" for i in range(n))
    body = gzip.compress(f'<?xml version="1.0"?><urlset {XMLNS}>{rows}</urlset>'.encode(), 6)
    order = sorted(range(n), key=lambda i: rank[i])
    return body, [f"/bai-{i:06d}-{100000 + i % 900000:06d}.htm" for i in order]


def test_sitemap_gzip_bomb_is_refused_with_bounded_memory(tmp_path: Path):
    with serve({"/tin-100001.htm": Page(article("Bài thật trong sitemap bị bơm", n=3)),
                "/": Page(home([]))}) as site:
        site.routes["/sitemap.xml.gz"] = Page(bomb(site.base), ctype=GZ)
        args = crawl_args(tmp_path, site, tmp_path / "b.db", sitemaps="[/sitemap.xml.gz]")
        proc, peak_mb = solieu_measured(*args)
        assert proc.returncode == 0, proc.stderr[-3000:]
        check, check_peak_mb = solieu_measured("sources", "--sources", str(tmp_path / "hostile.yaml"), "check",
                                               "hostile", "--base-url", site.base)
    stats = last_run(tmp_path / "b.db")["stats"]
    assert stats["solieu/refused/sitemap_too_large"] == 1
    assert peak_mb < 400, f"crawl peaked at {peak_mb} MB on a 1 GB sitemap bomb"
    titles = [r[0] for r in sqlite_utils.Database(tmp_path / "b.db").execute("SELECT title FROM articles")]
    assert titles == ["Bài thật trong sitemap bị bơm"]  # what was read before the cap still counts
    assert check_peak_mb < 400, f"sources check peaked at {check_peak_mb} MB"
    assert "refused" in check.stdout and "Traceback" not in check.stderr


def test_huge_sitemap_enqueues_only_the_newest_within_the_budget(tmp_path: Path):
    with serve({"/": Page(home([]))}) as site:
        body, newest = big_urlset(site.base, 100_000)
        site.routes["/sitemap.xml.gz"] = Page(body, ctype=GZ)
        args = crawl_args(tmp_path, site, tmp_path / "h.db", "-s", "SOLIEU_SITEMAP_MAX_URLS=25",
                          sitemaps="[/sitemap.xml.gz]")
        proc, peak_mb = solieu_measured(*args, timeout=240)
        fetched = [p for p in site.paths() if p.startswith("/bai-")]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert sorted(fetched) == sorted(newest[:25])    # exactly the 25 newest by lastmod, each once
    assert last_run(tmp_path / "h.db")["stats"]["solieu/sitemap/over_budget"] == 100_000 - 25
    assert peak_mb < 400, f"crawl peaked at {peak_mb} MB"


def million(base: str) -> bytes:
    """A gzipped 1M-URL urlset (~70 MB inflated) that stays under the 10 MB download cap."""
    z = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    out = [z.compress(f'<?xml version="1.0"?><urlset {XMLNS}>'.encode())]
    for chunk in range(0, 1_000_000, 20_000):
        out.append(z.compress("".join(f"<url><loc>{base}/b{i}-{100000 + i % 900000}.htm</loc><lastmod>20"
                                      f"{10 + i % 16}-0{1 + i % 9}-1{i % 10}</lastmod></url>"
                                      for i in range(chunk, chunk + 20_000)).encode()))
    return b"".join([*out, z.compress(b"</urlset>"), z.flush()])


def test_sigterm_during_a_huge_sitemap_stops_at_once(tmp_path: Path):
    with serve({"/": Page(home([]))}) as site:
        body = million(site.base)
        assert len(body) < 10 * 2**20
        site.routes["/sitemap.xml.gz"] = Page(body, ctype=GZ)
        proc = start(crawl_args(tmp_path, site, tmp_path / "m.db", sitemaps="[/sitemap.xml.gz]"))
        site.wait_for(lambda paths: "/sitemap.xml.gz" in paths)
        site.wait_sent("/sitemap.xml.gz")   # the whole sitemap is on its way: the crawl is reading it
        os.killpg(proc.pid, signal.SIGTERM)
        sent = time.monotonic()
        out, err = proc.communicate(timeout=120)
        took = time.monotonic() - sent
        fetched = [p for p in site.paths() if p.startswith("/b")]
    assert proc.returncode == 3, err[-3000:]
    assert took < 30, f"the crawl took {took:.0f} s to honour SIGTERM"
    assert "Traceback" not in err, err[-3000:]
    assert last_run(tmp_path / "m.db")["status"] == "interrupted"
    assert len(fetched) <= 5000
