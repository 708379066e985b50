"""URL canonicalization: one spelling per article URL (courlan + w3lib, no hand-made regexes)."""
from __future__ import annotations

from urllib.parse import urlsplit

import courlan
from w3lib.url import url_query_cleaner

# Tracking parameters courlan's strict mode does not know about.
EXTRA_TRACKING = ("gidzl", "fbclid", "zarsrc", "zacc", "gclid", "dclid", "msclkid", "igshid", "_ga",
                  "mc_cid", "mc_eid")


def canonical_url(url: str) -> str:
    """Normalize a URL: lowercase host, no fragment, no tracking parameters (utm_*, fbclid, gidzl…)."""
    try:
        cleaned = courlan.normalize_url(url, strict=True)
    except (ValueError, TypeError):
        cleaned = url.split("#", 1)[0]
    return url_query_cleaner(cleaned, EXTRA_TRACKING, remove=True, keep_fragments=False)


FETCHABLE_SCHEMES = ("http", "https")


def is_fetchable(url: str) -> bool:
    """True for an absolute http(s) URL with a host: the only URLs the crawler may ever request."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in FETCHABLE_SCHEMES and bool(parts.hostname)


def same_site(url: str, base: str) -> bool:
    """True when url is an http(s) URL on the same host as base (ignoring a leading www. and m. and amp.)."""
    if not is_fetchable(url):
        return False

    def host(u: str) -> str:
        h = urlsplit(u).netloc.lower()
        for prefix in ("www.", "m.", "amp."):
            if h.startswith(prefix):
                h = h[len(prefix):]
        return h
    return bool(host(url)) and host(url) == host(base)
