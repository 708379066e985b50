"""Names that can be places (vietnam-provinces' administrative divisions) and that can start a person's name.

The divisions (34 provinces, ~3,300 wards/communes after the 2025 reform) come from the vietnam-provinces
package's JSON, read once, lazily; the pre-2025 provinces of nlp.places and a few countries are added.
"""
from __future__ import annotations

import re
from functools import lru_cache

from nlp.places import PROVINCES
from nlp.sentences import fold

_DIVISION_PREFIX = re.compile(r"^(?:(?:thành phố|thủ đô|tỉnh|phường|xã|đặc khu|thị trấn|quận|huyện|thị xã|tp)\s+|tp\.\s*)(?=\w)",
                              re.IGNORECASE)
COUNTRIES = ("Việt Nam", "Trung Quốc", "Hoa Kỳ", "Mỹ", "Nhật Bản", "Hàn Quốc", "Nga", "Pháp", "Đức", "Anh", "Lào",
             "Campuchia", "Thái Lan", "Singapore", "Malaysia", "Indonesia", "Philippines", "Ấn Độ", "Úc", "Australia",
             "Canada", "Đài Loan", "Hồng Kông", "Châu Âu", "Châu Á", "ASEAN", "Đông Nam Á", "Tây Nguyên",
             "Đồng bằng sông Cửu Long", "Đồng bằng sông Hồng", "Bắc Bộ", "Nam Bộ", "Trung Bộ", "TP.HCM", "TPHCM", "HCM")
# Common Vietnamese family names: a person's name starts with one (or follows "ông"/"bà"/"anh"/"chị").
SURNAMES = frozenset(fold(s) for s in (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương",
    "Lý", "Đào", "Đoàn", "Vương", "Trịnh", "Trương", "Lâm", "Phùng", "Mai", "Tô", "Hà", "Tạ", "Lưu", "Cao", "Lương",
    "Đinh", "Đàm", "Kiều", "Khuất", "Nghiêm", "Quách", "Chu", "Thái", "Triệu", "Tăng", "Lại", "Tống", "Hứa",
    "Châu", "Giang", "Kim", "Lục", "Mạc", "Ninh", "Phí", "Thân", "Từ", "Vi", "Diệp", "Doãn", "La", "Lò", "Mã", "Nông",
    "Quan", "Tôn", "Trình", "Ứng", "Lã", "Âu", "Bạch", "Bế", "Cù", "Cung", "Hầu", "Khổng", "Lạc",
    "Lữ", "Mẫn", "Nhữ", "Thạch", "Thiều", "Tiêu", "Vy", "Đường", "Đới", "Hán",
))


def _key(name: str) -> str:
    return " ".join(fold(name).replace(".", ". ").split())


def strip_admin(name: str) -> str:
    """The name without its leading division word: "quận Hoàng Mai" -> "Hoàng Mai".

    >>> strip_admin("Thành phố Hà Nội"), strip_admin("phường Hà Đông")
    ('Hà Nội', 'Hà Đông')
    """
    return _DIVISION_PREFIX.sub("", name.strip()).strip() or name.strip()


@lru_cache(maxsize=1)
def place_keys() -> frozenset[str]:
    """Folded names of every administrative division (without "tỉnh"/"phường"…), old provinces and countries."""
    from nlp.place import _divisions  # the package's JSON, without importing its code enums (~0.1 s)

    names: set[str] = set(PROVINCES) | set(COUNTRIES)
    try:
        for province in _divisions():
            names.add(strip_admin(province["name"]))
            names.update(strip_admin(w["name"]) for w in province.get("wards") or ())
    except (OSError, ValueError):  # pragma: no cover - package missing: old provinces only
        pass
    return frozenset(_key(n) for n in names if not any(c.isdigit() for c in n))


def is_place(name: str) -> bool:
    """True when name (with or without "quận"/"tỉnh"…) is a Vietnamese division, an old province or a country.

    >>> is_place("quận Hoàng Mai"), is_place("Sóc Sơn"), is_place("Kế hoạch")
    (True, True, False)
    """
    return _key(strip_admin(name)) in place_keys()


_AREA_LEAD = re.compile(r"^(?:(?:trên )?địa bàn|khu vực|tại|ở)\s+", re.IGNORECASE)


def is_named_place(name: str) -> bool:
    """True for a capitalised place name alone, maybe after "tỉnh"/"địa bàn"… (a place is no figure's subject).

    >>> is_named_place("Thanh Hoá"), is_named_place("địa bàn TP Hà Nội"), is_named_place("hòa bình")
    (True, True, False)
    """
    bare = strip_admin(_AREA_LEAD.sub("", name.strip()))
    return bool(bare) and all(w[:1].isupper() for w in bare.replace(".", " ").split()) and is_place(bare)


def has_admin_word(name: str) -> bool:
    """True when name starts with a division word ("huyện Sóc Sơn", "TP Hà Nội")."""
    return bool(_DIVISION_PREFIX.match(name))


def is_surname(word: str) -> bool:
    """True for a common Vietnamese family name ("Nguyễn", "Trần")."""
    return fold(word) in SURNAMES
