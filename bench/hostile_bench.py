"""Hostile-site benchmark: peak memory of `solieu crawl` on a site whose robots.txt lists a 1M-URL sitemap
and a 2 MB gzip bomb (~2 GB inflated). Target: the crawl's process tree stays under 500 MB.

Prints the peak RSS of the crawl process tree (sampled from /proc every 0.2 s), seconds until the first
article request, total seconds and the refusal counters, then the peak against the target.
Usage: python bench/hostile_bench.py [--urls 1000000] [--bomb-mb 2048]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_MB = 500
XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


def urlset(base: str, n: int) -> bytes:
    """A gzipped urlset of n article URLs with shuffled daily lastmods (under the 10 MB download cap)."""
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    z = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    out = [z.compress(f'<?xml version="1.0"?><urlset {XMLNS}>'.encode())]
    for start in range(0, n, 10_000):
        rows = "".join(f"<url><loc>{base}/b{i}-{100000 + i % 900000}.htm</loc>"
                       f"<lastmod>{(now - timedelta(days=(i * 7919) % 3650)).date().isoformat()}</lastmod></url>"
                       for i in range(start, min(n, start + 10_000)))
        out.append(z.compress(rows.encode()))
    out += [z.compress(b"</urlset>"), z.flush()]
    return b"".join(out)


def bomb(inflated_mb: int) -> bytes:
    """A gzipped urlset opening followed by inflated_mb MB of blanks."""
    z = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    out = [z.compress(f'<?xml version="1.0"?><urlset {XMLNS}>'.encode())]
    blanks = b" " * (1 << 20)
    out += [z.compress(blanks) for _ in range(inflated_mb)]
    out += [z.compress(b"</urlset>"), z.flush()]
    return b"".join(out)


class Site(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    pages: dict[str, tuple[bytes, str]] = {}
    first_article: float | None = None

    def do_GET(self) -> None:  # noqa: N802
        page = self.pages.get(self.path)
        if page is None and Site.first_article is None and self.path.startswith("/b"):
            Site.first_article = time.monotonic()
        body, ctype = page or (b"<html><body>404</body></html>", "text/html")
        self.send_response(200 if page else 404)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


def tree_rss_mb(pid: int) -> float:
    """Summed RSS (MB) of pid and its descendants."""
    procs = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                rss = int((entry / "statm").read_text().split()[1])
            except (OSError, IndexError, ValueError):
                continue
            procs[int(entry.name)] = (int(stat[1]), rss)
    keep, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        for child, (ppid, _) in procs.items():
            if ppid == parent and child not in keep:
                keep.add(child)
                frontier.append(child)
    return sum(procs[p][1] for p in keep if p in procs) * 4096 / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--urls", type=int, default=1_000_000)
    ap.add_argument("--bomb-mb", type=int, default=2048)
    args = ap.parse_args()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    httpd.daemon_threads = True
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    t = time.monotonic()
    big, bomb_body = urlset(base, args.urls), bomb(args.bomb_mb)
    print(f"site: {args.urls:,}-URL sitemap ({len(big) / 2**20:.1f} MB gz), bomb {len(bomb_body) / 2**20:.1f} MB gz "
          f"-> {args.bomb_mb:,} MB (built in {time.monotonic() - t:.0f} s)")
    Site.pages = {
        "/": (b'<html><head><meta charset="utf-8"></head><body><a href="/bai-x.htm">x</a></body></html>', "text/html"),
        "/robots.txt": (f"User-agent: *\nSitemap: {base}/bom.xml.gz\nSitemap: {base}/lon.xml.gz\n".encode(), "text/plain"),
        "/lon.xml.gz": (big, "application/x-gzip"),
        "/bom.xml.gz": (bomb_body, "application/x-gzip"),
    }
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp, "s.yaml")
        sources.write_text("- name: hostile\n  url: http://127.0.0.1/\n  article_pattern: '-\\d{6}\\.htm$'\n")
        db = Path(tmp, "h.db")
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "solieu.cli", "crawl", "hostile", "--sources", str(sources),
                                 "--base-url", base, "--db", str(db), "--no-throttle", "--log-level", "WARNING"],
                                cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, tree_rss_mb(proc.pid))
            time.sleep(0.2)
        err = proc.stderr.read()
        took = time.monotonic() - start
        import sqlite3

        stats = json.loads(sqlite3.connect(db).execute(
            "SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()[0] or "{}")
    httpd.shutdown()
    first = f"{Site.first_article - start:.1f} s" if Site.first_article else "never"
    print(f"exit {proc.returncode}; {took:.0f} s in all; first article request after {first}")
    print("refused sitemaps:", stats.get("solieu/refused/sitemap_too_large", 0),
          "| article requests:", stats.get("downloader/request_count", 0),
          "| over budget:", stats.get("solieu/sitemap/over_budget", 0))
    if proc.returncode not in (0, 3):
        print(err[-2000:])
    verdict = "OK" if peak < TARGET_MB else "OVER"
    print(f"peak RSS of the crawl process tree: {peak:.0f} MB (target < {TARGET_MB} MB) {verdict}")


if __name__ == "__main__":
    main()
