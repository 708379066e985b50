"""Units the lexicons miss: a compound noun right after a number ("15.430 phòng học"), and the high end of
a range written with its unit twice ("từ 1,5 triệu đồng đến dưới 2 triệu đồng")."""
from __future__ import annotations

import re

from nlp.numbers import match_scale, parse_number

# A count cue just before the number: the number is a quantity of whatever noun follows.
_CUE = re.compile(r"(?:(?<![\w])(?:có|với|gồm|đạt|cho|hơn|gần|khoảng|trên|dưới|thêm|tăng|giảm|còn|và|tổng cộng|"
                  r"tới|lên|thu hút|đón|tiếp nhận|hỗ trợ|tuyển|tuyển dụng|xây dựng|xây mới|cấp|đào tạo)|,)\s*$")
_NOUN2 = re.compile(r" ([^\W\d_]+) ([^\W\d_]+)(?![\w])")
_NOT_UNIT = frozenset(
    "năm tháng ngày giờ phút giây tuần quý tuổi lần thứ kỳ đợt khóa khoá số điều khoản chương mục giai đoạn "
    "và của các những là được đã sẽ có không từ đến tại trong cho với so tăng giảm trở hơn gần khoảng trên dưới "
    "đạt chiếm bằng mỗi một hai ba nghìn ngàn triệu tỷ tỉ trăm chục độ năm học buổi đêm sáng chiều tối "
    "người hộ con ca lượt vụ".split()
)
_RANGE_AFTER = re.compile(r"\s*(?:-|–|đến|tới)\s*(?:dưới\s+|trên\s+|khoảng\s+|gần\s+)?(\d+(?:[.,]\d+)*)")


def noun_unit(folded: str, pos: int, left: str, compounds) -> tuple[str, str, int, tuple[int, int]] | None:
    """("count", unit, end, span) for a two-syllable noun right after a number that follows a count cue."""
    if not _CUE.search(left):
        return None
    m = _NOUN2.match(folded, pos)
    if not m or m.group(1) in _NOT_UNIT or m.group(2) in _NOT_UNIT:
        return None
    if m.start(2) - 1 not in compounds():
        return None
    return "count", m.group(0).strip(), m.end(), (m.start(1), m.end())


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
