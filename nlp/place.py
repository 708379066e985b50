"""Where an observation is: province/city (and ward or former district) normalised with vietnam-provinces.

The gazetteer is built once, lazily, from the `vietnam-provinces` package (the 34 provinces and
3,300 wards after the 2025 reorganisation); names of the 63 former provinces map to the province
that absorbed them, and "quận/huyện/thị xã X" (a level abolished in 2025) is kept as the area.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

NATION = "Việt Nam"
# 2025 reorganisation (Nghị quyết 202/2025/QH15): former province -> the province it is now part of.
MERGED = {
    "Hà Giang": "Tuyên Quang", "Yên Bái": "Lào Cai", "Bắc Kạn": "Thái Nguyên", "Vĩnh Phúc": "Phú Thọ",
    "Hòa Bình": "Phú Thọ", "Bắc Giang": "Bắc Ninh", "Thái Bình": "Hưng Yên", "Hải Dương": "Hải Phòng",
    "Hà Nam": "Ninh Bình", "Nam Định": "Ninh Bình", "Quảng Bình": "Quảng Trị", "Quảng Nam": "Đà Nẵng",
    "Kon Tum": "Quảng Ngãi", "Bình Định": "Gia Lai", "Ninh Thuận": "Khánh Hòa", "Đắk Nông": "Lâm Đồng",
    "Bình Thuận": "Lâm Đồng", "Phú Yên": "Đắk Lắk", "Bình Dương": "Hồ Chí Minh",
    "Bà Rịa - Vũng Tàu": "Hồ Chí Minh", "Bà Rịa-Vũng Tàu": "Hồ Chí Minh", "Bình Phước": "Đồng Nai",
    "Long An": "Tây Ninh", "Sóc Trăng": "Cần Thơ", "Hậu Giang": "Cần Thơ", "Bến Tre": "Vĩnh Long",
    "Trà Vinh": "Vĩnh Long", "Tiền Giang": "Đồng Tháp", "Bạc Liêu": "Cà Mau", "Kiên Giang": "An Giang",
}
ALIASES = {"TP.HCM": "Hồ Chí Minh", "TP. HCM": "Hồ Chí Minh", "TPHCM": "Hồ Chí Minh", "TP HCM": "Hồ Chí Minh",
           "Sài Gòn": "Hồ Chí Minh", "Thừa Thiên Huế": "Huế", "Thừa Thiên - Huế": "Huế", "Thủ đô": "Hà Nội"}
_DISPLAY = {"Hồ Chí Minh": "TP. Hồ Chí Minh"}
_NATIONAL = re.compile(r"(?<![\w])(?:cả nước|toàn quốc|trên cả nước|phạm vi cả nước)(?![\w])", re.IGNORECASE)
# "Việt Nam" is the place only after a word that makes it one ("tại Việt Nam"), never inside a name
# ("Bà mẹ Việt Nam anh hùng", "Ngân hàng Nhà nước Việt Nam").
_VN = re.compile(r"(?:^|(?<=[\s,(]))(?:(?:tại|ở|của|vào|đến|toàn|khắp|cả|với|sang)\s+)Việt Nam(?![\w])"
                 r"|^Việt Nam(?=\s+(?:có|đã|đạt|ghi nhận|xuất khẩu|nhập khẩu|thu hút)(?![\w]))")
_AREA = re.compile(r"(?<![\w])((?i:phường|xã|đặc khu|quận|huyện|thị xã))\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠ-ỹ][\w]*|\d+)"
                   r"(?:\s+[A-ZĐ][\w]*){0,3})")
_CAP = "A-ZĐÂĂÊÔƠƯÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ"


@dataclass(frozen=True)
class Place:
    """A normalised place: province display name, province code, optional area (ward/former district)."""

    province: str
    code: int | None = None
    area: str | None = None
    how: str = "sentence"   # sentence | home | dateline | nation


@dataclass(frozen=True)
class _Gazetteer:
    provinces: dict[str, tuple[str, int]]   # surface name -> (display name, code)
    pattern: re.Pattern[str]
    wards: dict[tuple[int, str], str]       # (province code, folded short name) -> ward name


def _fold(s: str) -> str:
    return " ".join(s.lower().split())


def _divisions() -> list[dict]:
    """The package's nested divisions data (provinces with their wards), read without importing its
    3,000-member code enums (0.2 s per worker process)."""
    import importlib.util
    import json
    from pathlib import Path

    spec = importlib.util.find_spec("vietnam_provinces")
    if spec is None or not spec.submodule_search_locations:
        raise ValueError("the vietnam-provinces package is not installed (pip install vietnam-provinces)")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "nested-divisions.json"
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


@lru_cache(maxsize=1)
def gazetteer() -> _Gazetteer:
    """Province and ward names from vietnam-provinces, read once."""
    provinces: dict[str, tuple[str, int]] = {}
    by_short: dict[str, tuple[str, int]] = {}
    wards = {}
    for p in _divisions():
        short = re.sub(r"^(?:Thành phố|Tỉnh)\s+", "", p["name"])
        entry = (_DISPLAY.get(short, short), int(p["code"]))
        by_short[short] = entry
        provinces[short] = entry
        for w in p.get("wards", []):
            wshort = re.sub(r"^(?:Phường|Xã|Đặc khu)\s+", "", w["name"])
            wards[(int(p["code"]), _fold(wshort))] = w["name"]
    for old, new in {**MERGED, **ALIASES}.items():
        provinces[old] = by_short[new]
    names = sorted(provinces, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:tỉnh |thành phố |Thành phố |TP\.? ?)?(" + "|".join(map(re.escape, names))
                         + r")(?![\w])(?! Dương)")
    return _Gazetteer(provinces, pattern, wards)


def normalize_place(name: str | None) -> Place | None:
    """A place name as written ("TP.HCM", "tỉnh Bắc Giang", "Thành phố Hà Nội") -> its current province.

    >>> normalize_place("tỉnh Bắc Giang"), normalize_place("TP.HCM").province
    (Place(province='Bắc Ninh', code=24, area='Bắc Giang (cũ)', how='sentence'), 'TP. Hồ Chí Minh')
    """
    if name is None:
        return None
    if not isinstance(name, str):
        raise ValueError("a place name must be a str or None")
    text = " ".join(name.split())
    if not text:
        return None
    if text.lower() in ("việt nam", "cả nước", "toàn quốc"):
        return Place(NATION, None, None, "nation")
    g = gazetteer()
    m = g.pattern.fullmatch(text) or g.pattern.search(text)
    if not m:
        return None
    display, code = g.provinces[m.group(1)]
    area = f"{m.group(1)} (cũ)" if m.group(1) in MERGED else None
    return Place(display, code, area)


def _area(sentence: str, code: int | None) -> str | None:
    g = gazetteer()
    for m in _AREA.finditer(sentence):
        kind, name = m.group(1).lower(), m.group(2)
        if kind in ("phường", "xã", "đặc khu"):
            words = name.split()
            for n in range(len(words), 0, -1):  # "phường Cầu Giấy đạt" -> the longest known ward
                hit = g.wards.get((code, _fold(" ".join(words[:n])))) if code else None
                if hit:
                    return hit
        elif name[0].isupper():
            return f"{kind} {name}"
    return None


def _inside_name(sentence: str, m: re.Match[str]) -> bool:
    """True when a province name continues a capitalised name ("Thái Bình Dương", "Bà mẹ Việt Nam")."""
    if m.group(0) != m.group(1):
        return False  # "tỉnh Bắc Ninh", "TP Đà Nẵng"
    before = sentence[:m.start()].rstrip()
    word = before.split()[-1] if before.split() else ""
    return bool(word) and word[0].isupper() and not re.search(r"[.!?:]$", word) and len(before.split()) > 0 \
        and word not in ("Tỉnh", "TP", "TP.", "Thành") and not before.endswith((",", "(", "-"))


def dateline_place(text: str | None) -> Place | None:
    """The place of an article's dateline ("HÀ NỘI - ...", "(Đà Nẵng) - ..."), if it opens with one."""
    if not text:
        return None
    m = re.match(r"\s*\(?([" + _CAP + r"][\w.]*(?:\s+[" + _CAP + r"][\w.]*){0,3})\)?\s*[-–—:]\s", text)
    if not m:
        return None
    found = normalize_place(m.group(1).title() if m.group(1).isupper() else m.group(1))
    return Place(found.province, found.code, found.area, "dateline") if found else None


def observation_place(sentence: str, home_place: str | None = None, dateline: Place | None = None) -> Place | None:
    """The place a figure's sentence is about: a named province, else the nation when the sentence
    says "cả nước", else the dateline's place, else the outlet's home place ("toàn thành phố" is
    one of those two); with a ward or former district when the sentence names one.

    >>> observation_place("Toàn thành phố còn 690 hộ nghèo.", "Hà Nội").province
    'Hà Nội'
    >>> observation_place("Bà mẹ Việt Nam anh hùng được tặng 2 triệu đồng.", "Hà Nội").how
    'home'
    >>> observation_place("Phường Cầu Giấy có 12 điểm trông giữ xe.", "Hà Nội").area
    'Phường Cầu Giấy'
    """
    if not isinstance(sentence, str):
        raise ValueError("sentence must be a str")
    g = gazetteer()
    m = next((m for m in g.pattern.finditer(sentence) if not _inside_name(sentence, m)), None)
    if m:
        display, code = g.provinces[m.group(1)]
        old = f"{m.group(1)} (cũ)" if m.group(1) in MERGED else None
        return Place(display, code, old or _area(sentence, code), "sentence")
    if _NATIONAL.search(sentence) or _VN.search(sentence):
        return Place(NATION, None, None, "nation")
    base = dateline  # "toàn thành phố" in an article datelined ĐÀ NẴNG is Đà Nẵng
    if base is None and home_place:
        home = normalize_place(home_place)
        base = Place(home.province, home.code, home.area, "home") if home else Place(home_place, None, None, "home")
    if base is None:
        return None
    return Place(base.province, base.code, _area(sentence, base.code) or base.area, base.how)
