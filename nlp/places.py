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
