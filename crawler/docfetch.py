"""Fetch one document over http(s) for `solieu ingest URL` (the crawl fetches through Scrapy instead)."""
from __future__ import annotations

import urllib.error
import urllib.request

from crawler.settings import USER_AGENT


class FetchError(ValueError):
    """A URL that cannot be fetched: not http(s), an HTTP error, too large, a network failure."""


def fetch_document(url: str, max_bytes: int, timeout: float = 60.0) -> tuple[bytes, str]:
    """(bytes, final URL) of a document; FetchError past max_bytes or on any failure."""
    if not url.startswith(("http://", "https://")):
        raise FetchError(f"only http(s) URLs are fetched: {url}")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            final = response.geturl()
            if not final.startswith(("http://", "https://")):
                raise FetchError(f"redirected off http(s): {final}")
            data = response.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        raise FetchError(f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchError(f"cannot fetch: {getattr(exc, 'reason', exc)}") from exc
    if len(data) > max_bytes:
        raise FetchError(f"larger than the {max_bytes:,}-byte cap")
    return data, final
