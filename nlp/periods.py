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
    ("range", re.compile(r"(?<![\d/.,-])" + _Y + r"\s*[-–—]\s*" + _Y + r"(?![\d%]|[/.,]\d)")),
    ("dayrange", re.compile(r"(?:từ\s+)?(?:ngày\s+)?(?<![\d/.-])\d{1,2}/\d{1,2}(?:/" + _Y + r")?\s*(?:-|–|đến|tới)\s*"
                            r"(?:ngày\s+)?\d{1,2}/\d{1,2}/" + _Y + r"(?![\d/])")),
    ("dayrange", re.compile(r"(?<![\d/.,-])\d{1,2}\.\d{1,2}(?:\." + _Y + r")?\s*[-–]\s*\d{1,2}\.\d{1,2}\." + _Y
                            + r"(?![\d.])")),  # "(20.9 - 15.10.2023)"
    ("months", re.compile(r"(\d{1,2})\s+tháng\s+(?:đầu\s+|của\s+|đầu của\s+)?năm\s*(?:" + _Y + r"|(nay|ngoái))")),
    ("h1", re.compile(r"(?:nửa đầu|6 tháng đầu|sáu tháng đầu)\s+năm\s*(?:" + _Y + r"|(nay|ngoái))")),
    ("h2", re.compile(r"(?:nửa cuối|6 tháng cuối|sáu tháng cuối)\s+năm\s*(?:" + _Y + r"|(nay|ngoái))")),
    ("first", re.compile(r"(?<!\d\s)(?<!hai )(?<!ba )(?<!bốn )(?<!sáu )(?<!bảy )(?<!tám )(?<!chín )(?<!mười )"
                         r"tháng đầu (?:năm|tiên của năm)\s*(?:" + _Y + r"|(nay|ngoái))")),
    ("quarter", re.compile(r"quý\s+(i{1,3}|iv|[1-4])(?:" + _SEP + r"(?:" + _Y + r"|(nay|ngoái))|(?![\w/]))")),
    ("month", re.compile(r"tháng\s+(\d{1,2})(?:" + _SEP + r"(?:" + _Y + r"|(nay|ngoái))|(?![\w/.-]|[/.,-]\d|\s*%))")),
    ("day", re.compile(r"(?<![\d/.-])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*" + _Y + r"(?![\d/])")),
    ("year", re.compile(r"(?:năm|cuối năm|đầu năm|hết năm|niên độ|đến|vào|trong)\s+" + _Y + r"(?![\d%]|[/.,-]\d|\s*[-–]\s*\d)")),
    ("year", re.compile(r"(?<![\w])tết(?: nguyên đán)?(?: [^\W\d_]+){0,2}\s+" + _Y + r"(?![\d%]|[/.,-]\d)")),
    ("dm", re.compile(r"(?<![\w])(?:đến|tới|hết|trước)\s+(?:ngày\s+)?(\d{1,2})/(\d{1,2})(?![\d/.-])")),
    ("year", re.compile(r"(?<![\w])(?:vụ (?:đông xuân|hè thu|thu đông|xuân|mùa|đông|chiêm)|niên vụ)\s+" + _Y
                        + r"(?![\d%]|[/.,-]\d|\s*[-–]\s*\d)")),
    ("yearrel", re.compile(r"(?<![\w])năm (nay|ngoái)(?![\w])")),
]
_EXCL_BEFORE = re.compile(r"(?:so với|so|kể từ|từ|sau|trước|hơn|với|cùng kỳ|(?<![\w])lần)\s*(?:cùng kỳ\s*|cuối\s*|đầu\s*|hết\s*|thời điểm\s*|ngày\s*|tháng trước\s*|năm trước\s*)*$")
# A base named before its period: "so với vụ đông năm 2019", "so với thực hiện năm 2022" (not a plan of the year).
_BASE_BEFORE = re.compile(r"(?<![\w])(?:so với|so(?! với))\s+(?!kế hoạch|chỉ tiêu|mục tiêu|dự toán)(?:[^\W\d_]+\s+){1,4}$")
_SINCE_YEAR = re.compile(r"(?<![\w])từ\s*$")
_KEEP_AFTER = re.compile(r"\s*(?:đến|tới)\s+(?:nay|hết|ngày|cuối|hiện nay|thời điểm)")
_EFFECTIVE = re.compile(r"(?:^|(?<![\w]))(?:áp dụng |có hiệu lực |kể )?từ\s+(?:ngày\s+)?$")
_BIRTH = re.compile(r"(?:^|[,(])\s*sinh\s*$")
_DOC_BEFORE = re.compile(r"[a-zđ]{2,}[-/][a-zđ]+\s+(?:ngày\s*)?$|(?:ban hành|ký)\s+(?:ngày\s*)?$")


@dataclass
class Period:
    """A period expression in a sentence."""

    start: int
    end: int
    value: str | None          # normalised period, None when the year is unknown
    kind: str                  # pattern name
    excluded: bool = False     # comparison base ("so với cùng kỳ năm 2023") or a document date
    effective: bool = False
    extra: object = None       # day/month/quarter numbers, for a year inferred later    # an effective date ("Từ ngày 1/7/2024", "áp dụng từ ngày 11/10/2024")


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
            if kind == "dm":
                p.extra = (int(m.group(1)), int(m.group(2)))
            elif kind == "quarter":
                p.extra = m.group(1)
            elif kind == "month":
                p.extra = int(m.group(1))
            before = folded[max(0, m.start() - 40):m.start()]
            if kind not in ("range", "dayrange") or not m.group(0).startswith("từ"):
                if _EXCL_BEFORE.search(before) or _BASE_BEFORE.search(before) or (kind == "day" and _DOC_BEFORE.search(before)):
                    p.excluded = True
            if p.excluded and re.search(r"(?<![\w])từ\s*(?:đầu\s*)?(?:năm\s*)?$", before) \
                    and _KEEP_AFTER.match(folded, m.end()) and not (_SINCE_YEAR.search(before) and m.group(0).startswith("năm")):
                p.excluded = False  # "Từ đầu năm 2025 đến nay"; "từ năm 2010 đến nay" spans years: no period
            if kind == "day" and _EFFECTIVE.search(before[-25:]):
                p.excluded, p.effective = False, True
            if _BIRTH.search(before):
                p.excluded = True  # ", sinh năm 1968"
            found.append(p)
            taken.append((m.start(), m.end()))
    found.sort(key=lambda p: p.start)
    years = {p.value[:4] for p in found if p.value and p.kind != "range" and not p.excluded}
    if len(years) == 1:  # "quý I", "30/9" take the one year the sentence states
        y = years.pop()
        for p in found:
            if p.value is None and p.kind in ("quarter", "month", "dm"):
                p.value = _value(p.kind, None, y, p)
    return found


def _value(kind: str, m: re.Match[str] | None, published: str | None, inferred: Period | None = None) -> str | None:
    if inferred is not None:  # a year taken from elsewhere in the sentence; published holds it
        if kind == "dm":
            d, mo = inferred.extra
            return f"{published}-{mo:02d}-{d:02d}" if 1 <= d <= 31 and 1 <= mo <= 12 else None
        if kind == "quarter":
            return f"{published}-Q{_ROMAN[inferred.extra]}"
        return f"{published}-{inferred.extra:02d}" if 1 <= inferred.extra <= 12 else None
    g = m.groups()
    if kind == "dayrange":
        return g[1] if g[0] is None or g[0] == g[1] else None
    if kind == "dm":
        return None
    if kind == "range":
        return f"{g[0]}-{g[1]}" if int(g[0]) < int(g[1]) else None
    if kind == "months":
        y = _rel_year(g[2], g[1], published)
        n = int(g[0])
        if not y or not 1 <= n <= 12:
            return None
        return f"{y}-H1" if n == 6 else f"{y}-Q1" if n == 3 else f"{y}-{n}M"  # "3 tháng đầu năm" is the first quarter
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
                  folded: str, lead: str = "") -> str | None:
    """The period of a figure: one stated right after it (same clause), else the nearest before it.

    lead is the figure's clause before it: "(cùng kỳ năm 2023 đạt 60,12%)" takes the main period in 2023;
    a baseline "từ 1,8 triệu" takes no effective date; "hiện" after a deadline ("đến năm 2025") means now."""
    usable = [p for p in periods if not p.excluded and p.value]
    if _NOW_OR_BEFORE.search(lead) or _NOW_AFTER.match(folded, fig_end):
        return None  # "(trước đây là 70%)", "17.800 người hiện nay": not the sentence's period
    baseline = bool(re.search(r"(?<![\w])từ\s*(?:mức\s*)?(?:khoảng|gần|hơn|trên|dưới)?\s*$", lead))
    got = _pick(usable, fig_start, fig_end, next_fig_start, folded)
    if got is not None and got.effective and baseline:
        return None
    same = re.match(r"\s*cùng kỳ\s+năm\s+((?:19|20)\d\d)(?!\d)", lead)
    if got is None and same:
        return same.group(1)  # "(cùng kỳ năm 2019 tăng 2,5%)": the base's own figure, in the base's year
    if got is None:
        eff = [p for p in usable if p.effective]
        return eff[0].value if eff and not baseline else None
    if got.end <= fig_start and re.search(r"(?:đến|tới)\s+(?:hết\s+|cuối\s+)?năm\s+\d{4}$", folded[max(0, got.start - 12):got.end]) \
            and re.search(r"(?<![\w])hiện(?![\w])", folded[got.end:fig_start]):
        return None
    if _WHOLE_YEAR.search(lead) and re.match(r"\d{4}-(?:Q\d|H\d|\d{1,2}M|\d\d)$", got.value):
        return got.value[:4]  # "dự kiến cả năm tuyển sinh 230.000 người" after "quý I/2025"
    if same and got.value[:4].isdigit():
        return same.group(1) + got.value[4:]
    return got.value


_NOW_OR_BEFORE = re.compile(r"(?<![\w])(?:trước đây|trước kia|hiện nay|(?<!thực )(?<!phát )(?<!thể )hiện tại|(?<!giá )hiện hành)(?![\w])"
                            r"|^(?:(?!(?<![\w])từ(?![\w])).)*(?<![\w])đến nay(?![\w])")  # "đến nay" not after a "từ …"
_NOW_AFTER = re.compile(r"\s*(?:hiện nay|hiện tại\s*[,.;)])")
_WHOLE_YEAR = re.compile(r"(?<![\w])(?:cả năm|cả năm nay|năm nay)(?![\w])")


def _pick(usable: list[Period], fig_start: int, fig_end: int, next_fig_start: int, folded: str) -> Period | None:
    for p in usable:
        if fig_end <= p.start < min(next_fig_start, fig_end + 70):
            gap = folded[fig_end:p.start]
            if not re.search(r"[,;:()]|\d|(?<![\w])(?:và|hoặc|nhưng|còn)(?![\w])", gap):
                return p
            if re.fullmatch(r"\s*\(\s*", gap) and re.match(r"\s*\)", folded[p.end:]):
                return p  # "từ 61% (năm 2012) xuống 44% (năm 2019)": each figure's own bracketed period
    before = [p for p in usable if p.end <= fig_start]
    if not before:
        return None
    best = before[-1]
    if best.kind == "range":
        earlier = [p for p in before if p.kind != "range"]
        if earlier and not re.search(r"(?:^|;)\s*$", folded[:best.start]):  # "...; giai đoạn 2021-2025 ..."
            return earlier[-1]
    return best
