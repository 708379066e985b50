"""Period expressions ("quý I/2024", "6 tháng đầu năm 2024", "giai đoạn 2021-2025", ...) and their scope."""
from __future__ import annotations

import re
from dataclasses import dataclass

_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_Y = r"((?:19|20)\d\d)"
_SEP = r"\s*(?:/|-|\.|năm)\s*"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("range", re.compile(r"(?:giai đoạn|thời kỳ|nhiệm kỳ|niên khóa|năm học|các năm|kế hoạch)\s+" + _Y + r"\s*[-–—]\s*" + _Y)),
    ("range", re.compile(r"từ\s+(?:năm\s+)?" + _Y + r"\s+(?:đến|tới)\s+(?:hết\s+|cuối\s+)?(?:năm\s+)?" + _Y)),
    ("range", re.compile(r"(?<![\d/.,-])" + _Y + r"\s*[-–—]\s*" + _Y + r"(?![\d/.,%])")),
    ("months", re.compile(r"(\d{1,2})\s+tháng\s+(?:đầu\s+|của\s+|đầu của\s+)?năm\s*(?:" + _Y + r"|(nay|ngoái))")),
    ("h1", re.compile(r"(?:nửa đầu|6 tháng đầu)\s+năm\s*(?:" + _Y + r"|(nay|ngoái))")),
    ("h2", re.compile(r"(?:nửa cuối|6 tháng cuối)\s+năm\s*(?:" + _Y + r"|(nay|ngoái))")),
    ("first", re.compile(r"(?<!\d\s)tháng đầu (?:năm|tiên của năm)\s*(?:" + _Y + r"|(nay|ngoái))")),
    ("quarter", re.compile(r"quý\s+(i{1,3}|iv|[1-4])(?:" + _SEP + r"(?:" + _Y + r"|(nay|ngoái))|(?![\w/]))")),
    ("month", re.compile(r"tháng\s+(\d{1,2})(?:" + _SEP + r"(?:" + _Y + r"|(nay|ngoái))|(?![\w/.-]|[/.-]\d))")),
    ("day", re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*" + _Y + r"(?![\d/])")),
    ("year", re.compile(r"(?:năm|cuối năm|đầu năm|hết năm|niên độ|đến|vào|trong)\s+" + _Y + r"(?![\d%]|[/.,-]\d|\s*[-–]\s*\d)")),
    ("yearrel", re.compile(r"(?<![\w])năm (nay|ngoái)(?![\w])")),
]
_EXCL_BEFORE = re.compile(r"(?:so với|so|kể từ|từ|sau|trước|hơn|với|cùng kỳ|(?<![\w])lần)\s*(?:cùng kỳ\s*|cuối\s*|đầu\s*|hết\s*|thời điểm\s*|ngày\s*|tháng trước\s*|năm trước\s*)*$")
_DOC_BEFORE = re.compile(r"[a-zđ]{2,}[-/][a-zđ]+\s+(?:ngày\s*)?$|(?:ban hành|ký)\s+(?:ngày\s*)?$")


@dataclass
class Period:
    """A period expression in a sentence."""

    start: int
    end: int
    value: str | None          # normalised period, None when the year is unknown
    kind: str                  # pattern name
    excluded: bool = False     # comparison base ("so với cùng kỳ năm 2023") or a document date


def _rel_year(word: str | None, year: str | None, published: str | None) -> str | None:
    if year:
        return year
    if word and published and len(published) >= 4 and published[:4].isdigit():
        return str(int(published[:4]) - (1 if word == "ngoái" else 0))
    return None


def find_periods(folded: str, published: str | None = None) -> list[Period]:
    """All period expressions in a folded sentence, left to right, non-overlapping.

    >>> [p.value for p in find_periods("6 tháng đầu năm 2024, quý i/2024, tháng 10/2024")]
    ['2024-H1', '2024-Q1', '2024-10']
    """
    found: list[Period] = []
    taken: list[tuple[int, int]] = []
    for kind, rx in _PATTERNS:
        for m in rx.finditer(folded):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            value = _value(kind, m, published)
            p = Period(m.start(), m.end(), value, kind)
            before = folded[max(0, m.start() - 40):m.start()]
            if kind != "range" or not m.group(0).startswith("từ"):
                if _EXCL_BEFORE.search(before) or (kind == "day" and _DOC_BEFORE.search(before)):
                    p.excluded = True
            found.append(p)
            taken.append((m.start(), m.end()))
    found.sort(key=lambda p: p.start)
    return found


def _value(kind: str, m: re.Match[str], published: str | None) -> str | None:
    g = m.groups()
    if kind == "range":
        return f"{g[0]}-{g[1]}" if int(g[0]) < int(g[1]) else None
    if kind == "months":
        y = _rel_year(g[2], g[1], published)
        n = int(g[0])
        if not y or not 1 <= n <= 12:
            return None
        return f"{y}-H1" if n == 6 else f"{y}-{n}M"
    if kind in ("h1", "h2"):
        y = _rel_year(g[1], g[0], published)
        return f"{y}-{kind.upper()}" if y else None
    if kind == "first":
        y = _rel_year(g[1], g[0], published)
        return f"{y}-01" if y else None
    if kind == "quarter":
        y = _rel_year(g[2], g[1], published)
        return f"{y}-Q{_ROMAN[g[0]]}" if y else None
    if kind == "month":
        y = _rel_year(g[2], g[1], published)
        n = int(g[0])
        return f"{y}-{n:02d}" if y and 1 <= n <= 12 else None
    if kind == "day":
        d, mo, y = int(g[0]), int(g[2]), g[3]
        return f"{y}-{mo:02d}-{d:02d}" if 1 <= d <= 31 and 1 <= mo <= 12 else None
    if kind == "year":
        return g[0]
    if kind == "yearrel":
        return _rel_year(g[0], None, published)
    return None


def assign_period(periods: list[Period], fig_start: int, fig_end: int, next_fig_start: int,
                  folded: str) -> str | None:
    """The period of a figure: one stated right after it (same clause), else the nearest before it."""
    usable = [p for p in periods if not p.excluded and p.value]
    for p in usable:
        if fig_end <= p.start < min(next_fig_start, fig_end + 70):
            gap = folded[fig_end:p.start]
            if not re.search(r"[,;:()]|\d|(?<![\w])(?:và|hoặc|nhưng|còn)(?![\w])", gap):
                return p.value
    before = [p for p in usable if p.end <= fig_start]
    if not before:
        return None
    best = before[-1]
    if best.kind == "range":
        earlier = [p for p in before if p.kind != "range"]
        if earlier:
            return earlier[-1].value
    return best.value
