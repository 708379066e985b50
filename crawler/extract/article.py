"""Article extraction: a pure function from page HTML (str or bytes) to an Article record; never fetches."""

from __future__ import annotations

import html as htmlmod
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import trafilatura
from lxml.html import HtmlElement

from crawler.extract.byline import find_author
from crawler.extract.dates import jsonld_objects, meta_map, parse_modified, parse_published
from crawler.extract.outlet import brands as outlet_brands, clean, first, fold, is_brand
from crawler.extract.listing import article_verdict, is_noise as _is_noise, on_same_site
from crawler.extract.urls import canonical_url

ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
    "backgroundnewsarticle", "reviewnewsarticle", "blogposting", "liveblogposting", "report",
}
_SEPARATORS_RE = re.compile(r"\s+[-|–—:]{1,2}\s+")
_VI_CHARS = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HTML_HINT_RE = re.compile(r"<\s*(!doctype|html|head|body|p|div|article|h1|title|meta|span|main|section)\b", re.I)
_BLOCK_TAGS = {"div", "p", "h2", "h3", "h4", "ul", "ol", "table", "section", "article", "figure", "header", "footer"}
# Length caps: a hostile or broken page must not store a 1 MB "title".
MAX_TITLE, MAX_SAPO, MAX_AUTHOR = 300, 1500, 200


class ExtractionError(ValueError):
    """Raised when a page cannot yield an article: empty page, no article text, not HTML, nested too deep.

    `reason` is the drop counter the crawl counts it under."""

    def __init__(self, message: str, reason: str = "no_article_text"):
        super().__init__(message)
        self.reason = reason


def cap(text: str | None, limit: int) -> str | None:
    """text cut to at most limit characters at a word boundary (with …); None stays None.

    >>> cap("Hà Nội công bố số liệu mới", 12)
    'Hà Nội công…'
    """
    if text is None or len(text) <= limit:
        return text
    cut = text[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[:cut.rfind(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


@dataclass
class Article:
    """One extracted news article."""

    url: str
    canonical_url: str
    title: str
    sapo: str | None
    text: str
    author: str | None
    published_at: str | None
    modified_at: str | None
    language: str | None
    site_name: str | None
    tags: list[str] = field(default_factory=list)
    is_article: bool = False
    not_article_reason: str | None = None  # drop counter when is_article is False (listing_page, not_article)

    def to_dict(self) -> dict:
        """Plain dict (JSON-serialisable)."""
        return asdict(self)


def decode_html(data: str | bytes) -> str:
    """NFC text of a page: valid UTF-8, else the declared charset, else windows-1258 (legacy Vietnamese)."""
    if isinstance(data, bytes):
        if b"\x00" in data[:2048]:
            raise ExtractionError("not HTML: binary content")
        m = _CHARSET_RE.search(data[:4096])
        # Valid UTF-8 with non-ASCII bytes is almost never legacy text, so it beats a (often wrong) declaration.
        declared = [m.group(1).decode("ascii").lower()] if m else []
        for enc in ["utf-8-sig", *declared]:
            try:
                data = data.decode(enc)
                break
            except (LookupError, UnicodeDecodeError):
                continue
        else:
            data = data.decode("cp1258", errors="replace")
    return unicodedata.normalize("NFC", data)


def _strip_site_suffix(text: str, brands: set[str]) -> str:
    """Drop trailing " - Báo VnExpress ..." / " | Outlet" parts."""
    text = clean(text)
    for _ in range(3):
        parts = _SEPARATORS_RE.split(text)
        if len(parts) < 2 or not is_brand(parts[-1], brands) or len(parts[-1].split()) > 6:
            break
        text = text[: text.rfind(parts[-1])].rstrip(" -|–—:")
    return text


def _strip_outlet_prefix(text: str) -> str:
    """Drop a leading outlet tag such as "TTO - " or "(HNMO) - "."""
    return re.sub(r"^\s*(\([^()]{2,25}\)|[A-ZĐ][A-Z0-9Đ.]{1,11})\s*[-–—]\s+", "", text)


def canonical(url: str, tree: HtmlElement, meta: dict[str, list[str]]) -> str:
    """<link rel=canonical>/og:url when on the same site, else url; tracking params and fragments dropped."""
    chosen = url
    links = tree.xpath("//link[contains(concat(' ', translate(@rel,'CANONICAL','canonical'), ' '),' canonical ')]/@href")
    for cand in [*links, *meta.get("og:url", [])]:
        cand = urljoin(url, cand.strip())
        if on_same_site(cand, url):
            chosen = cand
            break
    return canonical_url(chosen)


def ld_text(value: object) -> str:
    """A JSON-LD string as plain text: HTML entities unescaped ("B&#236;nh" -> "Bình"), whitespace collapsed."""
    return clean(htmlmod.unescape(value)) if isinstance(value, str) else ""


def _ld_article(jsonld: list[dict]) -> dict | None:
    """The first JSON-LD object typed as an article."""
    for obj in jsonld:
        types = obj.get("@type")
        types = types if isinstance(types, list) else [types]
        if any(isinstance(t, str) and t.lower() in ARTICLE_TYPES for t in types):
            return obj
    return None


def _heading_text(h: HtmlElement) -> str:
    """Heading text up to the first block child (unclosed <h1> in broken HTML swallows the page)."""
    parts = [h.text or ""]
    for child in h:
        if child.tag in _BLOCK_TAGS:
            break
        if isinstance(child.tag, str):
            inner = child.text_content()
            # <span>A:</span><span>B</span>: two inline elements back to back are two words
            last = next((p for p in reversed(parts) if p), "")
            if inner and last and not last[-1].isspace() and not inner[0].isspace() and _after_element(child):
                parts.append(" ")
            parts.append(inner)
        parts.append(child.tail or "")
    text = clean("".join(parts))
    return text if len(text) <= 300 else ""


def _after_element(el: HtmlElement) -> bool:
    """True when el directly follows another element (no text between them)."""
    prev = el.getprevious()
    return prev is not None and isinstance(prev.tag, str) and not (prev.tail or "")


def _title(tree: HtmlElement, meta: dict[str, list[str]], ld: dict | None, brands: set[str]) -> str:
    """Headline: h1 matching og:title, a headline-ish h1, og:title, any h1, <title>, all without site suffix."""
    ld_head = ld_text(ld.get("headline")) if ld else None
    meta_title = first(meta, "og:title", "twitter:title") or ld_head or None
    meta_title = _strip_site_suffix(meta_title, brands) if meta_title else None
    h1s = [(h, _heading_text(h)) for h in tree.iter("h1") if not _is_noise(h)]
    h1s = [(h, t) for h, t in h1s if t and not (fold(t) in brands or (len(t.split()) <= 3 and is_brand(t, brands)))]
    if meta_title:
        for _, text in h1s:
            if fold(text) == fold(meta_title):
                return text
    for h, text in h1s:
        hint = f"{h.get('class', '')} {h.get('id', '')} {h.get('itemprop', '')}".lower()
        if len(text) >= 10 and ("title" in hint or "headline" in hint or h.xpath("ancestor::article")):
            return text
    if meta_title:
        return meta_title
    for _, text in h1s:
        if len(text.split()) >= 3:
            return text
    title_el = tree.find(".//title")
    return _strip_site_suffix(title_el.text_content(), brands) if title_el is not None else ""


def _sapo(tree: HtmlElement, meta: dict[str, list[str]], ld: dict | None, brands: set[str]) -> str | None:
    """Lead paragraph: a visible .sapo/.description element, else og/meta/JSON-LD description."""
    xp = ("//*[self::p or self::div or self::h2 or self::span or self::section]"
          "[contains(translate(@class,'SAPO','sapo'),'sapo') or contains(concat(' ',@class,' '),' description ')"
          " or contains(concat(' ',@class,' '),' lead ') or contains(concat(' ',@class,' '),' summary ')"
          " or contains(concat(' ',@class,' '),' chapeau ') or contains(concat(' ',@class,' '),' article-summary ')]")
    found = [t for el in tree.xpath(xp) if not _is_noise(el) and 30 <= len(t := clean(el.text_content())) < 1500]
    if 1 <= len(found) <= 2:  # many matches means per-item teasers of a listing page
        return _strip_outlet_prefix(found[0])
    ld_desc = ld_text(ld.get("description")) if ld else None
    for cand in (first(meta, "og:description", "twitter:description"), ld_desc, first(meta, "description")):
        if cand and len(cand) >= 20:
            return _strip_outlet_prefix(_strip_site_suffix(cand, brands))
    return None


def _language(tree: HtmlElement, meta: dict[str, list[str]], text: str) -> str | None:
    """Primary language subtag from <html lang>, meta or og:locale, else a Vietnamese-diacritics guess."""
    for cand in (tree.get("lang"), tree.get("{http://www.w3.org/XML/1998/namespace}lang"),
                 first(meta, "content-language", "language", "inlanguage", "og:locale")):
        if cand and re.match(r"^[a-zA-Z]{2,3}\b", cand.strip()):
            return re.split(r"[-_]", cand.strip())[0].lower()
    letters = [c for c in text.lower() if c.isalpha()]
    if letters and sum(c in _VI_CHARS for c in letters) / len(letters) > 0.05:
        return "vi"
    return None


def _tags(tree: HtmlElement, meta: dict[str, list[str]], ld: dict | None) -> list[str]:
    """Deduplicated tags from article:tag, news_keywords/keywords and JSON-LD keywords."""
    raw: list[str] = list(meta.get("article:tag", []))
    for key in ("news_keywords", "keywords"):
        for val in meta.get(key, []):
            raw.extend(val.split(","))
    kw = ld.get("keywords") if ld else None
    if isinstance(kw, str):
        raw.extend(kw.split(","))
    elif isinstance(kw, list):
        raw.extend(k for k in kw if isinstance(k, str))
    unique: dict[str, str] = {}
    for tag in filter(None, map(clean, raw)):
        unique.setdefault(tag.lower(), tag)
    return list(unique.values())


def _fallback_text(tree: HtmlElement) -> str:
    """Paragraph and list texts outside noise blocks, when trafilatura finds nothing."""
    lines = []
    for el in tree.xpath("//body//*[self::p or self::li or self::h2 or self::h3 or self::td]"):
        if not _is_noise(el) and not el.xpath("ancestor::li or ancestor::p or ancestor::header"):
            text = clean(el.text_content())
            if text:
                lines.append(text)
    return "\n".join(lines)


def _body(html: str, url: str) -> tuple[str, dict]:
    """Main text and metadata from trafilatura (precision first, recall as fallback)."""
    result = None
    for kwargs in ({"favor_precision": True}, {"favor_recall": True}):
        doc = trafilatura.bare_extraction(html, url=url or None, include_comments=False, include_tables=True,
                                          with_metadata=True, **kwargs)
        if doc is not None:
            result = doc if isinstance(doc, dict) else doc.as_dict()
            if len(result.get("text") or "") >= 200:
                break
    result = result or {}
    return (result.get("text") or "").strip(), result


def _dedupe_lead(text: str, title: str, sapo: str | None) -> str:
    """Remove the headline and the sapo when repeated at the start of the body."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    heads = {fold(title)} | ({fold(sapo), fold(_strip_outlet_prefix(sapo))} if sapo else set())
    heads.discard("")
    while lines and (fold(lines[0]) in heads or fold(_strip_outlet_prefix(lines[0])) in heads):
        lines.pop(0)
    if lines and sapo:
        folded_sapo = fold(_strip_outlet_prefix(sapo))
        first = _strip_outlet_prefix(lines[0])
        if folded_sapo and fold(first).startswith(folded_sapo) and first.startswith(_strip_outlet_prefix(sapo)):
            rest = first[len(_strip_outlet_prefix(sapo)):].strip()
            lines = ([rest] if rest else []) + lines[1:]
    return "\n".join(lines)


def _parse_tree(html: str) -> HtmlElement:
    """Parse HTML into an lxml tree, tolerating XML declarations and broken markup."""
    html = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    parser = lxml.html.HTMLParser()
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (ValueError, lxml.etree.ParserError) as exc:
        raise ExtractionError(f"not HTML: {exc}") from exc
    if any("Excessive depth" in e.message for e in parser.error_log):
        # libxml2 stops at 256 levels: what follows (the body) is lost, so this is no article
        raise ExtractionError("page nested too deeply (over 256 levels): body lost", reason="too_deep")
    return tree


def extract_article(html: str | bytes, url: str, *, now: datetime | None = None) -> Article:
    """Turn one page's HTML into an Article; raises ExtractionError for empty, text-less or non-HTML input."""
    if html is None or (isinstance(html, (bytes, str)) and not html.strip()):
        raise ExtractionError("empty page")
    text_html = decode_html(html)
    if not text_html.strip():
        raise ExtractionError("empty page")
    if not _HTML_HINT_RE.search(text_html[:20000]):
        raise ExtractionError("not HTML: no HTML tags found")
    tree = _parse_tree(text_html)
    for bad in tree.xpath("//script[not(contains(@type,'ld+json'))] | //style | //noscript | //template"):
        bad.drop_tree()
    meta, jsonld = meta_map(tree), jsonld_objects(tree)
    ld = _ld_article(jsonld)
    body, traf = _body(text_html, url)
    if not body:
        body = _fallback_text(tree)
    if not body.strip():
        raise ExtractionError("no article text")
    site_name = first(meta, "og:site_name", "application-name")
    if not site_name and ld and isinstance(ld.get("publisher"), dict):
        site_name = ld["publisher"].get("name")
    site_name = site_name or (urlsplit(url).hostname or "").removeprefix("www.") or None
    brands = outlet_brands(url, site_name, meta, jsonld)
    title = cap(_title(tree, meta, ld, brands) or clean(traf.get("title")), MAX_TITLE)
    sapo = cap(_sapo(tree, meta, ld, brands), MAX_SAPO)
    text = _dedupe_lead(body, title, sapo)
    author, byline_line = find_author(tree, meta, ld, text, brands, _is_noise)
    if byline_line and text.splitlines() and text.splitlines()[-1] == byline_line:
        text = "\n".join(text.splitlines()[:-1])
    if not text.strip():
        raise ExtractionError("no article text")
    verdict = article_verdict(tree, meta, ld, title, text, url)
    return Article(
        url=url,
        canonical_url=canonical(url, tree, meta) if url else url,
        title=title,
        sapo=sapo,
        text=text,
        author=cap(author, MAX_AUTHOR),
        published_at=parse_published(tree, url, now=now, meta=meta, jsonld=jsonld),
        modified_at=parse_modified(tree, now=now, meta=meta, jsonld=jsonld),
        language=_language(tree, meta, text),
        site_name=clean(site_name) or None,
        tags=_tags(tree, meta, ld),
        is_article=verdict is None,
        not_article_reason=verdict,
    )
