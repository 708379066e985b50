"""Vietnamese number parsing: decimal comma, thousands dot, scale words, a few spelled-out numbers."""
from __future__ import annotations

import re

# Scale words (folded, new-style tones) -> multiplier; longest first when matching.
SCALES: dict[str, float] = {
    "nghìn tỷ": 1e12, "nghìn tỉ": 1e12, "ngàn tỷ": 1e12, "ngàn tỉ": 1e12,
    "triệu tỷ": 1e15, "triệu tỉ": 1e15, "trăm nghìn": 1e5, "trăm ngàn": 1e5, "chục nghìn": 1e4,
    "tỷ": 1e9, "tỉ": 1e9, "triệu": 1e6, "nghìn": 1e3, "ngàn": 1e3, "vạn": 1e4, "trăm": 1e2,
    "k": 1e3,
}
_SCALE_RE = re.compile(r"\s*(" + "|".join(sorted((re.escape(k) for k in SCALES), key=len, reverse=True)) + r")(?![\w])")

SPELLED: dict[str, float] = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8,
    "chín": 9, "mười": 10, "mươi": 10, "trăm": 100, "nửa": 0.5, "rưỡi": 0.5,
}
MULTIPLES: dict[str, float] = {"đôi": 2, "rưỡi": 1.5, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "mười": 10}

_VN_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$")
_EN_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3}){2,}(?:\.\d+)?$|^\d{1,3}(?:,\d{3})+\.\d+$")
_VN_DECIMAL = re.compile(r"^\d+(?:,\d+)?$")
_EN_DECIMAL = re.compile(r"^\d+\.(?:\d{1,2}|\d{4,})$")


def parse_number(s: str) -> float | None:
    """Parse one written number ("1.234,5", "0,03", "12.472", "2.5", "1,234,567") or None.

    >>> parse_number("1.234,5"), parse_number("0,03"), parse_number("12.472")
    (1234.5, 0.03, 12472.0)
    """
    if not isinstance(s, str):
        raise ValueError("s must be a str")
    s = s.strip()
    if not s or len(s) > 40:
        return None
    head = re.split(r"[.,]", s, maxsplit=1)[0]
    if len(head) >= 3 and head[0] == "0":
        return None
    try:
        if _VN_THOUSANDS.match(s):
            return float(s.replace(".", "").replace(",", "."))
        if _VN_DECIMAL.match(s):
            return float(s.replace(",", "."))
        if _EN_THOUSANDS.match(s):
            return float(s.replace(",", ""))
        if _EN_DECIMAL.match(s):
            return float(s)
    except ValueError:
        return None
    return None


def match_scale(folded: str, pos: int) -> tuple[float, int]:
    """Scale word(s) right after `pos` in folded text: (multiplier, end) or (1.0, pos)."""
    mult, end = 1.0, pos
    for _ in range(2):
        m = _SCALE_RE.match(folded, end)
        if not m:
            break
        word = m.group(1)
        if word == "k" and end != pos:
            break
        if word == "k" and m.start(1) != end:  # "5k" glued only
            break
        mult *= SCALES[word]
        end = m.end()
    return mult, end


def is_year(s: str) -> bool:
    """True for a plain 4-digit year 1900-2100."""
    return len(s) == 4 and s.isdigit() and 1900 <= int(s) <= 2100
