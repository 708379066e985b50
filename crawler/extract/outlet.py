"""Text helpers shared by the extraction modules: whitespace and accent folding, meta lookups, outlet names."""
from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit


def fold(s: str) -> str:
    """Lowercase ASCII fold without diacritics or non-alphanumerics, for fuzzy comparisons."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return re.sub(r"[^a-z0-9]", "", "".join(c for c in s if not unicodedata.combining(c)).lower())


def clean(s: str | None) -> str:
    """Collapse whitespace (NFC-normalised)."""
    return " ".join(unicodedata.normalize("NFC", s or "").split())


def first(meta: dict[str, list[str]], *keys: str) -> str | None:
    """First non-empty meta value among keys."""
    for key in keys:
        for val in meta.get(key, []):
            if clean(val):
                return clean(val)
    return None


def brands(url: str, site_name: str | None, meta: dict[str, list[str]], jsonld: list[dict]) -> set[str]:
    """Folded outlet names (host label, og:site_name, publisher) used to spot site suffixes and outlet bylines."""
    host = (urlsplit(url).hostname or "").removeprefix("www.").removeprefix("m.")
    out = {fold(host.split(".")[0]), fold(host)}
    for name in (site_name, first(meta, "og:site_name", "application-name", "copyright", "source")):
        if name:
            out.add(fold(name))
            out.add(fold(name.split(".")[0]))
    for obj in jsonld:
        pub = obj.get("publisher")
        if isinstance(pub, dict) and isinstance(pub.get("name"), str):
            out.add(fold(pub["name"]))
    return {b for b in out if len(b) >= 3}


def is_brand(segment: str, brands: set[str]) -> bool:
    """True when a text segment names the outlet rather than a person or a headline part."""
    folded = fold(segment)
    if not folded:
        return True
    if segment.lower().startswith("báo ") or re.search(r"\.(vn|net|com)\b|online$", segment, re.I):
        return True
    return any(b in folded or (folded in b and len(folded) >= 4) for b in brands)
