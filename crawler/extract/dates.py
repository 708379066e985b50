"""Publication dates of Vietnamese news pages: pure parsing, never fetches, never guesses "now"."""

from __future__ import annotations

import json
import re
from copy import deepcopy
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import lxml.html
from lxml.html import HtmlElement

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
VN_OFFSET = timezone(timedelta(hours=7))  # naive dates and datetimes are Vietnam time
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

_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_WORD_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,|năm)?\s*(\d{4})(?!\d)", re.I)
_ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_TIME_RE = re.compile(
    r"(?<![\d:])(\d{1,2})\s*(?::|h(?=\s*\d))\s*(\d{2})(?::(\d{2}))?(?![\d:])\s*(AM|PM|SA|CH)?", re.I
)
_GMT_RE = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.I)


@dataclass(frozen=True)
class _Found:
    """A parsed date candidate: value and whether it carried a time and an explicit offset."""

    value: datetime
    has_time: bool
    has_offset: bool

    def rank(self) -> int:
        """Lower is more precise: offset-aware time, naive time, date only."""
        return 0 if self.has_time and self.has_offset else (1 if self.has_time else 2)

    def iso(self) -> str:
        """ISO 8601 with a +07:00-style offset, or a bare date when no time was known."""
        if not self.has_time:
            return self.value.date().isoformat()
        return self.value.astimezone(VN_TZ).isoformat(timespec="seconds")


def _build_dt(y: int, mo: int, d: int, hh: int = 0, mi: int = 0, ss: int = 0,
              tz: timezone | ZoneInfo = VN_TZ) -> datetime | None:
    """Return an aware datetime, or None when the fields are out of range."""
    if not 1990 <= y <= 2100:
        return None
    try:
        return datetime(y, mo, d, hh, mi, ss, tzinfo=tz)
    except ValueError:
        return None


def _parse_vn(text: str) -> _Found | None:
    """Parse a visible Vietnamese date (dd/mm/yyyy with an optional nearby time and GMT offset)."""
    if not text:
        return None
    text = " ".join(text.split())
    m = _DATE_RE.search(text) or _WORD_DATE_RE.search(text)
    if m is None:
        return None
    d, mo, y = (int(g) for g in m.groups())
    tz: timezone | ZoneInfo = VN_TZ
    g = _GMT_RE.search(text)
    if g:
        sign = 1 if g.group(1) == "+" else -1
        offset = timedelta(hours=int(g.group(2)), minutes=int(g.group(3) or 0))
        if offset <= timedelta(hours=14):
            tz = VN_TZ if sign * offset == timedelta(hours=7) else timezone(sign * offset)
    tm = _TIME_RE.search(text, m.end(), m.end() + 30) or _TIME_RE.search(text, max(0, m.start() - 30), m.start())
    if tm:
        hh, mi, ss = int(tm.group(1)), int(tm.group(2)), int(tm.group(3) or 0)
        marker = (tm.group(4) or "").upper()
        if marker in ("PM", "CH") and hh < 12:
            hh += 12
        elif marker in ("AM", "SA") and hh == 12:
            hh = 0
        if hh < 24 and mi < 60 and ss < 60:
            dt = _build_dt(y, mo, d, hh, mi, ss, tz)
            return _Found(dt, True, bool(g)) if dt else None
    dt = _build_dt(y, mo, d, tz=tz)
    return _Found(dt, False, False) if dt else None


def parse_vietnamese_datetime(text: str) -> datetime | None:
    """Parse e.g. "Thứ tư, 22/10/2025, 19:25 (GMT+7)" into an aware datetime (Asia/Ho_Chi_Minh by default)."""
    found = _parse_vn(text)
    return found.value if found else None


def _parse_machine(value: str) -> _Found | None:
    """Parse an ISO-like machine date from meta/JSON-LD; naive values are Asia/Ho_Chi_Minh."""
    value = (value or "").strip()
    if not value:
        return None
    iso = re.sub(r"\s*([+-]\d{2}):?(\d{2})$", r"\1:\2", value.replace(" ", "T", 1) if "T" not in value else value)
    iso = re.sub(r"(\.\d{1,6})\d*", r"\1", iso)
    try:
        dt = datetime.fromisoformat(iso)
    except ValueError:
        if re.fullmatch(r"\d{10}(\d{3})?", value):  # unix timestamp (s or ms)
            ts = int(value[:10])
            return _Found(datetime.fromtimestamp(ts, tz=timezone.utc), True, True)
        m = _ISO_DATE_RE.search(value)
        if m and not _DATE_RE.search(value):
            dt0 = _build_dt(*(int(x) for x in m.groups()))
            return _Found(dt0, False, False) if dt0 else None
        return _parse_vn(value)
    if not 1990 <= dt.year <= 2100:
        return None
    has_time = "T" in iso
    if dt.tzinfo is None:
        return _Found(dt.replace(tzinfo=VN_TZ), has_time, False)
    return _Found(dt, has_time, True)


def _is_future(found: _Found, now: datetime) -> bool:
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


def _pick(values: list[str], now: datetime, visible: bool = False) -> tuple[_Found | None, bool]:
    """(most precise non-future candidate, first among equals; whether a future date was seen)."""
    best: _Found | None = None
    saw_future = False
    for raw in values:
        found = (_parse_vn(raw) or _parse_machine(raw)) if visible else _parse_machine(raw)
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
    best: _Found | None = None
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


def aware_datetime(value: str | datetime | None) -> datetime | None:
    """An ISO date/datetime (or datetime) as an aware datetime, naive ones taken as Vietnam time; None if unparsable."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        when = value
    else:
        text = str(value).strip().replace("Z", "+00:00")
        try:
            when = datetime.fromisoformat(text)
        except ValueError:
            return None
    return when if when.tzinfo else when.replace(tzinfo=VN_OFFSET)
