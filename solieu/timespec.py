"""Time specs people type (--since values: 12h, 2d, 2024-05-01), as aware datetimes in Vietnam time."""
from __future__ import annotations

import re
from datetime import datetime, time, timedelta, timezone

from crawler.extract.datetext import VN_OFFSET as VN_TZ, aware_datetime

# Like systemd: m/min minutes, h hours, d days, w weeks, M/mo months (30 days), y years (365 days).
_AGO = re.compile(r"^\s*(\d+)\s*(min|mo|m|M|h|d|w|y)\s*$")
_UNITS = {"min": "minutes", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_LONG = {"M": 30, "mo": 30, "y": 365}


def parse_since(value: str, now: datetime | None = None, allow_future: bool = False) -> datetime:
    """--since: "12h", "2d", "1w", "30m" ago, or an ISO date ("2024-05-01", Vietnam midnight) or datetime."""
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=timezone.utc)
    text = (value or "").strip()
    m = _AGO.match(text)
    if m:
        n, unit = int(m.group(1)), m.group(2)
        try:
            if unit in _LONG:
                return now - timedelta(days=n * _LONG[unit])
            return now - timedelta(**{_UNITS[unit]: n})
        except OverflowError:
            raise ValueError(f"bad --since {value!r}: that is before year 1; use a smaller span") from None
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            when = datetime.combine(datetime.strptime(text, "%Y-%m-%d").date(), time(0), VN_TZ)
        else:
            when = aware_datetime(datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        when = None
    if when is None:
        raise ValueError(f"bad --since {value!r}: use a duration like 12h, 2d, 1w, 3mo "
                         "or a date like 2024-05-01 (or an ISO datetime)")
    if when > now and not allow_future:
        raise ValueError(f"bad --since {value!r}: it is in the future")
    return when
