"""Vietnamese date and time strings -> aware datetimes (pure; Vietnam time unless an offset is written).

"Thứ Năm, 29/2/2024 - 14:30", "22/10/2025, 19:25 (GMT+7)", "29 tháng 2 năm 2024", ISO strings from
meta tags and JSON-LD, unix timestamps. Page-level choice of the publication date is crawler.extract.dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
VN_OFFSET = timezone(timedelta(hours=7))  # naive dates and datetimes are Vietnam time

DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)")
_WORD_DATE_RE = re.compile(r"(?<!\d)(\d{1,2})\s+tháng\s+(\d{1,2})\s*(?:,|năm)?\s*(\d{4})(?!\d)", re.I)
_ISO_DATE_RE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_TIME_RE = re.compile(
    r"(?<![\d:])(\d{1,2})\s*(?::|h(?=\s*\d))\s*(\d{2})(?::(\d{2}))?(?![\d:])\s*(AM|PM|SA|CH)?", re.I
)
_GMT_RE = re.compile(r"(?:GMT|UTC)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?", re.I)


@dataclass(frozen=True)
class Found:
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


def parse_visible(text: str) -> Found | None:
    """Parse a visible Vietnamese date (dd/mm/yyyy with an optional nearby time and GMT offset)."""
    if not text:
        return None
    text = " ".join(text.split())
    m = DATE_RE.search(text) or _WORD_DATE_RE.search(text)
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
            return Found(dt, True, bool(g)) if dt else None
    dt = _build_dt(y, mo, d, tz=tz)
    return Found(dt, False, False) if dt else None


def parse_vietnamese_datetime(text: str) -> datetime | None:
    """Parse e.g. "Thứ tư, 22/10/2025, 19:25 (GMT+7)" into an aware datetime (Asia/Ho_Chi_Minh by default)."""
    found = parse_visible(text)
    return found.value if found else None


def parse_machine(value: str) -> Found | None:
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
            return Found(datetime.fromtimestamp(ts, tz=timezone.utc), True, True)
        m = _ISO_DATE_RE.search(value)
        if m and not DATE_RE.search(value):
            dt0 = _build_dt(*(int(x) for x in m.groups()))
            return Found(dt0, False, False) if dt0 else None
        return parse_visible(value)
    if not 1990 <= dt.year <= 2100:
        return None
    has_time = "T" in iso
    if dt.tzinfo is None:
        return Found(dt.replace(tzinfo=VN_TZ), has_time, False)
    return Found(dt, has_time, True)


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
