"""Datasette plugin loaded by `solieu serve` (--plugins-dir): what visitors can and cannot do.

- SQL functions that leak memory addresses or touch files (fts3_tokenizer, load_extension, …)
  and ATTACH are refused by an SQLite authorizer on every connection.
- The table search box folds đ/Đ to d/D, as the search index does (so "đô thị" finds đô thị).
- Every CSV Datasette writes is neutralized for spreadsheets (formula-like cells get a leading
  apostrophe, as OWASP recommends), streamed record by record.
- The served file is a snapshot of the real database (solieu/serve.py); it is refreshed from
  the real one every $SOLIEU_SERVE_REFRESH seconds when that has changed.
"""
from __future__ import annotations

import atexit
import codecs
import csv
import io
import os
import shutil
import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from datasette import hookimpl

from solieu.output import spreadsheet_safe

DENIED_FUNCTIONS = frozenset({"fts3_tokenizer", "fts5", "load_extension", "readfile", "writefile", "edit",
                              "zipfile", "sqlar_compress", "sqlar_uncompress"})


def authorizer(action: int, arg1, arg2, db_name, source) -> int:
    """Deny dangerous SQL functions and ATTACH/DETACH; allow everything else."""
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK


@hookimpl
def prepare_connection(conn):
    if hasattr(conn, "enable_load_extension"):
        conn.enable_load_extension(False)
    conn.set_authorizer(authorizer)


class CsvNeutralizer:
    """Rewrites a CSV byte stream so that no cell starts a spreadsheet formula."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""

    def feed(self, data: bytes, final: bool = False) -> bytes:
        """Neutralize the complete records in data (plus what was pending); keep the rest."""
        self._pending += self._decoder.decode(data, final=final)
        out, start, quotes = [], 0, 0
        for i, ch in enumerate(self._pending):
            if ch == '"':
                quotes += 1
            elif ch == "\n" and quotes % 2 == 0:
                out.append(self._rewrite(self._pending[start:i + 1]))
                start, quotes = i + 1, 0
        self._pending = self._pending[start:]
        if final and self._pending:
            out.append(self._rewrite(self._pending).rstrip("\r\n"))
            self._pending = ""
        return "".join(out).encode("utf-8")

    @staticmethod
    def _rewrite(record: str) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        for row in csv.reader([record]):
            writer.writerow([spreadsheet_safe(cell) for cell in row])
        return buf.getvalue()


def fold_search_params(query_string: bytes) -> bytes:
    """đ/Đ -> d/D in the table search box (_search, _search_COLUMN), as the search index stores them."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True, encoding="utf-8")
    return urlencode([(k, v.replace("đ", "d").replace("Đ", "D") if k.startswith("_search") else v)
                      for k, v in pairs]).encode("ascii")


def _is_csv(scope) -> bool:
    return scope.get("path", "").endswith(".csv") or b"_format=csv" in scope.get("query_string", b"")


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def guarded(scope, receive, send):
            if scope["type"] == "http" and b"_search" in scope.get("query_string", b""):
                scope = {**scope, "query_string": fold_search_params(scope["query_string"])}
            if scope["type"] != "http" or not _is_csv(scope):
                return await app(scope, receive, send)
            state: dict = {"csv": None}

            async def send_neutralized(message):
                if message["type"] == "http.response.start":
                    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-length"]
                    ctype = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                    if ctype.startswith((b"text/csv", b"text/plain")):
                        state["csv"] = CsvNeutralizer()
                        message = {**message, "headers": headers}
                elif message["type"] == "http.response.body" and state["csv"] is not None:
                    more = message.get("more_body", False)
                    message = {**message, "body": state["csv"].feed(message.get("body", b""), final=not more)}
                await send(message)

            await app(scope, receive, send_neutralized)
        return guarded
    return wrap


@hookimpl
def startup(datasette):
    source = os.environ.get("SOLIEU_SERVE_SOURCE")
    served = os.environ.get("SOLIEU_SERVE_SNAPSHOT")
    interval = float(os.environ.get("SOLIEU_SERVE_REFRESH") or 0)
    if served and Path(served).parent.name.startswith("solieu-serve-"):
        atexit.register(shutil.rmtree, Path(served).parent, True)  # the snapshot goes with the server
    if source and served and interval > 0:  # a thread: Datasette runs startup hooks in another event loop
        threading.Thread(target=_refresh_loop, args=(Path(source), Path(served), interval), daemon=True,
                         name="solieu-snapshot-refresh").start()


def _refresh_loop(source: Path, served: Path, interval: float) -> None:
    from solieu.serve import ServeError, refresh_snapshot, signature

    seen = signature(source)
    while True:
        time.sleep(interval)
        now = signature(source)
        if now == seen:
            continue
        try:
            refresh_snapshot(source, served)
            seen = now
        except (ServeError, sqlite3.Error, OSError) as exc:  # keep serving the last good snapshot
            print(f"solieu serve: snapshot refresh failed, still serving the previous one: {exc}", flush=True)
