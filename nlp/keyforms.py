"""Free indicator keys: one stem per quantity for subjects the catalog does not name.

`nlp.indicators` keys a subject the catalog knows by its concept; any other subject is keyed by its own words,
normalised here so that wordings of one quantity meet: the growth words of a percent ("tăng trưởng GRDP",
"tốc độ tăng GRDP" -> "grdp": the kind already says it is a rate), averaging words, an abbreviation repeated
in brackets, "trường hợp"/"ca", the verbs of a death toll; and count and measure units folded to one
spelling per dimension ("lao động"/"người", "g"/"kg"/"tấn") since a key's unit part must not split a concept.
What narrows a quantity (a population, a scope, a product) is kept: "hộ cận nghèo" never becomes "hộ nghèo".
"""
from __future__ import annotations

import re

from nlp.catalog import canon
from nlp.sentences import nfc

# "Chỉ số giá tiêu dùng (CPI)", "ca mắc Tay chân miệng (TCM)": the bracket repeats the phrase before it.
_ABBR_RE = re.compile(r"\s*\(\s*([A-ZĐ][A-ZĐ0-9.\-]{1,9})\s*\)")
# Words that say a percent is a growth rate, not which quantity grows.
_GROWTH_RE = re.compile(r"^(?:(?:tốc độ|mức|chỉ số)\s+)?(?:tăng trưởng|tăng|giảm)\s+(?=\S)")
# Averaging words ("CPI bình quân", "giá bán trung bình"), unless they make a per-head quantity of it.
_AVG_RE = re.compile(r"\s+(?:bình quân|trung bình)(?!\s+(?:đầu người|một|mỗi|1|cho|của|theo|ngày|tháng|năm|giờ))\b"
                     r"(?:\s+chung)?|\s+chung$")
_PERSONS = frozenset(("người", "lao động", "người lao động"))
_WORDS = [
    (re.compile(r"^trường hợp\b"), "ca"),
    (re.compile(r"\bdu khách\b"), "khách du lịch"),
    (re.compile(r"\bđạt tiêu chuẩn\b"), "đạt chuẩn"),
    (re.compile(r"\b(?:tử vong|thiệt mạng|chết)\b"), "chết"),
    (re.compile(r"^tổng thu\s+(?=\S)"), "thu "),
    (re.compile(r"\bliên quan(?:\s+(?:đến|tới))?\b(?=\s+\S)"), "do"),
]
# One spelling per count unit (the counted thing, whatever the outlet calls it).
_COUNT_UNITS = {"lao động": "người", "người lao động": "người", "nhân khẩu": "người", "khách": "lượt",
                "lượt khách": "lượt", "lượt người": "lượt", "trường hợp": "ca", "ca bệnh": "ca", "ca mắc": "ca"}
# Measure units folded to one per dimension: a quantity reported in g by one outlet and kg by another is one.
_DIMENSIONS = {u: base for base, units in {
    "kg": ("mg", "g", "gam", "gram", "kg", "kilogam", "tạ", "tấn", "nghìn tấn", "triệu tấn"),
    "ha": ("m2", "m²", "ha", "héc ta", "hecta", "km2", "km²", "sào", "mẫu"),
    "km": ("m", "mét", "km", "cây số"),
    "m3": ("lít", "m3", "m³", "triệu m3", "tỷ m3"),
    "kWh": ("kwh", "mwh", "gwh", "twh", "triệu kwh", "tỷ kwh"),
    "MW": ("kw", "mw", "gw", "kwp", "mwp"),
}.items() for u in units}


def drop_brackets(subject: str) -> str:
    """A subject keyed by the abbreviation in brackets that closes it, else without the bracket.

    >>> drop_brackets("Chỉ số giá tiêu dùng (CPI) bình quân"), drop_brackets("dự án đầu tư nước ngoài (FDI) cấp mới")
    ('CPI', 'dự án đầu tư nước ngoài cấp mới')
    """
    s = nfc(subject)
    m = _ABBR_RE.search(s)
    if m:
        tail = _AVG_RE.sub("", " " + canon(s[m.end():])).strip()
        spelled = canon(m.group(1)) != m.group(1).lower().replace(".", "")  # "TCM": spelled out by canon()
        if not spelled and not tail:
            return m.group(1)  # "Tổng sản phẩm trên địa bàn (GRDP)", "chỉ số sản xuất công nghiệp (IIP)"
    return " ".join(_ABBR_RE.sub(" ", s).split()) or subject


def _dedupe(words: list[str]) -> list[str]:
    """Drop an n-gram repeated right after itself ("tay chân miệng tay chân miệng")."""
    for n in range(len(words) // 2, 1, -1):  # two words at least: "lương thực thực phẩm" stays
        for i in range(len(words) - 2 * n + 1):
            if words[i:i + n] == words[i + n:i + 2 * n]:
                return _dedupe(words[:i + n] + words[i + 2 * n:])
    return words


_RATE_RE = re.compile(r"^tỷ lệ\s+(?=\S)")
_COUNT_RE = re.compile(r"^(?:tổng số|số lượng|số)\s+(?!hóa\b|liệu\b)(?=\S)")  # "tăng trưởng số thuê bao": the growth of a count
_PRICE_RE = re.compile(r"^(?:mức\s+)?giá(?:\s+bán)?(?:\s+lẻ)?\s+(?!trị\b|thuê\b|vé\b|đất\b|nhà\b|căn hộ\b|phòng\b)(?=\S)")
_INDEX_RE = re.compile(r"^chỉ số\s+(?=\S)")
_SCOPE_RE = re.compile(r"\s+(?:của\s+|ở\s+|tại\s+)?(?:khu vực\s+)?(?:thành thị|nông thôn(?!\s+mới)|đô thị)\b")
# The standard a rate is measured by ("hộ nghèo đa chiều", "theo chuẩn nghèo mới"): the same indicator.
_STANDARD_RE = re.compile(r"\s+(?:đa chiều|theo (?:tiêu )?chuẩn\b.*)$")
_LEVEL_RE = re.compile(r"\s+(?:(?:cấp\s+)?(?:tỉnh|huyện|(?<!thị )xã|trung ương)|\d+\s+cấp|các cấp|ba cấp|bốn cấp)$")


def free_stem(norm: str, kind: str, unit: str | None = None) -> str:
    """The key stem of a normalised subject the catalog does not name.

    >>> free_stem("tốc độ tăng trưởng grdp bình quân", "percent"), free_stem("trường hợp tử vong do sởi", "count")
    ('grdp', 'ca chết do sởi')
    """
    s = _AVG_RE.sub("", canon(norm))
    for rx, rep in _WORDS:
        s = rx.sub(rep, s)
    if kind == "percent":  # the kind says it is a rate or a growth: "tỷ lệ hộ nghèo", "tăng trưởng GRDP"
        s = _INDEX_RE.sub("", _RATE_RE.sub("", _COUNT_RE.sub("", _GROWTH_RE.sub("", s))))
    if kind in ("money", "percent"):
        s = _PRICE_RE.sub("", s)
    if kind == "count":
        s = re.sub(r"^lượng\s+(?=\S)", "", s)
    s = _STANDARD_RE.sub("", _SCOPE_RE.sub("", s))
    if kind == "money":  # "quỹ vì người nghèo cấp tỉnh": one fund raised at every level
        s = _LEVEL_RE.sub("", s)
    if kind == "count" and unit and len(canon(free_unit(unit, kind)).split()) == 1:  # a classifier, not "hộ nghèo"
        heads = {canon(free_unit(unit, kind)), canon(unit)}
        if heads & _PERSONS:
            heads |= _PERSONS
        alt = "|".join(map(re.escape, sorted(heads, key=len, reverse=True)))
        cut = re.sub(r"^(?:" + alt + r")\s+(?:tham gia\s+)?(?=\S)", "", s)
        s = cut if len(cut.split()) >= 2 else s  # "ca mắc sởi" -> "mắc sởi"; "ca mắc" stays
    s = re.sub(r"^(?:và|hoặc)\s+(?=\S)", "", " ".join(_dedupe(s.split())))  # "người và giới thiệu việc làm"
    return s or canon(norm)


def free_unit(unit: str, kind: str) -> str:
    """One spelling per count unit and one unit per measure dimension.

    >>> free_unit("lao động", "count"), free_unit("tấn", "measure"), free_unit("tấn/ngày", "measure")
    ('người', 'kg', 'tấn/ngày')
    """
    low = " ".join(nfc(unit).lower().split())
    if kind == "count":
        return _COUNT_UNITS.get(low, unit)
    if kind == "measure":
        return _DIMENSIONS.get(low, unit)
    return unit
