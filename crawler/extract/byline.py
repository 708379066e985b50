"""Who wrote an article: JSON-LD Person, byline elements, or a name on the body's last line (not the outlet)."""
from __future__ import annotations

import html
import re
from typing import Callable

from lxml.html import HtmlElement

from crawler.extract.outlet import clean, first, is_brand

_BYLINE_PREFIX_RE = re.compile(r"^(bài\s*(và|&)\s*ảnh|bài|tác giả|người viết|by|pv|phóng viên|nhóm pv)\s*[:.\-]?\s*", re.I)
_NAME_STOPWORDS = {
    "theo", "nguồn", "ảnh", "video", "xem", "bài", "tin", "bệnh", "bộ", "sở", "công", "trường", "ủy", "ubnd",
    "thành", "tỉnh", "báo", "đọc", "tham", "liên", "chia", "bình", "tags", "tag", "từ", "quay", "trang",
}
_NOT_NAMES = {
    "việt nam", "hà nội", "hải phòng", "đà nẵng", "cần thơ", "thừa thiên huế", "hồ chí minh", "tp hcm",
    "tp hồ chí minh", "bắc ninh", "quảng ninh", "nghệ an", "thanh hóa", "đồng nai", "bình dương", "liên hợp quốc",
}


def _split_names(text: str) -> list[str]:
    """Split "A, B và C" / "A - B" into names."""
    return [n.strip() for n in re.split(r",|;|&|\s+[-–—]\s+|\s+và\s+|\s+and\s+", text) if n.strip()]


def _looks_like_name(name: str) -> bool:
    """A 2-6 word capitalised Vietnamese personal name without digits or sentence punctuation."""
    words = name.split()
    if not 2 <= len(words) <= 6 or len(name) > 40 or re.search(r"[\d:?!\"“”/@]|\.$", name):
        return False
    if words[0].lower().strip("(") in _NAME_STOPWORDS or name.lower().replace(".", "") in _NOT_NAMES:
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha()) and all(w[0].isalpha() for w in words)


def byline(text: str, brands: set[str]) -> str | None:
    """Normalise a byline text into "A, B" or None when it is not a person's name."""
    text = _BYLINE_PREFIX_RE.sub("", clean(text))
    text = re.sub(r"\s*\((tổng hợp|theo [^)]*|lược dịch|dịch|[^)]{0,30})\)\s*$", "", text, flags=re.I)
    text = re.sub(r"\s*[-–—]\s*(ảnh|video|clip)\s*:.*$", "", text, flags=re.I)
    names = _split_names(text)
    if not names or any(not _looks_like_name(n) or is_brand(n, brands) for n in names):
        return None
    return ", ".join(names)


def ld_person_names(ld: dict | None, brands: set[str]) -> list[str]:
    """Names of JSON-LD authors typed Person (not the outlet)."""
    if not ld:
        return []
    authors = ld.get("author")
    authors = authors if isinstance(authors, list) else [authors]
    names = [clean(html.unescape(a["name"])) for a in authors
             if isinstance(a, dict) and a.get("@type") != "Organization" and isinstance(a.get("name"), str)]
    return [n for n in names if n and not is_brand(n, brands)]


def find_author(tree: HtmlElement, meta: dict[str, list[str]], ld: dict | None, body: str,
                brands: set[str], is_noise: Callable[[HtmlElement], bool]) -> tuple[str | None, str | None]:
    """(author, byline line found at the end of body) from JSON-LD Person, byline elements or the last paragraph."""
    last = body.splitlines()[-1] if body else ""
    from_last = byline(last, brands) if last else None
    people = ld_person_names(ld, brands)
    if people:
        return ", ".join(people), last if from_last else None
    xp = ("//*[contains(translate(@class,'AUTHORBYLINE','authorbyline'),'author')"
          " or contains(translate(@class,'AUTHORBYLINE','authorbyline'),'byline') or contains(@class,'tac-gia')"
          " or @rel='author' or @itemprop='author'] | //p[contains(translate(@style,'RIGHT','right'),'right')]")
    for el in reversed(tree.xpath(xp)):
        if el.tag in ("meta", "link") or is_noise(el):
            continue
        raw = el.get("content") if el.tag == "meta" else el.text_content()
        name = byline(raw or "", brands)
        if name:
            return name, last if from_last else None
    if from_last:
        return from_last, last
    cand = first(meta, "author", "article:author", "dc.creator")
    return (byline(cand, brands) if cand and not cand.startswith("http") else None), None
