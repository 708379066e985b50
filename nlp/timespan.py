"""Periods as time spans: "2024-Q1" -> 2024-01-01..2024-03-31 (quarter); relative wording resolved.

Period codes are the ones nlp/periods.py writes ("2024", "2021-2025", "2024-H1", "2024-Q1", "2024-9M",
"2024-10", "2023-06-30"); relative phrases ("quý I năm trước", "cùng kỳ", "cuối tháng 5", "năm nay")
are resolved against a publication date. Pure functions, no I/O.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

GRANULARITIES = ("multi-year", "year", "half", "quarter", "running-months", "month", "day", "as-of")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class TimeSpan:
    """A period as a closed span of days, with its granularity and code."""

    start: date
    end: date
    granularity: str   # one of GRANULARITIES
    code: str          # the period code it was read from, e.g. "2024-Q1"

    def as_dict(self) -> dict[str, str]:
        """period_start, period_end (ISO dates) and granularity, as stored on an observation."""
        return {"period_start": self.start.isoformat(), "period_end": self.end.isoformat(),
                "granularity": self.granularity}


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def parse_period(code: str | None) -> TimeSpan | None:
    """The time span of a period code, or None when it is empty or not a period code.

    >>> s = parse_period("2024-9M"); (s.start.isoformat(), s.end.isoformat(), s.granularity)
    ('2024-01-01', '2024-09-30', 'running-months')
    """
    if code is not None and not isinstance(code, str):
        raise ValueError("a period code must be a str or None")
    p = (code or "").strip().upper()
    if not p:
        return None
    try:
        if m := re.fullmatch(r"(\d{4})", p):
            y = int(m[1])
            return TimeSpan(date(y, 1, 1), date(y, 12, 31), "year", p)
        if m := re.fullmatch(r"(\d{4})-(\d{4})", p):
            a, b = int(m[1]), int(m[2])
            return TimeSpan(date(a, 1, 1), date(b, 12, 31), "multi-year", p) if a < b else None
        if m := re.fullmatch(r"(\d{4})-H([12])", p):
            y, h = int(m[1]), int(m[2])
            return TimeSpan(date(y, 6 * h - 5, 1), _month_end(y, 6 * h), "half", p)
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", p):
            y, q = int(m[1]), int(m[2])
            return TimeSpan(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter", p)
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})M", p):
            y, n = int(m[1]), int(m[2])
            if n == 12:
                return TimeSpan(date(y, 1, 1), date(y, 12, 31), "year", m[1])
            return TimeSpan(date(y, 1, 1), _month_end(y, n), "running-months", f"{y}-{n}M")
        if m := re.fullmatch(r"(\d{4})-(\d{2})", p):
            y, mo = int(m[1]), int(m[2])
            return TimeSpan(date(y, mo, 1), _month_end(y, mo), "month", p)
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", p):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return TimeSpan(d, d, "day", p)
    except ValueError:  # month 13, 31 February
        return None
    return None


def _pub_date(published: str | date | None) -> date | None:
    if isinstance(published, date):
        return published
    if not published:
        return None
    try:
        return date.fromisoformat(str(published)[:10])
    except ValueError:
        return None


def as_of(published: str | date | None) -> TimeSpan | None:
    """The publication day as the time stamp of a figure that states no period."""
    d = _pub_date(published)
    return TimeSpan(d, d, "as-of", d.isoformat()) if d else None


_YEAR_REL = r"(?:\s+(?:năm\s+)?(nay|này|ngoái|trước|qua|(?:19|20)\d\d))?"
_RELATIVE: list[tuple[str, re.Pattern[str]]] = [
    ("same", re.compile(r"(?<!so với )(?<!so )(?<!\w)cùng kỳ(?: năm (?:trước|ngoái))?(?!\w)")),
    ("quarter", re.compile(r"(?<!\w)quý\s+(iv|i{1,3}|[1-4])(?:\s+năm\s+(nay|này|ngoái|trước|qua))(?!\w)")),
    ("quarter_rel", re.compile(r"(?<!\w)quý\s+(này|trước|vừa qua|qua)(?!\w)")),
    ("month_end", re.compile(r"(?<!\w)(?:cuối|hết|đến hết|đến cuối)\s+tháng\s+(\d{1,2})" + _YEAR_REL + r"(?![\w/])")),
    ("month_rel", re.compile(r"(?<!\w)tháng\s+(này|trước|vừa qua|qua)(?!\w)")),
    ("months", re.compile(r"(?<!\w)(\d{1,2}) tháng (?:đầu năm|qua)(?:\s+(nay|này))?(?!\w|\s*(?:19|20)\d\d)")),
    ("year", re.compile(r"(?<!\w)năm\s+(nay|này|ngoái|trước|qua)(?!\w)")),
]


def _shift_year(word: str | None, pub: date) -> int:
    if word and word.isdigit():
        return int(word)
    return pub.year - (1 if word in ("ngoái", "trước", "qua") else 0)


def resolve_relative(text: str, published: str | date | None, base: str | None = None) -> str | None:
    """The period code a relative phrase in text stands for, given the publication date.

    base is the period already known for the sentence: "cùng kỳ" is the same span one year earlier.

    >>> [resolve_relative(t, "2026-05-10") for t in ("quý I năm trước", "cuối tháng 4", "năm nay", "quý trước")]
    ['2025-Q1', '2026-04-30', '2026', '2026-Q1']
    >>> resolve_relative("tăng so với cùng kỳ", "2026-05-10", base="2026-Q1") is None  # a comparison base
    True
    """
    if not isinstance(text, str):
        raise ValueError("text must be a str")
    pub = _pub_date(published)
    if pub is None:
        return None
    low = text.lower()
    for kind, rx in _RELATIVE:
        m = rx.search(low)
        if not m:
            continue
        if kind == "same":
            span = parse_period(base)
            if span is None:
                continue  # "cùng kỳ" without a period to be the same as
            return _same_period_last_year(span)
        if kind == "quarter":
            return f"{_shift_year(m[2], pub)}-Q{_ROMAN[m[1]]}"
        if kind == "quarter_rel":
            q, y = (pub.month - 1) // 3 + 1, pub.year
            if m[1] != "này":
                q, y = (q - 1, y) if q > 1 else (4, y - 1)
            return f"{y}-Q{q}"
        if kind == "month_end":
            mo = int(m[1])
            if not 1 <= mo <= 12:
                return None
            y = _shift_year(m[2], pub) if m[2] else (pub.year if mo <= pub.month else pub.year - 1)
            return _month_end(y, mo).isoformat()
        if kind == "month_rel":
            y, mo = pub.year, pub.month
            if m[1] != "này":
                y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
            return f"{y}-{mo:02d}"
        if kind == "months":
            n = int(m[1])
            if not 1 <= n <= 12:
                return None
            return f"{pub.year}-H1" if n == 6 else (str(pub.year) if n == 12 else f"{pub.year}-{n}M")
        if kind == "year":
            return str(_shift_year(m[1], pub))
    return None


def _same_period_last_year(span: TimeSpan) -> str | None:
    code = span.code
    if span.granularity == "multi-year":
        return None
    return f"{int(code[:4]) - 1}{code[4:]}"


def span_for(period: str | None, published: str | date | None) -> TimeSpan | None:
    """The span of a stated period code, else the publication day ("as-of"), else None.

    >>> span_for(None, "2026-03-05T10:00:00+07:00").granularity, span_for("2024-H1", None).granularity
    ('as-of', 'half')
    """
    return parse_period(period) or as_of(published)


def span_columns(period: str | None, published: str | None) -> dict[str, str | None]:
    """period_start, period_end and granularity for a stored observation (all None without any date).

    >>> span_columns("2024-Q1", None)
    {'period_start': '2024-01-01', 'period_end': '2024-03-31', 'granularity': 'quarter'}
    """
    span = span_for(period, published)
    return span.as_dict() if span else {"period_start": None, "period_end": None, "granularity": None}
