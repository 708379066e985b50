"""Local imitation of a Vietnamese news site (modelled on hanoionline.vn).

``DemoSite`` renders every page from ``articles.yaml``; ``serve()`` runs it on
127.0.0.1 in a daemon thread so the real Scrapy spider can crawl it.

All content is fictional and was written for solieu's tests and demo.
"""

from __future__ import annotations

import contextlib
import copy
import email.utils
import functools
import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator
from urllib.parse import parse_qs, unquote, urlsplit

import yaml

from . import documents, feeds, render
from .render import slugify

DATA_FILE = Path(__file__).with_name("articles.yaml")
VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")
PER_PAGE = 8
ARTICLE_RE = re.compile(r"^/([a-z0-9-]+)-(\d{6})\.htm$")
VIDEO_RE = re.compile(r"^/video/([a-z0-9-]+)-v(\d{6})\.htm$")
HTML = "text/html; charset=utf-8"

# 1x1 transparent GIF used for every article image.
PIXEL_GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01"
    b"\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)


_RELATIVE = re.compile(r"^-(\d+)d(?: (\d{1,2}):(\d{2}))?$")


def parse_dt(value, today=None) -> datetime:
    """An article date: ISO 8601, or "-Nd HH:MM" (N days before today, Vietnam time), for recent demo news."""
    m = _RELATIVE.match(str(value).strip())
    if m:
        day = (today or datetime.now(VN_TZ).date()) - timedelta(days=int(m.group(1)))
        return datetime(day.year, day.month, day.day, int(m.group(2) or 8), int(m.group(3) or 0), tzinfo=VN_TZ)
    dt = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN_TZ)
    return dt.astimezone(VN_TZ)


@functools.lru_cache(maxsize=4)
def _load_raw(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(fh, Loader=loader)


@dataclass
class Response:
    status: int
    content_type: str
    body: bytes
    last_modified: datetime | None = None


class DemoSite:
    """Renders the demo news site. Absolute links use ``base_url``."""

    def __init__(self, base_url: str = "", data_file: str | Path = DATA_FILE):
        self.base_url = base_url.rstrip("/")
        raw = copy.deepcopy(_load_raw(str(data_file)))
        self.name = raw["site"]["name"]
        self.info = raw["site"]
        self.sections: dict[str, str] = {s["slug"]: s["name"] for s in raw["sections"]}
        self.comment_pool: list[dict] = raw["comments"]
        self.articles: list[dict] = [self._prepare(a) for a in raw["articles"]]
        self.articles.sort(key=lambda a: (a["dt"], a["id"]), reverse=True)
        self.videos: list[dict] = [self._prepare_video(v) for v in raw.get("videos", [])]
        self.by_path = {a["path"]: a for a in self.articles}
        self.by_section: dict[str, list[dict]] = {s: [] for s in self.sections}
        self.by_tag: dict[str, list[dict]] = {}
        self.tag_names: dict[str, str] = {}
        self.by_author: dict[str, list[dict]] = {}
        self.author_names: dict[str, str] = {}
        for a in self.articles:
            self.by_section[a["section"]].append(a)
            for tag in a["tags"]:
                self.by_tag.setdefault(slugify(tag), []).append(a)
                self.tag_names.setdefault(slugify(tag), tag)
            self.by_author.setdefault(a["author_slug"], []).append(a)
            self.author_names[a["author_slug"]] = a["author"]
        # "Đọc nhiều": a fixed, deterministic pick across sections.
        self.most_read = sorted(self.articles, key=lambda a: (a["id"] * 7919) % 1009)[:5]
        self.newest = self.articles[0]["dt"]

    # ------------------------------------------------------------------ data
    def _prepare(self, a: dict) -> dict:
        a["id"] = int(a["id"])
        a["relative"] = bool(_RELATIVE.match(str(a["published"]).strip()))
        a["dt"] = parse_dt(a["published"])
        a["mdt"] = parse_dt(a["modified"]) if a.get("modified") else a["dt"]
        a["published"] = a["dt"].isoformat()
        a["modified"] = a["mdt"].isoformat()
        a["slug"] = slugify(a["title"])
        a["path"] = f"/{a['slug']}-{a['id']:06d}.htm"
        a["url"] = self.url(a["path"])
        a["section_name"] = self.sections[a["section"]]
        a["author_slug"] = slugify(a["author"])
        a["tags"] = list(a.get("tags") or [])
        a["paragraphs"] = [" ".join(p.split()) for p in re.split(r"\n\s*\n", a["body"].strip())]
        a["comments"] = self._comments_for(a)
        return a

    def _prepare_video(self, v: dict) -> dict:
        v["dt"] = parse_dt(v["published"])
        v["path"] = f"/video/{slugify(v['title'])}-v{int(v['id']):06d}.htm"
        v["url"] = self.url(v["path"])
        return v

    def _comments_for(self, a: dict) -> list[dict]:
        pool, n = self.comment_pool, 2 + a["id"] % 2
        out = []
        for k in range(n):
            c = pool[(a["id"] * 3 + k * 5) % len(pool)]
            when = a["dt"] + timedelta(minutes=23 + 41 * k + a["id"] % 37)
            out.append({"name": c["name"], "text": c["text"], "dt": when})
        return out

    def url(self, path: str) -> str:
        return self.base_url + path

    def related(self, a: dict, n: int = 3) -> list[dict]:
        same = [x for x in self.by_section[a["section"]] if x is not a]
        others = [x for x in self.articles if x is not a and x not in same]
        return (same + others)[:n]

    # --------------------------------------------------------------- routing
    def render(self, path: str) -> tuple[int, str, bytes] | None:
        r = self.respond(path)
        return None if r is None else (r.status, r.content_type, r.body)

    def respond(self, path: str) -> Response | None:
        parts = urlsplit(path)
        p = unquote(parts.path) or "/"
        query = parse_qs(parts.query)
        newest = self.newest

        def page(html: str, mtime: datetime | None = None, ctype: str = HTML) -> Response:
            return Response(200, ctype, html.encode("utf-8"), mtime or newest)

        if p == "/":
            return page(render.home_page(self))
        if p in self.by_path:
            a = self.by_path[p]
            return page(render.article_page(self, a), a["mdt"])
        if p.lstrip("/") in self.sections:
            return self._section(p.lstrip("/"), query, page)
        if p == "/robots.txt":
            return page(feeds.robots(self), ctype="text/plain; charset=utf-8")
        if p == "/sitemap.xml":
            return page(feeds.sitemap_index(self), ctype="application/xml; charset=utf-8")
        m = re.fullmatch(r"/sitemaps/articles-(\d{4})\.xml", p)
        if m:
            items = [a for a in self.articles if a["dt"].year == int(m.group(1))]
            if items:
                return page(feeds.urlset(self, items), max(a["mdt"] for a in items),
                            "application/xml; charset=utf-8")
            return None
        m = re.fullmatch(r"/rss/([a-z-]+)\.rss", p)
        if m:
            key = m.group(1)
            if key == "home":
                items, title = self.articles[:20], self.name
            elif key in self.sections:
                items, title = self.by_section[key][:20], f"{self.sections[key]} - {self.name}"
            else:
                return None
            return page(feeds.rss(self, title, key, items), items[0]["dt"] if items else None,
                        "application/rss+xml; charset=utf-8")
        m = re.fullmatch(r"/tag/([a-z0-9-]+)", p)
        if m and m.group(1) in self.by_tag:
            items = self.by_tag[m.group(1)]
            return page(render.listing_page(self, f"Chủ đề: {self.tag_names[m.group(1)]}",
                                             items, p, 1, 1), items[0]["dt"])
        m = re.fullmatch(r"/tac-gia/([a-z0-9-]+)", p)
        if m and m.group(1) in self.by_author:
            items = self.by_author[m.group(1)]
            return page(render.listing_page(self, f"Tác giả: {self.author_names[m.group(1)]}",
                                             items, p, 1, 1), items[0]["dt"])
        m = VIDEO_RE.fullmatch(p)
        if m:
            for v in self.videos:
                if v["path"] == p:
                    return page(render.video_page(self, v), v["dt"])
            return None
        if p == "/van-ban":
            return page(render.documents_page(self, documents.DOCUMENTS))
        m = re.fullmatch(r"/van-ban/([a-z0-9.-]+)", p)
        if m and m.group(1) in documents.DOCUMENTS:
            return Response(200, documents.content_type(m.group(1)), documents.document_bytes(m.group(1)), newest)
        if p == "/lien-he":
            return page(render.contact_page(self))
        if p == "/admin/":
            return page(render.admin_page(self))
        if p == "/static/style.css":
            return page(render.CSS, ctype="text/css; charset=utf-8")
        if re.fullmatch(r"/media/\d{4}/\d{2}/\d{6}-\d\.gif", p):
            return Response(200, "image/gif", PIXEL_GIF, newest)
        return None

    def _section(self, slug: str, query: dict, page) -> Response | None:
        items = self.by_section[slug]
        try:
            n = int(query.get("page", ["1"])[0])
        except ValueError:
            return None
        pages = max(1, -(-len(items) // PER_PAGE))
        if not 1 <= n <= pages:
            return None
        chunk = items[(n - 1) * PER_PAGE: n * PER_PAGE]
        html = render.listing_page(self, self.sections[slug], chunk, f"/{slug}", n, pages,
                                   section=slug)
        return page(html, chunk[0]["dt"] if chunk else None)


# ------------------------------------------------------------------- server
class _Server(ThreadingHTTPServer):
    """A threaded server whose accept queue holds a crawler's burst of connections."""

    request_queue_size = 128  # the default 5 makes extra connections wait 1 s for a retry
    daemon_threads = True


class DemoServer:
    """The demo site served over HTTP from a daemon thread."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, site: DemoSite | None = None):
        self._lock = threading.Lock()
        self._requests: list[str] = []
        self.httpd = _Server((host, port), _make_handler(self))
        self.httpd.daemon_threads = True
        self.host, self.port = self.httpd.server_address[:2]
        self.url = f"http://{self.host}:{self.port}"
        self.site = site or DemoSite(base_url=self.url)
        self._thread: threading.Thread | None = None

    @property
    def requests(self) -> list[str]:
        with self._lock:
            return list(self._requests)

    def _record(self, path: str) -> None:
        with self._lock:
            self._requests.append(path)

    def clear_requests(self) -> None:
        with self._lock:
            self._requests.clear()

    def start(self) -> "DemoServer":
        self._thread = threading.Thread(target=self.httpd.serve_forever,
                                        name="solieu-demo-site", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self.httpd.serve_forever()

    def stop(self) -> None:
        if self._thread is not None:
            self.httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.httpd.server_close()


def _make_handler(server: DemoServer):
    class Handler(BaseHTTPRequestHandler):
        disable_nagle_algorithm = True  # headers and body go out in two writes: no 40 ms Nagle stall
        server_version = "DemoNews/1.0"
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - keep stderr quiet
            pass

        def do_HEAD(self):
            self._reply(head=True)

        def do_GET(self):
            self._reply(head=False)

        def _reply(self, head: bool) -> None:
            server._record(self.path)
            try:
                r = server.site.respond(self.path)
            except Exception:  # pragma: no cover - a bug should not hang clients
                r = Response(500, "text/plain; charset=utf-8", b"500 Internal Server Error")
            if r is None:
                r = Response(404, HTML, render.not_found_page(server.site).encode("utf-8"))
            status = r.status
            if r.status == 200 and r.last_modified is not None:
                ims = self.headers.get("If-Modified-Since")
                if ims:
                    try:
                        since = email.utils.parsedate_to_datetime(ims)
                        if since is not None and since >= r.last_modified.replace(microsecond=0):
                            status = 304
                    except (TypeError, ValueError):
                        pass
            self.send_response(status)
            self.send_header("Content-Type", r.content_type)
            if r.last_modified is not None:
                self.send_header("Last-Modified",
                                 email.utils.format_datetime(r.last_modified.astimezone(timezone.utc), usegmt=True))
            body = b"" if status == 304 else r.body
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if not head and body:
                self.wfile.write(body)

    return Handler


@contextlib.contextmanager
def serve(host: str = "127.0.0.1", port: int = 0) -> Iterator[DemoServer]:
    """Serve the demo site on a free port for the duration of the block."""
    srv = DemoServer(host, port).start()
    try:
        yield srv
    finally:
        srv.stop()
