"""Sitemaps read with bounded memory: streamed gunzip under a byte cap, incremental XML, the newest N entries.

A sitemap comes from a site we do not control: a 2 MB .xml.gz can inflate to gigabytes and a urlset can
list millions of URLs. `SitemapReader` never holds more than one decompressed chunk and `max_entries`
entries (the newest by <lastmod>), and parses step by step so that the caller can yield to the reactor.
"""
from __future__ import annotations

import heapq
import zlib
from typing import Callable, Iterator

import lxml.etree

from crawler.extract.dates import aware_datetime

CHUNK = 1 << 20  # decompressed bytes parsed per step


class SitemapError(ValueError):
    """Not a sitemap: corrupt gzip or no urlset/sitemapindex root."""


class SitemapTooLarge(SitemapError):
    """The sitemap inflates to more than the byte cap (a gzip bomb or an oversized file)."""


def is_gzip(data: bytes) -> bool:
    """True when data starts with the gzip magic number."""
    return data[:2] == b"\x1f\x8b"


def gunzip_chunks(data: bytes, limit: int, chunk: int = CHUNK) -> Iterator[bytes]:
    """Decompress gzip data chunk by chunk; SitemapTooLarge once more than limit bytes come out."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    total = 0
    while True:
        try:
            out = inflater.decompress(data, chunk)
        except zlib.error as exc:
            raise SitemapError(f"corrupt gzip: {exc}") from exc
        data = inflater.unconsumed_tail
        total += len(out)
        if total > limit:
            raise SitemapTooLarge(f"inflates to more than {limit:,} bytes")
        if out:
            yield out
        if inflater.eof or not (data or out):
            return


def gunzip_capped(data: bytes, limit: int) -> bytes:
    """The whole decompressed data, refusing (SitemapTooLarge) more than limit bytes."""
    return b"".join(gunzip_chunks(data, limit))


def body_chunks(data: bytes, limit: int, chunk: int = CHUNK) -> Iterator[bytes]:
    """A sitemap body (gzip or plain) as decompressed chunks of at most `chunk` bytes, capped at limit."""
    if is_gzip(data):
        yield from gunzip_chunks(data, limit, chunk)
        return
    if len(data) > limit:
        raise SitemapTooLarge(f"larger than {limit:,} bytes")
    for start in range(0, len(data), chunk):
        yield data[start:start + chunk]


def lastmod_key(value: str | None) -> float:
    """A sortable timestamp of a <lastmod> (W3C datetime, naive = Vietnam time); missing or bad ones sort oldest."""
    when = aware_datetime(value) if value else None
    return when.timestamp() if when is not None else float("-inf")


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


class SitemapReader:
    """Parse one sitemap incrementally, keeping the newest `max_entries` entries that `keep` accepts.

    `keep(loc, when)` gets each entry's URL and lastmod timestamp (see lastmod_key) and returns False
    to skip it. After `steps()` is exhausted: `kind` ("urlset" or "sitemapindex"), `seen` (entries read),
    `over_limit` (accepted entries beyond max_entries) and `newest()`."""

    def __init__(self, max_bytes: int, max_entries: int,
                 keep: Callable[[str, float], bool] = lambda loc, when: True):
        self.max_bytes = max_bytes
        self.max_entries = max(0, max_entries)
        self.keep = keep
        self.kind: str | None = None
        self.seen = 0
        self.over_limit = 0
        self._heap: list[tuple[float, int, str, str | None]] = []

    def steps(self, body: bytes) -> Iterator[int]:
        """Parse body one chunk at a time, yielding the entries seen so far after each chunk."""
        parser = lxml.etree.XMLPullParser(events=("end",), tag=("{*}url", "{*}sitemap", "url", "sitemap"), recover=True, resolve_entities=False,
                                          no_network=True, huge_tree=False, remove_comments=True, remove_pis=True)
        for data in body_chunks(body, self.max_bytes):
            parser.feed(data)
            self._consume(parser)
            yield self.seen
        try:
            parser.close()
        except lxml.etree.XMLSyntaxError:
            pass  # recover=True: a truncated tail is not fatal, the entries read so far stand
        self._consume(parser)
        if self.kind is None:
            raise SitemapError("no urlset or sitemapindex root")

    def _consume(self, parser: lxml.etree.XMLPullParser) -> None:
        for _, el in parser.read_events():
            parent = el.getparent()
            if parent is None:
                continue
            if self.kind is None:
                root = _local(parent.tag)
                if root not in ("urlset", "sitemapindex"):
                    continue
                self.kind = root
            loc = lastmod = None
            for child in el:
                tag = child.tag
                if isinstance(tag, str):
                    if tag.endswith("loc"):
                        loc = child.text
                    elif tag.endswith("lastmod"):
                        lastmod = child.text
            el.clear()
            prev = el.getprevious()
            while prev is not None:  # drop the finished siblings: memory stays flat
                parent.remove(prev)
                prev = el.getprevious()
            if loc and loc.strip():
                self._offer(loc.strip(), lastmod.strip() if lastmod else None)

    def _offer(self, loc: str, lastmod: str | None) -> None:
        self.seen += 1
        when = lastmod_key(lastmod)
        if not self.keep(loc, when):
            return
        entry = (when, -self.seen, loc, lastmod)  # ties: the earlier entry wins
        if len(self._heap) < self.max_entries:
            heapq.heappush(self._heap, entry)
        else:
            self.over_limit += 1
            if self._heap and entry > self._heap[0]:
                heapq.heapreplace(self._heap, entry)

    def newest(self) -> list[tuple[str, str | None]]:
        """The kept (loc, lastmod) entries, newest lastmod first."""
        return [(loc, lastmod) for _, _, loc, lastmod in sorted(self._heap, reverse=True)]
