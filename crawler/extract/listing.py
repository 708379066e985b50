"""Is a page an article or a listing of other pages (section, author, tag)? Judged from the page, no site patterns."""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from courlan import extract_domain
from lxml.html import HtmlElement

from crawler.extract.outlet import clean, first
from crawler.extract.urls import canonical_url, is_fetchable, same_site

_NOISE_RE = re.compile(
    r"comment|binh-?luan|related|lien-?quan|footer|xem-?them|tin-?khac|other-?news|box-?tag|tags?-?list", re.I
)
_LISTING_PATH_RE = re.compile(r"/(tag|tags|chu-de|topic|tim-kiem|search|category|danh-muc)(/|$)", re.I)
TEASER_TEXT = 20  # a link whose text is this long is a headline (a teaser of another page)


def on_same_site(cand: str, url: str) -> bool:
    """True when cand is an http(s) URL of url's site: the same host, or the same registered domain.

    Hosts without a registered domain (IP addresses, localhost) only match themselves."""
    if not is_fetchable(cand):
        return False
    if same_site(cand, url):
        return True
    base = extract_domain(url)
    return base is not None and extract_domain(cand) == base


def is_noise(el: HtmlElement) -> bool:
    """True when the element sits inside comments, related links or the footer."""
    for node in (el, *el.iterancestors()):
        if node.tag in ("footer", "nav", "aside"):
            return True
        if _NOISE_RE.search(f"{node.get('class', '')} {node.get('id', '')}"):
            return True
    return False


def _teasers(tree: HtmlElement, url: str) -> list[HtmlElement]:
    """Links in the page's content (not nav/header/footer/aside) whose headline-long text names another page."""
    here = canonical_url(url) if url else ""
    out, seen = [], set()
    for a in tree.xpath("//body//a[@href]"):
        href = urljoin(url, a.get("href", "").strip())
        if len(clean(a.text_content())) < TEASER_TEXT or not on_same_site(href, url or href):
            continue
        target = canonical_url(href)
        if target == here or target in seen or is_noise(a) or a.xpath("ancestor::header"):
            continue
        seen.add(target)
        out.append(a)
    return out


def _own_text(tree: HtmlElement, teasers: list[HtmlElement]) -> int:
    """Characters of the paragraphs that are not a teaser's summary (no teaser link in their block)."""
    near = {p for a in teasers for p in a.xpath("ancestor::*[position() <= 3]")}  # keeps the proxies alive
    total = 0
    for p in tree.xpath("//body//p"):
        if is_noise(p) or p.xpath(".//a[string-length(normalize-space(.)) >= 20]"):
            continue
        if any(anc in near for anc in p.xpath("ancestor::*[position() <= 2]")):
            continue
        total += len(clean(p.text_content()))
    return total


def _looks_like_listing(tree: HtmlElement, url: str) -> bool:
    """A listing (section, author, tag page): many headline links, or 3+ teasers and little own text."""
    if len(tree.xpath("//*[self::h2 or self::h3 or self::h4][.//a]")) >= 6 \
            or _LISTING_PATH_RE.search(urlsplit(url).path):
        return True
    teasers = _teasers(tree, url)
    return len(teasers) >= 3 and _own_text(tree, teasers) < 400


def article_verdict(tree: HtmlElement, meta: dict[str, list[str]], ld: dict | None, title: str, text: str,
                     url: str) -> str | None:
    """None for an article page, else the drop reason: explicit article markup, or a headline with a
    substantial body that is not a listing of other pages (no per-site patterns)."""
    explicit = (first(meta, "og:type") or "").lower() == "article" or ld is not None \
        or bool(meta.get("article:published_time"))
    if explicit:  # trust the markup unless the URL itself is a tag/search/category page
        return "listing_page" if _LISTING_PATH_RE.search(urlsplit(url).path) else None
    if _looks_like_listing(tree, url):
        return "listing_page"
    paragraphs = [ln for ln in text.splitlines() if len(ln) >= 80]
    return None if title and len(paragraphs) >= 2 and len(text) >= 300 else "not_article"
