"""A hostile news site on 127.0.0.1: each test gives its own table of pages, the server logs every request.

`serve(routes)` runs it; a route is a `Page` (its body may contain "{base}", replaced by the site's URL)
or a callable `(site, handler) -> None` that answers itself. `crawl(...)` runs the real `solieu crawl`.
"""
from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlsplit

import sqlite_utils

from tests.conftest import REPO, solieu

VN = timezone(timedelta(hours=7))
PATTERN = r"-\d{6}\.htm$"
PARAGRAPH = ("Năm nay thành phố đã hoàn thành {n}/27 chỉ tiêu phát triển kinh tế xã hội, tỷ lệ hộ nghèo giảm "
             "còn 0,{n}% và tổng thu ngân sách tăng khoảng {n},5% so với cùng kỳ năm trước theo báo cáo mới.")


@dataclass
class Page:
    """A canned response."""

    body: str | bytes = ""
    status: int = 200
    ctype: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)


def article(title: str, n: int = 1, head: str = "", author: str = "Trần Văn Bình",
            published: datetime | None = None, h1: str | None = None) -> str:
    """An article page with explicit markup, a sapo and three paragraphs of figures."""
    when = (published or datetime.now(VN) - timedelta(hours=3)).replace(microsecond=0).isoformat()
    paras = "".join(f"<p>{PARAGRAPH.format(n=n + i)}</p>" for i in range(3))
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta property="og:type" content="article"><meta property="og:title" content="{title}">'
            f'<meta property="article:published_time" content="{when}">{head}</head><body><article>'
            f'<h1 class="title">{h1 if h1 is not None else title}</h1><p class="sapo">Tóm tắt: {title}, '
            f'những con số mới nhất trong tuần.</p>{paras}<p class="author">{author}</p></article></body></html>')


def home(links: list[str]) -> str:
    """A homepage linking the given hrefs."""
    items = "".join(f'<li><a href="{u}">Tin số {i}</a></li>' for i, u in enumerate(links))
    return f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Trang chủ</title></head><body><ul>{items}</ul></body></html>'


class HostileSite:
    """The route table and the request log (thread-safe; `wait_for` blocks on new requests)."""

    def __init__(self, routes: dict[str, Page | Callable]):
        self.routes = routes
        self.base = ""
        self.requests: list[str] = []
        self.sent: list[str] = []  # paths whose response was written out in full
        self.cond = threading.Condition()
        self.stop = threading.Event()

    def paths(self) -> list[str]:
        """Every requested path (with query), in order."""
        with self.cond:
            return list(self.requests)

    def wait_for(self, predicate: Callable[[list[str]], bool], timeout: float = 120) -> None:
        """Block until predicate(requested paths) holds; AssertionError after timeout seconds."""
        end = time.monotonic() + timeout
        with self.cond:
            while not predicate(self.requests):
                left = end - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"the crawl never made the expected requests: {self.requests[-20:]}")
                self.cond.wait(min(left, 1.0))

    def wait_sent(self, path: str, timeout: float = 120) -> None:
        """Block until the response to path was written out in full."""
        end = time.monotonic() + timeout
        with self.cond:
            while path not in self.sent:
                if time.monotonic() > end:
                    raise AssertionError(f"{path} was never sent in full")
                self.cond.wait(1.0)

    def respond(self, h: "Handler") -> None:
        with self.cond:
            self.requests.append(h.path)
            self.cond.notify_all()
        try:
            self._answer(h)
        finally:
            with self.cond:
                self.sent.append(h.path)
                self.cond.notify_all()

    def _answer(self, h: "Handler") -> None:
        route = self.routes.get(urlsplit(h.path).path)
        if route is None:
            return h.send(Page("<html><body>Không có</body></html>", status=404))
        if callable(route):
            return route(self, h)
        return h.send(route)


class Handler(BaseHTTPRequestHandler):
    """Serve the HostileSite of the server."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:  # noqa: N802
        try:
            self.server.site.respond(self)  # type: ignore[attr-defined]
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send(self, page: Page) -> None:
        """Send a Page, "{base}" replaced by the site's URL."""
        body = page.body
        data = body.replace("{base}", self.server.site.base).encode() if isinstance(body, str) else body
        self.send_response(page.status)
        self.send_header("Content-Type", page.ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in page.headers.items():
            self.send_header(key, value.replace("{base}", self.server.site.base))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        """Quiet."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128


@contextlib.contextmanager
def serve(routes: dict[str, Page | Callable]) -> Iterator[HostileSite]:
    """Run a hostile site on 127.0.0.1 (random port); yields it with `.base` set."""
    site = HostileSite(routes)
    httpd = _Server(("127.0.0.1", 0), Handler)
    httpd.site = site  # type: ignore[attr-defined]
    site.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        site.stop.set()
        httpd.shutdown()
        httpd.server_close()


def sources_file(tmp: Path, pattern: str | None = PATTERN, **extra: str) -> Path:
    """A sources file with one source `hostile` (optionally with an article pattern and other keys)."""
    lines = ["- name: hostile", "  url: http://127.0.0.1/"]
    if pattern:
        lines.append(f"  article_pattern: '{pattern}'")
    lines += [f"  {k}: {v}" for k, v in extra.items()]
    path = tmp / "hostile.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def crawl_args(tmp: Path, site: HostileSite, db: Path, *extra: str, pattern: str | None = PATTERN,
               **source: str) -> list[str]:
    """`solieu crawl hostile` arguments against the site (source: more keys of the sources entry)."""
    return ["crawl", "hostile", "--sources", str(sources_file(tmp, pattern, **source)), "--base-url", site.base,
            "--db", str(db), "--no-throttle", *extra]


def crawl(tmp: Path, site: HostileSite, db: Path, *extra: str, pattern: str | None = PATTERN,
          env: dict | None = None, timeout: int = 180, **source: str) -> subprocess.CompletedProcess:
    """Run `solieu crawl` against the site to the end."""
    return solieu(*crawl_args(tmp, site, db, *extra, pattern=pattern, **source), env=env, timeout=timeout)


MEASURE = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:]); "
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(p.returncode)")


def solieu_measured(*args: str, timeout: int = 300) -> tuple[subprocess.CompletedProcess, int]:
    """Run `solieu ARGS` and return (process, peak RSS in MB of its largest process)."""
    cmd = [sys.executable, "-c", MEASURE, sys.executable, "-m", "solieu.cli", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=os.environ.copy(), timeout=timeout)
    peak_kb = int(proc.stderr.strip().splitlines()[-1])
    return proc, peak_kb // 1024


def start(args: list[str], env: dict | None = None) -> subprocess.Popen:
    """Start `solieu ARGS` in its own process group (to signal it like a terminal or systemd would)."""
    return subprocess.Popen([sys.executable, "-m", "solieu.cli", *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, **(env or {})})


def last_run(db_path: Path) -> dict:
    """The newest crawl_runs row with its stats decoded."""
    run = list(sqlite_utils.Database(db_path).query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1"))[0]
    run["stats"] = json.loads(run["stats"] or "{}")
    return run


def children(pid: int) -> list[int]:
    """Live processes whose parent is pid (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat.rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                out.append(int(entry.name))
    return out


def alive(pid: int) -> bool:
    """True while pid exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
