"""A misbehaving news site on 127.0.0.1 for the crawler's fault tests (and a slow mode for stop tests).

Every fault the real web throws at a crawler has one URL here; `FaultSite.good_articles` lists the
articles a correct crawl must store exactly once (title by URL path).
"""
from __future__ import annotations

import contextlib
import gzip
import threading
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

VN = timezone(timedelta(hours=7))
ARTICLE_PATTERN = r"-\d{6}\.htm$"
TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
PARAGRAPH = ("Theo báo cáo của Sở Kế hoạch và Đầu tư, tổng sản phẩm trên địa bàn thành phố tăng {n},2% so với "
             "cùng kỳ năm trước, trong đó khu vực dịch vụ đóng góp hơn một nửa mức tăng trưởng chung của cả năm.")


def to_cp1258(text: str) -> bytes:
    """Encode Vietnamese text in windows-1258 (tone marks as combining characters)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            out.append(ch.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
            out.append((base + "".join(c for c in parts if c in TONES)).encode("cp1258"))
    return b"".join(out)


def article_html(title: str, published: datetime, n: int = 1, canonical: str | None = None,
                 meta_charset: bool = True, broken: bool = False) -> str:
    """An article page with og/article meta, a sapo and three paragraphs of figures."""
    head = '<meta charset="utf-8">' if meta_charset else ""
    if canonical:
        head += f'<link rel="canonical" href="{canonical}">'
    body = "".join(f"<p>{PARAGRAPH.format(n=n + i)}</p>" for i in range(3))
    if broken:  # unclosed tags everywhere, still an article
        body = body.replace("</p>", "") + "<div><span><b>Thêm thông tin"
    return (f"<!DOCTYPE html><html lang=\"vi\"><head>{head}<title>{title}</title>"
            f'<meta property="og:type" content="article"><meta property="og:title" content="{title}">'
            f'<meta property="article:published_time" content="{published.isoformat()}"></head>'
            f'<body><article><h1 class="title">{title}</h1><p class="sapo">Sapo: {title}, số liệu mới '
            f"nhất được công bố trong tuần này.</p>{body}<p class=\"author\">Nguyễn Văn An</p></article></body></html>")


def listing_html(title: str, links: list[str], next_url: str | None = None) -> str:
    """A listing page: many headline links (h3 > a), optional 'Trang sau' link."""
    items = "".join(f'<h3><a href="{u}">Tin {i}: {title}</a></h3><p>Tóm tắt tin {i}</p>' for i, u in enumerate(links))
    nxt = f'<a rel="next" href="{next_url}">Trang sau</a>' if next_url else ""
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>{items}{nxt}</body></html>'


@dataclass
class FaultSite:
    """The fault site's pages; `slow` > 0 makes every article take that many seconds (stop tests).

    With `gate_after` = N > 0 the articles after the first N are held until `gate` is set (or 60 s):
    a stop test signals the crawl while they are held, so the crawl cannot have fetched them all."""

    slow: float = 0.0
    n_plain: int = 4
    gate_after: int = 0
    gate: threading.Event = field(default_factory=threading.Event)
    served: int = 0
    now: datetime = field(default_factory=lambda: datetime.now(VN).replace(microsecond=0))
    requests: list[tuple[float, str, str]] = field(default_factory=list)  # (time, Host, path?query)
    stop: threading.Event = field(default_factory=threading.Event)
    _hits: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _slow_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        recent = self.now - timedelta(hours=2)
        self.articles: dict[str, tuple[str, datetime]] = {
            f"/tin-tot-{100001 + i}.htm": (f"Tin tốt số {i + 1}: kinh tế Thủ đô tăng trưởng", recent)
            for i in range(self.n_plain)}
        if self.slow:
            return
        for path, title in [
            ("/flaky503-100010.htm", "Lần đầu lỗi 503, lần sau có bài"),
            ("/retry-after-100011.htm", "Máy chủ bận, xin thử lại sau một giây"),
            ("/qua-tai-100012.htm", "Quá tải 429 rồi trả bài bình thường"),
            ("/moi-100021.htm", "Bài đích của chuỗi chuyển hướng"),
            ("/tieng-viet-cu-100025.htm", "Hà Nội: chỉ số giá tiêu dùng tháng Năm tăng nhẹ"),
            ("/khong-ma-100026.htm", "Trang không khai báo bảng mã vẫn đọc đúng tiếng Việt"),
            ("/vo-html-100070.htm", "Trang HTML vỡ thẻ vẫn là một bài báo"),
            ("/nen-gzip-100075.htm", "Bài được nén gzip khi truyền"),
            ("/cau-chuyen-100100.htm", "Một câu chuyện, nhiều đường dẫn"),
        ]:
            self.articles[path] = (title, recent)
        self.articles["/tin-cu-100090.htm"] = ("Tin cũ từ năm 2020 vẫn được lưu", datetime(2020, 3, 1, 8, tzinfo=VN))
        self.articles["/sitemap-cu-100091.htm"] = ("Tin cũ chỉ có trong sitemap", datetime(2020, 2, 1, 8, tzinfo=VN))

    @property
    def good_articles(self) -> dict[str, str]:
        """Final article path -> title for every article a correct crawl stores."""
        return {path: title for path, (title, _) in self.articles.items()}

    def hits(self, path: str) -> int:
        """How many times a path (with query) was requested."""
        with self._lock:
            return self._hits.get(path, 0)

    # -- pages ---------------------------------------------------------------------------
    def home(self) -> str:
        """The homepage: nav sections, article links (good and faulty), non-articles, off-site links."""
        links = list(self.articles) if self.slow else [
            p for p in self.articles if p != "/sitemap-cu-100091.htm"] + [
            "/cu/old-100020.htm", "/vong-a-100030.htm", "/cham-100045.htm", "/lon-100050.htm",
            "/rong-100060.htm", "/tong-hop-100080.htm", "/video/clip-hay-100081.htm", "/tag/gia-vang",
            "/tac-gia/nguyen-van-an", "/cau-chuyen-100100.htm?utm_source=x&utm_medium=y",
            "/amp/cau-chuyen-100100.htm", "/print/cau-chuyen-100100.htm",
            "http://example.invalid/ngoai-trang-123456.htm", "https://other.example/tin-999999.htm"]
        nav = "" if self.slow else '<nav><a href="/chuyen-muc/thoi-su">Thời sự</a><a href="/lich/2024/01/01">Lịch</a></nav>'
        items = "".join(f'<li><a href="{u}">Tin {i}</a></li>' for i, u in enumerate(links))
        return f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Trang chủ</title></head><body>{nav}<ul>{items}</ul></body></html>'

    def sitemap(self, base: str) -> str:
        """A urlset: the good articles, a 404, the old sitemap-only article (lastmod 2020)."""
        entries = [(p, pub) for p, (_, pub) in self.articles.items()]
        if not self.slow:
            entries.append(("/mat-100040.htm", self.now))
        rows = "".join(f"<url><loc>{base}{p}</loc><lastmod>{d.isoformat()}</lastmod></url>" for p, d in entries)
        return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'

    def respond(self, h: "Handler") -> None:
        """Serve one request (the fault table)."""
        parts = urlsplit(h.path)
        path, query = parts.path, parse_qs(parts.query)
        with self._lock:
            self.requests.append((time.time(), h.headers.get("Host", ""), h.path))
            self._hits[h.path] = n = self._hits.get(h.path, 0) + 1
        base = f"http://{h.headers.get('Host')}"
        if path == "/":
            return h.send(200, self.home())
        if path == "/robots.txt":
            return h.send(200, f"User-agent: *\nDisallow: /admin/\nSitemap: {base}/sitemap.xml\n", "text/plain")
        if path == "/sitemap.xml":
            return h.send(200, gzip.compress(self.sitemap(base).encode()), "application/xml",
                          {"Content-Encoding": "gzip"})
        if path in ("/flaky503-100010.htm", "/retry-after-100011.htm", "/qua-tai-100012.htm") and n == 1:
            status = 429 if "qua-tai" in path else 503
            extra = {} if "flaky" in path else {"Retry-After": "1"}
            return h.send(status, "<html><body>Busy</body></html>", headers=extra)
        if path in self.articles:
            if self.slow:  # one article at a time, however many connections the client opens
                with self._slow_lock:
                    self.stop.wait(self.slow)
                    self.served += 1
                    held = self.gate_after and self.served > self.gate_after
                if held:
                    self.gate.wait(60)
            title, published = self.articles[path]
            n_fig = int(path.rsplit("-", 1)[1][:6]) % 50
            if path == "/tieng-viet-cu-100025.htm":
                return h.send(200, to_cp1258(article_html(title, published, n_fig, meta_charset=False)),
                              "text/html; charset=windows-1258")
            if path == "/khong-ma-100026.htm":
                return h.send(200, article_html(title, published, n_fig, meta_charset=False).encode(), "text/html")
            page = article_html(title, published, n_fig, broken="vo-html" in path,
                                canonical=f"{base}{path}" if "cau-chuyen" in path else None)
            if "gzip" in path:
                return h.send(200, gzip.compress(page.encode()), headers={"Content-Encoding": "gzip"})
            return h.send(200, page)
        if path in ("/amp/cau-chuyen-100100.htm", "/print/cau-chuyen-100100.htm"):
            title, published = self.articles["/cau-chuyen-100100.htm"]
            return h.send(200, article_html(title, published, 100 % 50, canonical=f"{base}/cau-chuyen-100100.htm"))
        redirects = {"/cu/old-100020.htm": "/cu2/old-100020.htm", "/cu2/old-100020.htm": "/moi-100021.htm",
                     "/vong-a-100030.htm": "/vong-b-100031.htm", "/vong-b-100031.htm": "/vong-a-100030.htm"}
        if path in redirects:
            return h.send(301, "", headers={"Location": base + redirects[path]})
        if path == "/cham-100045.htm":  # slower than any download timeout the fault tests set (3 s)
            self.stop.wait(12)
            return h.send(200, article_html("Trang quá chậm", self.now))
        if path == "/lon-100050.htm":
            return h.send_big(20 * 1024 * 1024)
        if path == "/rong-100060.htm":
            return h.send(200, b"")
        if path == "/tong-hop-100080.htm":  # article-pattern URL, listing page
            return h.send(200, listing_html("Tổng hợp", list(self.articles)[:8]))
        if path == "/chuyen-muc/thoi-su":  # ?page=N forever
            page = int(query.get("page", ["1"])[0])
            return h.send(200, listing_html("Thời sự", list(self.articles)[:3],
                                            f"/chuyen-muc/thoi-su?page={page + 1}"))
        if path.startswith("/lich/"):  # next day forever
            day = datetime.strptime(path[6:16], "%Y/%m/%d") + timedelta(days=1)
            return h.send(200, listing_html("Lịch", list(self.articles)[:2], day.strftime("/lich/%Y/%m/%d")))
        return h.send(404, "<html><body>Không tìm thấy</body></html>")


class FaultServer(ThreadingHTTPServer):
    """Threaded, with a listen backlog big enough for a crawler's burst of connections."""

    daemon_threads = True
    request_queue_size = 128  # the default 5 drops SYNs: the client retries after 1 s (looks like a timeout)


class Handler(BaseHTTPRequestHandler):
    """Dispatch to the FaultSite of the server."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: Nagle + delayed ACK = 40 ms a page

    def do_GET(self) -> None:  # noqa: N802
        """Serve a GET."""
        try:
            self.server.site.respond(self)  # type: ignore[attr-defined]
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send(self, status: int, body: str | bytes, ctype: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        """Send a complete response."""
        data = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def send_big(self, size: int) -> None:
        """A huge HTML page sent in 1 MB chunks (the client should give up)."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(size))
        self.end_headers()
        chunk = b"<p>" + b"x" * (1024 * 1024 - 7) + b"</p>\n"
        for _ in range(size // len(chunk)):
            self.wfile.write(chunk)
        self.wfile.write(b" " * (size % len(chunk)))

    def log_message(self, *args) -> None:
        """Quiet."""


@dataclass
class Server:
    """A running fault site."""

    site: FaultSite
    url: str


@contextlib.contextmanager
def serve(site: FaultSite | None = None) -> Iterator[Server]:
    """Run the fault site on 127.0.0.1 (random port) in a daemon thread."""
    site = site or FaultSite()
    httpd = FaultServer(("127.0.0.1", 0), Handler)
    httpd.site = site  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(site, f"http://127.0.0.1:{httpd.server_address[1]}")
    finally:
        site.stop.set()
        httpd.shutdown()
        httpd.server_close()
