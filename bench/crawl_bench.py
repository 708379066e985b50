"""Crawl benchmark: a generated local news site (N article pages, ~600 words with figures) crawled by `solieu crawl`.

Reports (a) the per-stage CPU time per page (extract, entities, figures, store; median and mean) in one
process and the machine's limit (cores / CPU per page), (b) for each site size the full crawl's pages/s and
its ratio to the limit (the per-page CPU sampled again after each crawl, the crawl compared with the mean of
the samples just before and after it: this machine's speed drifts within minutes), (c) peak PSS/RSS of the
crawl process tree, (d) trafilatura's own download + extract over the same site in the same run
(bench/trafilatura_side.py) and our ratio to it, (e) PSS growth with site size.
The site is served by a separate process that shares the cores with the crawl.
Usage: python bench/crawl_bench.py [--pages 1000,5000] [--sample 150] [--workers N] [--trafilatura 1000]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

VN = timezone(timedelta(hours=7))
PLACES = ["Hà Nội", "Nghệ An", "Thanh Hóa", "Đà Nẵng", "Cần Thơ", "Quảng Ninh", "Lâm Đồng", "Bình Dương"]
FIGS = [
    "Tính chung {m} tháng đầu năm {y}, tổng thu ngân sách trên địa bàn {p} ước đạt {a},{b} nghìn tỷ đồng, tăng {c},{d}% so với cùng kỳ.",
    "Năm {y}, toàn tỉnh {p} đã giải quyết việc làm cho {n}.{k} lao động, đạt {c}% kế hoạch.",
    "Tỷ lệ hộ nghèo của {p} giảm từ {c},{d}% xuống còn {e},{d}% vào cuối năm {y}.",
    "Kim ngạch xuất khẩu quý {q}/{y} của {p} đạt {a},{b} tỷ USD, tăng {c},{e}% so với cùng kỳ năm trước.",
    "Diện tích lúa gieo cấy đạt {n}.{k} ha, năng suất bình quân {c},{d} tạ/ha.",
    "Chỉ số giá tiêu dùng tháng {mo}/{y} tăng 0,{d}{e}% so với tháng trước.",
]
PLAIN = [
    "Ủy ban nhân dân {p} tổ chức hội nghị sơ kết công tác chỉ đạo, điều hành phát triển kinh tế - xã hội trong kỳ.",
    "Phát biểu tại hội nghị, lãnh đạo tỉnh đánh giá cao sự nỗ lực của các sở, ngành, địa phương và cộng đồng doanh nghiệp.",
    "Các đơn vị cần tập trung tháo gỡ khó khăn, vướng mắc trong giải phóng mặt bằng để đẩy nhanh tiến độ các dự án trọng điểm.",
    "Người dân bày tỏ phấn khởi khi hạ tầng giao thông nông thôn được đầu tư đồng bộ, việc đi lại thuận tiện hơn trước nhiều.",
    "Thời gian tới, ngành chức năng sẽ tiếp tục rà soát, hoàn thiện cơ chế chính sách để hỗ trợ người dân và doanh nghiệp.",
]


def article(i: int) -> tuple[str, str]:
    """(path, html) of generated article i: ~600 words, one figure sentence in three."""
    rnd = random.Random(i)
    p = rnd.choice(PLACES)
    vals = dict(m=rnd.randint(2, 11), y=rnd.choice([2023, 2024]), p=p, a=rnd.randint(1, 99), b=rnd.randint(1, 9),
                c=rnd.randint(2, 95), d=rnd.randint(1, 9), e=rnd.randint(1, 9), n=rnd.randint(1, 99),
                k=rnd.randint(100, 999), q=rnd.randint(1, 4), mo=rnd.randint(1, 12))
    sentences = [(rnd.choice(FIGS) if j % 3 == 0 else rnd.choice(PLAIN)).format(**vals) for j in range(33)]
    paras = "".join(f"<p>{' '.join(sentences[j:j + 3])}</p>" for j in range(0, len(sentences), 3))
    title = f"{p}: kinh tế - xã hội tháng {vals['mo']}/{vals['y']} có nhiều chuyển biến tích cực (bài {i})"
    when = (datetime(2024, 6, 1, 8, tzinfo=VN) - timedelta(hours=i)).isoformat()
    html = (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title} - Báo Mẫu</title>'
            f'<meta property="og:type" content="article"><meta property="og:title" content="{title}">'
            f'<meta property="article:published_time" content="{when}"></head><body><header><nav>'
            f'<a href="/">Trang chủ</a></nav></header><article><h1 class="title">{title}</h1>'
            f'<p class="sapo">Số liệu mới nhất về tình hình kinh tế - xã hội của {p} được công bố.</p>{paras}'
            f'<p class="author">Nguyễn Văn An</p></article><footer>Báo Mẫu</footer></body></html>')
    return f"/tin-{100000 + i}.htm", html


class BenchServer(ThreadingHTTPServer):
    """The generated site: robots.txt -> sitemap (all articles), homepage, article pages."""

    daemon_threads = True
    request_queue_size = 256


class Handler(BaseHTTPRequestHandler):
    """Serve the generated site."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: Nagle + delayed ACK = 40 ms a page

    def do_GET(self) -> None:  # noqa: N802
        """One page."""
        n, base = self.server.pages, f"http://{self.headers.get('Host')}"  # type: ignore[attr-defined]
        path, ctype = self.path.split("?")[0], "text/html; charset=utf-8"
        if path == "/robots.txt":
            body, ctype = f"User-agent: *\nSitemap: {base}/sitemap.xml\n", "text/plain"
        elif path == "/sitemap.xml":
            rows = "".join(f"<url><loc>{base}/tin-{100000 + i}.htm</loc></url>" for i in range(n))
            body, ctype = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>', "application/xml"
        elif path == "/":
            body = "<html><body>" + "".join(f'<a href="/tin-{100000 + i}.htm">Tin {i}</a>' for i in range(20)) + "</body></html>"
        elif path.startswith("/tin-") and 0 <= (i := int(path[5:11]) - 100000) < n:
            body = article(i)[1]
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        """Quiet."""


def serve_forever(pages: int, port_file: str) -> None:
    """Run the site (in its own process) and write its port to port_file."""
    httpd = BenchServer(("127.0.0.1", 0), Handler)
    httpd.pages = pages  # type: ignore[attr-defined]
    Path(port_file).write_text(str(httpd.server_address[1]))
    httpd.serve_forever()


def machine_limit(sample: int, workdir: Path, name: str = "limit.db",
                  first: int = 0) -> tuple[list[float], dict[str, list[float]]]:
    """CPU seconds of each page for the pipelines' work (extract, entities, figures, store), in this process,
    over the site's pages from number `first` on (a later sample takes pages not seen yet: the extractor's
    caches would make pages it saw before cheaper)."""
    import nlp
    from crawler.jobs import article_observations, extract_page
    from crawler.watchlist import load_watchlist
    from db import open_db
    from db.store import save_article, upsert_source
    from nlp.watchlist import article_entities

    watchlist = load_watchlist(None)
    db = open_db(workdir / name)
    upsert_source(db, "bench", "http://127.0.0.1/")
    pages = [article(i) for i in range(first, first + sample + 5)]
    stages: dict[str, list[float]] = {"extract": [], "entities": [], "figures": [], "store": []}

    def one(path: str, html: str) -> None:
        url = "http://127.0.0.1" + path
        t0 = time.process_time()
        data = extract_page(html, url)
        t1 = time.process_time()
        data["entities"] = article_entities(data, watchlist)  # first, as NlpPipeline does
        t2 = time.process_time()
        obs = article_observations(data, None)
        t3 = time.process_time()
        save_article(db, "bench", data, obs, html=html, fetched_url=url, extractor_version=nlp.EXTRACTOR_VERSION)
        t4 = time.process_time()
        for key, dt in zip(stages, (t1 - t0, t2 - t1, t3 - t2, t4 - t3)):
            stages[key].append(dt)

    for path, html in pages[:5]:  # warm-up: models load
        one(path, html)
    stages = {k: [] for k in stages}
    for path, html in pages[5:]:
        one(path, html)
    totals = [sum(v) for v in zip(*stages.values())]
    return totals, stages


def crawl_once(pages: int, work: Path, workers: int | None, timeout: float, settings: list[str] = ()) -> dict:
    """Serve a site of `pages` articles in its own process and crawl it with `solieu crawl`; measure it."""
    import multiprocessing

    from proctree import _cpu_seconds, tree_cpu, tree_rss

    work.mkdir(parents=True, exist_ok=True)
    port_file = work / "port"
    server = multiprocessing.get_context("spawn").Process(target=serve_forever, args=(pages, str(port_file)),
                                                         daemon=True)
    server.start()
    while not port_file.exists() or not port_file.read_text():
        time.sleep(0.05)
    url = f"http://127.0.0.1:{port_file.read_text()}"
    (work / "bench.yaml").write_text("- name: bench\n  url: http://127.0.0.1/\n  article_pattern: '-\\d{6}\\.htm$'\n")
    env = {**os.environ, **({"SOLIEU_WORKERS": str(workers)} if workers is not None else {})}
    cmd = [sys.executable, "-m", "solieu.cli", "crawl", "bench", "--sources", str(work / "bench.yaml"),
           "--base-url", url, "--db", str(work / "crawl.db"), "--no-throttle", "--log-level", "WARNING"]
    cmd += [arg for pair in settings for arg in ("--set", pair)]
    load0 = os.getloadavg()[0]
    start, peak, peak_pss, cpu_seen = time.monotonic(), 0, 0, {}
    server_cpu0 = _cpu_seconds(server.pid)
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    while proc.poll() is None:
        if time.monotonic() - start > timeout:
            proc.terminate()
        rss, pss = tree_rss(proc.pid)
        peak, peak_pss = max(peak, rss), max(peak_pss, pss)
        tree_cpu(proc.pid, cpu_seen)
        time.sleep(0.2)
    wall = time.monotonic() - start
    server_cpu = _cpu_seconds(server.pid) - server_cpu0
    err = proc.stderr.read() if proc.stderr else ""
    server.terminate()
    from db import open_db

    db = open_db(work / "crawl.db")
    stored = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    row = db.execute("SELECT stats FROM crawl_runs ORDER BY id DESC LIMIT 1").fetchone()
    stats = json.loads(row[0] or "{}") if row else {}
    if proc.returncode != 0 or stored < pages:
        print(f"crawl exit {proc.returncode}, stored {stored}/{pages}\n{err[-2000:]}")
    elapsed = float(stats.get("elapsed_time_seconds") or wall)
    return {"pages": pages, "stored": stored, "elapsed": elapsed, "wall": wall, "rate": stored / elapsed,
            "rss": peak, "pss": peak_pss, "server_cpu": server_cpu, "tree_cpu": sum(cpu_seen.values()),
            "reactor_cpu": cpu_seen.get(proc.pid, 0.0), "load": (load0, os.getloadavg()[0]),
            "url": url}


def _ms(values: list[float]) -> str:
    return f"{statistics.median(values) * 1000:8.1f} {statistics.fmean(values) * 1000:8.1f}"


def main() -> None:
    """Run the benchmark and print the report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", default="5000", help="site sizes to crawl, comma-separated (e.g. 1000,5000)")
    ap.add_argument("--sample", type=int, default=150, help="pages timed for the machine limit")
    ap.add_argument("--workers", type=int, default=None, help="SOLIEU_WORKERS for the crawl (default: cores)")
    ap.add_argument("--trafilatura", type=int, default=1000,
                    help="pages for trafilatura's download+extract in the same run (0: skip)")
    ap.add_argument("--timeout", type=float, default=900, help="stop a crawl after this many seconds")
    ap.add_argument("--set", dest="settings", action="append", default=[], metavar="NAME=VALUE",
                    help="a Scrapy setting for the crawl (solieu crawl --set), e.g. CONCURRENT_REQUESTS_PER_DOMAIN=8")
    args = ap.parse_args()
    sizes = [int(n) for n in args.pages.split(",")]
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        totals, stages = machine_limit(min(args.sample, max(sizes)), work)
        cpu = statistics.fmean(totals)
        limit = cores / cpu
        print(f"(a) CPU per page, {len(totals)} pages in one process (ms)   median     mean")
        for name, values in stages.items():
            print(f"    {name:<44}{_ms(values)}")
        print(f"    {'total':<44}{_ms(totals)}")
        print(f"    machine limit: {cores} cores / {cpu * 1000:.1f} ms = {limit:.1f} pages/s")
        runs = []
        before = cpu
        for n in sizes:
            r = crawl_once(n, work / f"crawl-{n}", args.workers, args.timeout, args.settings)
            runs.append(r)
            # This machine's speed drifts by 10-20% within minutes: the limit is sampled again after each crawl,
            # and the crawl is compared with the mean of the samples taken just before and just after it.
            k = len(runs) * (args.sample + 5)
            after = statistics.fmean(machine_limit(min(args.sample, max(sizes)), work, f"limit-{n}.db", k)[0])
            cpu = (before + after) / 2
            limit = cores / cpu
            print(f"(b) crawl {n} pages: {r['stored']} stored in {r['elapsed']:.1f} s crawling ({r['wall']:.1f} s wall) "
                  f"-> {r['rate']:.1f} pages/s = {r['rate'] / limit:.2f} of the machine limit ({cores} cores / "
                  f"{cpu * 1000:.1f} ms: the pipelines' CPU per page {before * 1000:.1f} ms before this crawl, "
                  f"{after * 1000:.1f} after); crawl tree CPU "
                  f"{r['tree_cpu'] / max(r['stored'], 1) * 1000:.1f} ms/page (crawl process "
                  f"{r['reactor_cpu'] / max(r['stored'], 1) * 1000:.1f}); site server "
                  f"{r['server_cpu'] / r['elapsed'] * 100:.0f}% of one core")
            tree_ms = r["tree_cpu"] / max(r["stored"], 1) * 1000
            share = r["tree_cpu"] / (r["wall"] * cores)
            print(f"    load average {r['load'][0]:.1f} -> {r['load'][1]:.1f}; the crawl tree used {share:.0%} of the "
                  f"{cores} cores; CPU efficiency {cpu * 1000:.1f} / {tree_ms:.1f} ms = {cpu * 1000 / tree_ms:.2f} "
                  f"(the ratio to the limit on an otherwise idle machine is at most this)")
            print(f"(c) peak memory of the crawl process tree at {n} pages: PSS {r['pss'] / 2**20:.0f} MB "
                  f"(RSS sum {r['rss'] / 2**20:.0f} MB)")
            before = after
        if args.trafilatura:
            from trafilatura_side import run_trafilatura

            import multiprocessing

            n = min(args.trafilatura, max(sizes))
            port_file = work / "traf-port"
            server = multiprocessing.get_context("spawn").Process(target=serve_forever, args=(n, str(port_file)),
                                                                 daemon=True)
            server.start()
            while not port_file.exists() or not port_file.read_text():
                time.sleep(0.05)
            base = f"http://127.0.0.1:{port_file.read_text()}"
            done, secs = run_trafilatura([f"{base}/tin-{100000 + i}.htm" for i in range(n)], work, cores)
            server.terminate()
            ours = next((r for r in runs if r["pages"] == n), runs[0])
            print(f"(d) trafilatura fetch_url + extract, {n} pages, {cores} processes: {done} extracted in {secs:.1f} s "
                  f"-> {done / secs:.1f} pages/s; solieu crawl (fetch, extract, entities, figures, store) "
                  f"{ours['rate']:.1f} pages/s = {ours['rate'] / (done / secs):.2f}x trafilatura")
        if len(runs) > 1:
            print(f"(e) peak PSS {runs[0]['pages']} -> {runs[-1]['pages']} pages: {runs[0]['pss'] / 2**20:.0f} -> "
                  f"{runs[-1]['pss'] / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
