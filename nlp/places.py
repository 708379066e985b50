"""Vietnamese provinces/cities (pre- and post-2025 names) for Figure.place."""
from __future__ import annotations

import re

PROVINCES: tuple[str, ...] = (
    "Hà Nội", "TP.HCM", "TP. HCM", "TP Hồ Chí Minh", "Thành phố Hồ Chí Minh", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng",
    "Cần Thơ", "Huế", "Thừa Thiên Huế", "An Giang", "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu", "Bắc Giang", "Bắc Kạn",
    "Bạc Liêu", "Bắc Ninh", "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh",
    "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên",
    "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc",
    "Yên Bái",
)
_PLACE_RE = re.compile(r"(?<![\w])(?:tỉnh |thành phố |TP\.? ?)?(" + "|".join(
    re.escape(p) for p in sorted(PROVINCES, key=len, reverse=True)) + r")(?![\w])")
_HOME_RE = re.compile(r"(?<![\w])(?:toàn|của|trên địa bàn) (?:thành phố|tỉnh|thủ đô|huyện|quận|thị xã)(?![\w])"
                      r"|(?<![\w])(?:thành phố|thủ đô) (?:đã|có|đạt)(?![\w])", re.IGNORECASE)
_NATION_RE = re.compile(r"(?<![\w])(?:cả nước|toàn quốc|Việt Nam)(?![\w])", re.IGNORECASE)
_CANON = {"TP. HCM": "TP.HCM", "TP Hồ Chí Minh": "TP.HCM", "Thành phố Hồ Chí Minh": "TP.HCM", "Hồ Chí Minh": "TP.HCM",
          "Thừa Thiên Huế": "Huế", "Bà Rịa-Vũng Tàu": "Bà Rịa - Vũng Tàu"}


def find_place(sentence: str, home_place: str | None = None) -> str | None:
    """The place a sentence is about: a named province wins, else home_place for "toàn thành phố"/"toàn tỉnh".

    >>> find_place("Toàn thành phố có 5.000 hộ nghèo", "Hà Nội"), find_place("Đà Nẵng có 20 xã", "Hà Nội")
    ('Hà Nội', 'Đà Nẵng')
    """
    if not isinstance(sentence, str):
        raise ValueError("sentence must be a str")
    m = _PLACE_RE.search(sentence)
    if m:
        return _CANON.get(m.group(1), m.group(1))
    if home_place and _HOME_RE.search(sentence):
        return home_place
    if _NATION_RE.search(sentence):
        return "Việt Nam"
    return None


def listed_place(sentence: str, lo: int, hi: int) -> str | None:
    """The place named last in sentence[lo:hi], the words between a figure and the one before it: in a
    list of places with their figures each figure has its own ("…, Cao Bằng 22%, Lào Cai 18%"). Not the
    nation: "cả nước" there is a rank's or an average's yardstick ("dẫn đầu cả nước", "bình quân cả nước").

    >>> s = "Tỷ lệ hộ nghèo của Hà Giang là 25%, Cao Bằng 22%, cao hơn bình quân cả nước 4%."
    >>> listed_place(s, 34, 45), listed_place(s, 48, 75), listed_place(s, 0, 30)
    ('Cao Bằng', None, 'Hà Giang')
    """
    if not isinstance(sentence, str):
        raise ValueError("sentence must be a str")
    if not 0 <= lo <= hi <= len(sentence):
        raise ValueError(f"bad range {lo}..{hi} of a {len(sentence)}-character sentence")
    last = None
    for m in _PLACE_RE.finditer(sentence, lo, hi):
        last = m
    return _CANON.get(last.group(1), last.group(1)) if last else None
