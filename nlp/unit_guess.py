"""Units the lexicons miss: a compound noun right after a number ("15.430 phòng học"), and the high end of
a range written with its unit twice ("từ 1,5 triệu đồng đến dưới 2 triệu đồng")."""
from __future__ import annotations

import re

from nlp.numbers import match_scale, parse_number

# A count cue just before the number: the number is a quantity of whatever noun follows.
_CUE = re.compile(r"(?:(?<![\w])(?:có|với|gồm|đạt|cho|hơn|gần|khoảng|trên|dưới|thêm|tăng|giảm|còn|và|tổng cộng|"
                  r"tới|lên|thu hút|đón|tiếp nhận|hỗ trợ|tuyển|tuyển dụng|xây dựng|xây mới|cấp|đào tạo|hệ thống|mạng lưới|"
                  r"tổng số|bao gồm|là|vào|ở|của|việc|trong số|xếp hạng|công nhận)|[,;:]|^)\s*$")
_NOUN2 = re.compile(r" ([^\W\d_]+) ([^\W\d_]+)(?![\w])")
_NOT_UNIT = frozenset(
    "năm tháng ngày giờ phút giây tuần quý tuổi lần thứ kỳ đợt khóa khoá số điều khoản chương mục giai đoạn "
    "và của các những là được đã sẽ có không từ đến tại trong cho với so tăng giảm trở hơn gần khoảng trên dưới "
    "đạt chiếm bằng mỗi một hai ba nghìn ngàn triệu tỷ tỉ trăm chục độ năm học buổi đêm sáng chiều tối "
    "người hộ con ca lượt vụ".split()
)
_WORD1 = re.compile(r" ([^\W\d_]+)(?![\w])")
# Syllables after a number that are not a counted noun (ranks, stars, parts, ordinals).
_NOT_NOUN = frozenset("sao bậc cấp hạng loại phần mục nhất nhì thứ bên lúc vòng tầng ngày tuần để thì mà nên vì do "
                      "nhưng hoặc hay như rồi đã đang sẽ bị được".split())
_APPROX = frozenset("hơn gần khoảng trên dưới chừng ước tới lên đến xấp xỉ thêm".split())
_NOT_VERB = frozenset(("là", "có", "được", "bị", "sau", "trước", "mất", "kéo dài", "diễn ra", "trong"))
_RANGE_AFTER = re.compile(r"\s*(?:-|–|đến|tới)\s*(?:dưới\s+|trên\s+|khoảng\s+|gần\s+)?(\d+(?:[.,]\d+)*)")


def noun_unit(folded: str, pos: int, left: str, compounds, s: int | None = None
              ) -> tuple[str, str, int, tuple[int, int]] | None:
    """("count", unit, end, span) for a noun right after a number in a counting context: after a count cue, a
    verb ("cải tạo 12 ngõ") or a list comma; the noun is a two-syllable compound or tagged N/Nc by underthesea."""
    m = _NOUN2.match(folded, pos)
    cue = _CUE.search(left)
    if cue and m and m.group(1) not in _NOT_UNIT and m.group(2) not in _NOT_UNIT and m.start(2) - 1 in compounds():
        return "count", m.group(0).strip(), m.end(), (m.start(1), m.end())
    tags = getattr(compounds, "tags", None)
    w = _WORD1.match(folded, pos)
    if tags is None or not w or w.group(1) in _NOT_UNIT or w.group(1) in _NOT_NOUN or left.rstrip()[-1:].isdigit() \
            or (s is not None and folded[s] == "0"):  # phone numbers, codes
        return None
    spans = tags()
    if not spans:
        return None
    ws = w.start(1)
    tok = next((t for t in spans if t[0] <= ws < t[1]), None)
    if tok is None:
        return None
    if tok[0] == ws:
        if tok[2] not in ("N", "Nc", "Nu"):
            return None
        end = tok[1]
    elif tok[0] < ws and re.fullmatch(r"[\d.,]+\s", folded[tok[0]:ws]) and tok[2] in ("N", "M", "Nc"):
        end = tok[1]  # "1.120 phiên" tagged as one token
    else:
        return None
    if re.search(r"[^\w ]", folded[ws:end]) or any(x in _NOT_UNIT for x in folded[ws:end].split()):
        end = w.end(1)
    if not cue and not _verb_before(spans, folded, pos if s is None else s):
        return None
    return "count", folded[ws:end], end, (ws, end)


def _verb_before(spans, folded: str, start: int) -> bool:
    """The number starting at `start` follows a verb, skipping adverbs and approximators ("lắp mới 320")."""
    for a, b, tag in reversed([t for t in spans if t[1] <= start]):
        word = folded[a:b]
        if tag == "R" or word in _APPROX:
            continue
        return tag == "V" and word not in _NOT_VERB
    return False


_DAYS_LEFT = re.compile(r"(?<![\w])(?:là|đạt|giảm|tăng|còn|chỉ còn|bình quân|trung bình|tăng thêm|giảm thêm|rút ngắn|"
                        r"kéo dài thêm)\s*(?:(?:khoảng|gần|hơn|trên|dưới|xuống|còn|lên)\s*)?$")
# (a year may stand between: "tuổi thọ trung bình năm 2023 đạt 73,4 tuổi"); after a life expectancy, its change
# ("đạt 73,4 tuổi, tăng 0,3 tuổi") is in years of life too
_LIFE_LEFT = re.compile(r"(?<![\w])tuổi thọ(?![\w])(?:[^,;()\d]|(?<![\d.,])\d{4}(?![\d.,]))*"
                        r"(?:đạt|là|lên|còn|khoảng|ở mức|tăng lên)\s*(?:khoảng\s*|gần\s*|hơn\s*)?$"
                        r"|(?<![\w])tuổi thọ(?![\w])[^;()]*\d tuổi\s*,?\s*(?:tăng|giảm)(?: thêm)?\s*(?:khoảng\s*|gần\s*|hơn\s*)?$")


def duration_unit(folded: str, pos: int, num: str, left: str) -> tuple[str, str, int, tuple[int, int]] | None:
    """A stated number of days ("là 156 ngày", "lưu trú bình quân 3,2 ngày") or a life expectancy ("tuổi thọ
    trung bình đạt 81,6 tuổi"); durations in narrative ("trong 5 ngày", "sau 3 ngày") stay out."""
    m = re.match(r" (ngày|tuổi)(?![\w/])", folded[pos:pos + 6])
    if not m:
        return None
    span = (pos + 1, pos + m.end())
    if m.group(1) == "tuổi":
        return ("measure", "tuổi", span[1], span) if _LIFE_LEFT.search(left) else None
    if not _DAYS_LEFT.search(left):
        return None
    return ("count" if re.fullmatch(r"[\d.]+", num) else "measure"), "ngày", span[1], span


def unit_range_after(folded: str, pos: int) -> tuple[float, float, int] | None:
    """(value, scale, position after the scale) of a range's high end starting at pos."""
    m = _RANGE_AFTER.match(folded, pos)
    if not m or folded[m.end(1):m.end(1) + 1] in ("/", "-"):
        return None
    v2 = parse_number(m.group(1))
    if v2 is None:
        return None
    mult2, pos2 = match_scale(folded, m.end(1))
    return v2, mult2, pos2
