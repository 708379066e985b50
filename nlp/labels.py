"""Numbers with a unit that name a class, a size or a streak rather than report a figure.

Tariffs, fees and fares are written as lists over classes ("ô tô dưới 12 chỗ", "xe tải trên 3,5 tấn",
"chặng bay trên 1.280 km", "trẻ em cao từ 1 m", "bình 12 kg"): the class's bound is part of
what is priced, not an observation (ANNOTATION.md: ordinals, names and specifications are not figures).
All tests run on folded text (nlp.sentences.fold), offsets shared with the sentence.
"""
from __future__ import annotations

import re

_SEAT_UNITS = frozenset(("người", "chỗ", "chỗ ngồi"))
_BOUND = r"(?:dưới|trên|từ|đến|không quá|tối đa|tối thiểu)"
# "xe chở người dưới 9 chỗ", "ô tô con dưới 10 chỗ", "xe tải trên 3,5 tấn", "container 40 feet"
_VEHICLE = re.compile(r"(?<![\w])(?:ô tô|xe|phương tiện|tàu|thuyền)(?: [^\W\d_]+){0,4}\s+" + _BOUND + r"\s+$")
_VEHICLE_UNITS = frozenset(("chỗ", "chỗ ngồi", "tấn", "feet", "m", "mét"))
_SEATED = re.compile(r"(?<![\w])chở(?: người| khách)?\s+" + _BOUND + r"\s+$")
# "nhóm chặng trên 1.280 km", "tuyến có cự ly dưới 20 km", "trẻ em cao từ 1 m" (a child's height, not a
# river's: "mực nước cao trên 3 m" is a figure)
_STRETCH = re.compile(r"(?<![\w])(?:chặng(?: bay)?|cự ly|quãng đường|chiều cao|(?:trẻ em|trẻ|học sinh|em|người)"
                      r"(?: có chiều)? cao)\s+" + _BOUND + r"\s+$")
# "bình 12 kg", "bình gas 45 kg", "container 40 feet": a product's size (not "trung bình", "Thái Bình")
_SIZE = re.compile(r"(?<![\w])(?:(?<!trung )(?<!thái )(?<!ninh )(?<!hòa )(?<!hoà )(?<!quảng )(?<!thanh )(?<!gia )bình"
                   r"(?: gas| ga)?|container)\s+$")
# "hộp 10 quả", "bao 50 kg", "loại 50 kg": a pack's size; "cỡ 100 con/kg", "size 700 - 900 gram/con": an animal's
_PACK = re.compile(r"(?<![\w])(?:hộp|vỉ|túi|gói|chai|can|bao|thùng)\s+$")
_KIND_OF = re.compile(r"(?<![\w])loại\s+$")  # only before a weight or volume: "có loại gấp đôi" is a figure
_PACK_UNITS = frozenset(("kg", "g", "gram", "gam", "lít", "ml", "tấn", "m3"))
_GRADED = re.compile(r"(?<![\w])(?:cỡ|size|loại)(?:\s+" + _BOUND + r")?\s+$")
# (A tariff's bracket, "cho 10 m3 đầu tiên", "50 kWh đầu tiên", stays a figure: annotators record it.)
# "tăng 3 phiên liên tiếp", "5 phiên tăng liên tiếp", "5 tháng liên tiếp": a streak's length (ANNOTATION.md: procedural counts)
_STREAK = re.compile(r"\s*(?:(?:tăng|giảm|điều chỉnh|đi ngang|tăng điểm|giảm điểm|mất điểm)\s+)?liên tiếp(?![\w])")


def is_class_label(folded: str, start: int, end: int, kind: str, unit: str | None, value: float) -> bool:
    """The figure at folded[start:end] bounds a class or names a size or a streak (a label), not a quantity.

    >>> is_class_label("phí đối với ô tô dưới 12 chỗ là 30.000 đồng", 22, 28, "count", "chỗ", 12)
    True
    >>> is_class_label("bãi đỗ có 12 chỗ", 10, 16, "count", "chỗ", 12)
    False
    """
    if kind not in ("count", "measure") or not unit:
        return False
    u = unit.lower().split("/")[0].strip()
    left = folded[max(0, start - 40):start]
    if u in _SEAT_UNITS and value <= 60 and _SEATED.search(left):
        return True
    if u in _VEHICLE_UNITS and _VEHICLE.search(left):
        return True
    if _PACK.search(left) or (u in _PACK_UNITS and _KIND_OF.search(left)):
        return True
    if ("/con" in unit or unit.startswith("con/")) and _GRADED.search(left):
        return True
    if (kind == "count" or u == "lần") and _STREAK.match(folded, end):  # "giảm 6 lần liên tiếp": how often
        return True
    return kind == "measure" and (_STRETCH.search(left) is not None or _SIZE.search(left) is not None)
