"""Publication dates of Vietnamese news pages: pure parsing, never fetches, never guesses "now"."""

from __future__ import annotations

import json
import re
from copy import deepcopy
from datetime import date, datetime, time, timedelta

import lxml.html
from lxml.html import HtmlElement

from crawler.extract.datetext import (VN_OFFSET, VN_TZ, DATE_RE, Found, parse_machine, parse_visible,  # noqa: F401 (re-exported)
                                     aware_datetime, parse_vietnamese_datetime)

FUTURE_SKEW = timedelta(minutes=10)

# Highest priority: structured "published" fields (meta property/itemprop and JSON-LD).
PUBLISHED_META = ("article:published_time", "datepublished")
# Then pubdate-like meta tags.
PUBDATE_META = (
    "og:published_time", "pubdate", "publishdate", "publish-date", "publish_date",
    "article.published", "article_date_original", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "date", "cxenseparse:recs:publishtime",
)
MODIFIED_META = (
    "article:modified_time", "datemodified", "og:updated_time", "lastmod", "last-modified",
    "dcterms.modified", "article.updated",
)
# Elements whose class/id suggests a visible publication date.
_DATE_HINT_XPATH = (
    "//time | //*[contains(translate(concat(@class,' ',@id),'DATETIMPUBLSH','datetimpublsh'),'date')"
    " or contains(translate(concat(@class,' ',@id),'DATETIMPUBLSH','datetimpublsh'),'time')"
    " or contains(translate(concat(@class,' ',@id),'DATETIMPUBLSH','datetimpublsh'),'publish')]"
)
_NOISE_RE = re.compile(
    r"comment|binh-?luan|related|lien-?quan|footer|widget|xem-?nhieu|doc-?nhieu|most-?view|tin-?khac|other-?news", re.I
)
_MAX_VISIBLE_LEN = 120

def _is_future(found: Found, now: datetime) -> bool:
    """True when the candidate lies after `now` (plus a small skew)."""
    if found.has_time:
        return found.value > now + FUTURE_SKEW
    return found.value.date() > (now + FUTURE_SKEW).astimezone(VN_TZ).date()


def meta_map(tree: HtmlElement) -> dict[str, list[str]]:
    """Map lowercased meta name/property/itemprop/http-equiv to their content values, in page order."""
    out: dict[str, list[str]] = {}
    for el in tree.iter("meta"):
        content = el.get("content")
        if content is None or not content.strip():
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = (el.get(attr) or "").strip().lower()
            if key:
                out.setdefault(key, []).append(content.strip())
    return out


def _flatten_jsonld(data: object, out: list[dict]) -> None:
    """Collect dicts from a JSON-LD value (lists and @graph are unfolded)."""
    if isinstance(data, list):
        for item in data:
            _flatten_jsonld(item, out)
    elif isinstance(data, dict):
        out.append(data)
        if "@graph" in data:
            _flatten_jsonld(data["@graph"], out)


def jsonld_objects(tree: HtmlElement) -> list[dict]:
    """All JSON-LD objects of the page; malformed blocks are skipped."""
    out: list[dict] = []
    for script in tree.xpath("//script[contains(translate(@type,'LDJSON','ldjson'),'ld+json')]"):
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            try:
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", raw), strict=False)
            except ValueError:
                continue
        _flatten_jsonld(data, out)
    return out


def _as_tree(tree_or_html: HtmlElement | str) -> HtmlElement:
    """Accept a parsed tree or an HTML string."""
    if isinstance(tree_or_html, HtmlElement):
        return tree_or_html
    return lxml.html.document_fromstring(tree_or_html)


def _structured(tree: HtmlElement, meta: dict[str, list[str]], jsonld: list[dict],
                meta_keys: tuple[str, ...], itemprop: str, ld_key: str) -> list[str]:
    """Raw values from meta keys, itemprop elements and JSON-LD, in priority order."""
    values: list[str] = []
    for key in meta_keys:
        values.extend(meta.get(key, []))
    for el in tree.xpath(f"//*[@itemprop='{itemprop}'][not(self::meta)]"):
        values.append(el.get("content") or el.get("datetime") or el.text_content())
    for obj in jsonld:
        val = obj.get(ld_key)
        if isinstance(val, str):
            values.append(val)
    return values


def _visible_candidates(tree: HtmlElement) -> list[str]:
    """Texts of elements that look like a visible date line, skipping comment/related blocks."""
    texts: list[str] = []
    for el in tree.xpath(_DATE_HINT_XPATH):
        if el.tag in ("script", "style", "meta", "body", "html"):
            continue
        if any(_NOISE_RE.search(f"{a.get('class', '')} {a.get('id', '')}") for a in el.iterancestors()):
            continue
        if el.tag == "time" and el.get("datetime"):
            texts.append(el.get("datetime", ""))
        text = " ".join(el.text_content().split())
        if text and len(text) <= _MAX_VISIBLE_LEN:
            texts.append(text)
    return texts


def _pick(values: list[str], now: datetime, visible: bool = False) -> tuple[Found | None, bool]:
    """(most precise non-future candidate, first among equals; whether a future date was seen)."""
    best: Found | None = None
    saw_future = False
    for raw in values:
        found = (parse_visible(raw) or parse_machine(raw)) if visible else parse_machine(raw)
        if found is None:
            continue
        if _is_future(found, now):
            saw_future = True
            continue
        if best is None or found.rank() < best.rank():
            best = found
    return best, saw_future


def _now(now: datetime | None) -> datetime:
    """Aware reference time (naive `now` is taken as Asia/Ho_Chi_Minh)."""
    if now is None:
        return datetime.now(VN_TZ)
    return now if now.tzinfo else now.replace(tzinfo=VN_TZ)


def parse_published(tree_or_html: HtmlElement | str, url: str = "", *, now: datetime | None = None,
                    meta: dict[str, list[str]] | None = None, jsonld: list[dict] | None = None) -> str | None:
    """Publication time as ISO 8601 (+07:00 offset), a bare date from the fallback, or None when undated."""
    tree = _as_tree(tree_or_html)
    ref = _now(now)
    meta = meta_map(tree) if meta is None else meta
    jsonld = jsonld_objects(tree) if jsonld is None else jsonld
    tiers: list[tuple[list[str], bool]] = [
        (_structured(tree, meta, jsonld, PUBLISHED_META, "datePublished", "datePublished"), False),
        ([v for k in PUBDATE_META for v in meta.get(k, [])]
         + [t.get("datetime", "") for t in tree.xpath("//time[@pubdate]")], False),
        (_visible_candidates(tree), True),
    ]
    best: Found | None = None
    saw_future = False
    for values, visible in tiers:
        found, future = _pick(values, ref, visible)
        saw_future = saw_future or future
        if found is None:
            continue
        if best is None:
            best = found
        elif found.has_time and found.value.astimezone(VN_TZ).date() == best.value.date():
            best = found  # a later tier supplies the time of day for a date-only value
        if best.has_time:
            return best.iso()
    if best is not None:
        return best.iso()
    if saw_future:  # only future dates on the page: treat as undated rather than guess
        return None
    return _htmldate_fallback(tree, url, ref)


def _htmldate_fallback(tree: HtmlElement, url: str, ref: datetime) -> str | None:
    """Date-only guess from htmldate (no extensive search), bounded by `ref`."""
    from htmldate import find_date  # imported lazily: heavy module

    pruned = deepcopy(tree)
    for el in pruned.xpath("//footer | //aside | //nav | //*[@class or @id]"):
        if el.getparent() is not None and (el.tag in ("footer", "aside", "nav")
                                           or _NOISE_RE.search(f"{el.get('class', '')} {el.get('id', '')}")):
            el.drop_tree()
    try:
        found = find_date(pruned, extensive_search=False, original_date=True, url=url or None,
                          max_date=ref.astimezone(VN_TZ).strftime("%Y-%m-%d"))
    except Exception:  # htmldate raises assorted errors on odd trees
        return None
    if not found:
        return None
    try:
        day = date.fromisoformat(found)
    except ValueError:
        return None
    if datetime.combine(day, time(), VN_TZ) > ref + FUTURE_SKEW:
        return None
    return day.isoformat()


def parse_modified(tree_or_html: HtmlElement | str, *, now: datetime | None = None,
                   meta: dict[str, list[str]] | None = None, jsonld: list[dict] | None = None) -> str | None:
    """Last-modified time from meta/itemprop/JSON-LD only, or None."""
    tree = _as_tree(tree_or_html)
    meta = meta_map(tree) if meta is None else meta
    jsonld = jsonld_objects(tree) if jsonld is None else jsonld
    values = _structured(tree, meta, jsonld, MODIFIED_META, "dateModified", "dateModified")
    found, _ = _pick(values, _now(now))
    return found.iso() if found else None
