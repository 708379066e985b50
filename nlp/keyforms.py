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
# The exchange rate is of the dong to the dollar unless another currency is named.
_PAIR = (re.compile(r"\b(tỷ giá(?:\s+(?!của\b)\S+){0,2}?)\s+(?:của\s+)?(?:đồng|vnd)(?:\s+việt nam)?\s+(?:với|so với)\s+(?:usd|đô la mỹ)\b"), r"\1")
_PERSONS = frozenset(("người", "lao động", "người lao động"))
_WORDS = [
    (re.compile(r"^trường hợp\b"), "ca"),
    (re.compile(r"\bdu khách\b"), "khách du lịch"),
    (re.compile(r"\bđạt tiêu chuẩn\b"), "đạt chuẩn"),
    (re.compile(r"\b(?:đỗ|đậu)\s+(?=tốt nghiệp\b)"), ""),
    (re.compile(r"\b(?:tử vong|thiệt mạng|chết)\b"), "chết"),
    (re.compile(r"^tổng thu\s+(?=\S)"), "thu "),
    (re.compile(r"\bngân sách nhà nước\b"), "ngân sách"),  # the budget unless a level is named ("địa phương")
    # a fuel's grade and specification codes: "xăng E5 RON 92" is "xăng E5", "dầu mazut 180CST 3.5S" "dầu mazut"
    (re.compile(r"\b(e5|e10)\s+ron\s+9[25]\b"), r"\1"),
    (re.compile(r"\s+(?:\d+\s*cst|\d+(?:\s+\d+)?\s*s|\d+ \d+ ?s)(?=\s|$)"), ""),
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


def bare_scope(norm: str) -> bool:
    """True when a normalised subject names only a scope or a level ("khu vực thành thị", "cấp tỉnh").

    >>> bare_scope("khu vực thành thị"), bare_scope("tỷ lệ thất nghiệp thành thị")
    (True, False)
    """
    rest = _SCOPE_RE.sub("", " " + canon(norm)).strip()
    return bool(re.fullmatch(r"(?:khu vực|cấp(?:\s+(?:tỉnh|huyện|xã|trung ương|thành phố|quận))?|(?:các|ba|bốn|\d+) cấp)?", rest))


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


# Statistical indices and programmes by their standard abbreviation: "chỉ số giá tiêu dùng" and "CPI" are one key.
_ACRONYMS = [(re.compile(r"\b" + spelled + r"\b"), short) for spelled, short in (
    (r"chỉ số giá tiêu dùng", "cpi"), (r"chỉ số giá sản xuất", "ppi"), (r"chỉ số nhà quản trị mua hàng", "pmi"),
    (r"chỉ số sản xuất (?:toàn ngành |ngành )?công nghiệp", "iip"),
    (r"tổng sản phẩm (?:trên địa bàn|địa phương)", "grdp"), (r"tổng sản phẩm trong nước", "gdp"),
    (r"(?:vốn )?đầu tư trực tiếp (?:của )?nước ngoài", "fdi"), (r"hỗ trợ phát triển chính thức", "oda"),
    (r"chỉ số năng lực cạnh tranh cấp tỉnh", "pci"), (r"chỉ số cải cách hành chính", "par index"),
    (r"chỉ số hiệu quả quản trị và hành chính công(?: cấp tỉnh)?", "papi"),
    (r"chỉ số hài lòng về sự phục vụ hành chính", "sipas"), (r"chỉ số chất lượng không khí", "aqi"),
    (r"chỉ số phát triển con người", "hdi"), (r"chỉ số chuyển đổi số", "dti"),
    (r"chỉ số đổi mới sáng tạo(?: cấp địa phương)?", "pii"), (r"mỗi xã một sản phẩm", "ocop"))]
_SHORT = "|".join(sorted({re.escape(short) for _, short in _ACRONYMS}, key=len, reverse=True))
# Whole percent stems that are another name of an index: inflation is the CPI's rise, growth of the economy GRDP's.
_RATE_NAMES = {"lạm phát": "cpi", "lạm phát tổng thể": "cpi", "kinh tế": "grdp", "sản xuất công nghiệp": "iip"}
# Words inside a phrase that do not change what it measures: "thiệt hại về tài sản", "tại các ngân hàng".
_INNER_RE = re.compile(r"(?<=\S)\s+(?:về|các|những|mọi|toàn ngành)(?=\s+\S)")
# The ages and the working age an indicator is defined for, and the population "of" a rate ("của dân số").
_AGES_RE = re.compile(r"\s+(?:(?:của|trong)\s+(?:dân số|người dân)\s*)?(?:(?:từ|dưới|trên)\s+)?\d+(?:\s+(?:đến|-)\s+(?:dưới\s+)?\d+)?"
                      r"\s+(?:tháng\s+)?tuổi(?:\s+trở\s+(?:lên|xuống))?|\s+trong độ tuổi(?:\s+lao động)?(?=\s|$)"
                      r"|\s+(?:của|trong)\s+dân số$")
# The owner of a company's result: "doanh thu thuần của công ty" is the company's "doanh thu thuần".
_OWNER_RE = re.compile(r"\s+của\s+(?:công ty|tập đoàn|ngân hàng|doanh nghiệp|đơn vị|tổng công ty)\b.*$")
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
    s = _AVG_RE.sub("", _PAIR[0].sub(_PAIR[1], canon(norm)))
    for rx, rep in _WORDS + _ACRONYMS:
        s = rx.sub(rep, s)
    s = re.sub(r"\b(" + _SHORT + r")(?:\s+\1)+\b", r"\1", _INNER_RE.sub("", s))  # "chỉ số giá tiêu dùng CPI"
    aged = _AGES_RE.sub("", s)
    s = aged if len(aged.split()) >= 2 else s  # "nữ dưới 35 tuổi" and "nữ trên 35 tuổi" stay apart
    if kind in ("money", "percent"):
        s = re.sub(r"^kim ngạch\s+(?=\S)", "", _OWNER_RE.sub("", s))  # "kim ngạch xuất khẩu": the value of exports
    if kind == "percent":  # the kind says it is a rate or a growth: "tỷ lệ hộ nghèo", "tăng trưởng GRDP"
        s = _INDEX_RE.sub("", _RATE_RE.sub("", _COUNT_RE.sub("", _GROWTH_RE.sub("", s))))
    if kind in ("money", "percent"):
        bare = _PRICE_RE.sub("", s)
        s = s if bare in ("lẻ", "buôn") else bare  # "giá bán lẻ" alone is a price, not "lẻ"
    if kind == "count":  # "lượng khách", "tổng đàn lợn": the count of what follows
        s = re.sub(r"^(?:lượng|tổng đàn|đàn)\s+(?=\S)", "", s)
    if kind == "percent":
        s = _RATE_NAMES.get(s, s)
    s = _STANDARD_RE.sub("", _SCOPE_RE.sub("", s))
    s = re.sub(r"^quy mô\s+(?=\S)", "", s)  # "quy mô dân số": the size is the quantity itself
    if kind in ("money", "percent"):  # "mức thu lệ phí trước bạ", "mức lương cơ sở": the level is the quantity
        s = re.sub(r"^mức\s+(?:thu\s+(?=(?:lệ\s+|học\s+|viện\s+)?phí\b))?(?=\S+\s+\S)", "", s)
    s = re.sub(r"(?:(?<=việc làm)|(?<=thành lập)|(?<=phát sinh)|(?<=tham gia))\s+mới$", "", s)  # "giải quyết việc làm mới"
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


# What a toll or a case count is of: the event or disease the sentence names makes the concept ("người chết" in a
# fire and on the roads are two indicators; "ca mắc" in a measles report counts measles).
_CAUSES = [(re.compile(r"\b(?:" + words + r")\b"), cause) for words, cause in (
    (r"tai nạn giao thông|va chạm giao thông|tai nạn đường bộ", "tai nạn giao thông"),
    (r"tai nạn lao động", "tai nạn lao động"), (r"đuối nước", "đuối nước"), (r"ngộ độc", "ngộ độc"),
    (r"cháy|nổ|hỏa hoạn", "cháy nổ"), (r"thiên tai|bão|lũ|lũ quét|sạt lở|mưa lũ|ngập lụt|lốc|giông|mưa đá", "thiên tai"))]
_DISEASES = re.compile(r"\b(?:sởi|sốt xuất huyết|tay chân miệng|covid 19|cúm(?: a)?(?: h\d+n\d+)?|bạch hầu|ho gà|dại|"
                       r"thủy đậu|viêm não nhật bản|viêm não|sốt rét|lao|hiv|tả|đậu mùa khỉ|whitmore|liên cầu lợn|"
                       r"viêm gan b|uốn ván|quai bị|rubella)\b")
_TOLL_RE = re.compile(r"^(?:làm\s+|người\s+(?:bị\s+)?)?(chết|bị thương|mất tích|thương)$")
_CASE_RE = re.compile(r"^(?:ca\s+)?(?:mắc|bệnh|mắc mới|dương tính|nhiễm|ca|ca mắc|ca bệnh|ca mắc mới|ca dương tính)$")


def with_cause(stem: str, kind: str, sentence: str) -> str:
    """A bare toll or case count completed with the cause or disease its sentence names (canonical sentence).

    >>> with_cause("làm chết", "count", "vụ cháy nhà làm 2 người chết"), with_cause("ca mắc", "count", "dịch sởi có 5 ca mắc")
    ('người chết do cháy nổ', 'sởi')
    """
    if kind not in ("count", "percent"):
        return stem
    toll = _TOLL_RE.match(stem)
    if toll:
        word = "bị thương" if toll.group(1) == "thương" else toll.group(1)
        hits = [(m.start(), cause) for rx, cause in _CAUSES for m in rx.finditer(sentence)]
        return f"người {word}" + (f" do {min(hits)[1]}" if hits else "")
    if _CASE_RE.match(stem) or stem in ("ổ dịch", "ổ dịch mới"):
        m = _DISEASES.search(sentence)
        return ("ổ dịch " if stem.startswith("ổ dịch") else "") + m.group(0) if m else stem
    m = re.match(r"^mắc(?:\s+mới)?\s+(?=\S)", stem)  # "ca mắc sởi", "ca sởi": one count of measles cases
    return stem[m.end():] if m and _DISEASES.fullmatch(stem[m.end():]) else stem
