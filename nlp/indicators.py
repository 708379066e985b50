"""Indicator keys: one key per measured concept, "<concept> (<unit>)", whatever the wording or the outlet.

A subject is matched against the catalog (nlp/indicators.yaml, see nlp/catalog.py); when it names no catalog
concept it is normalised instead (determiners, places, times, yardsticks, "số/tổng" forms and unit words
dropped). `assign_indicators` keys the figures of a text, using the sentence around a figure when its subject
is weak ("kế hoạch", "cùng kỳ", a place, nothing).
"""
from __future__ import annotations

import re
from functools import lru_cache

from nlp.catalog import Concept, canon, load_catalog
from nlp.figure import KINDS, Figure
from nlp.keyforms import bare_scope, drop_brackets, free_stem, free_unit, with_cause
from nlp.places import PROVINCES
from nlp.sentences import nfc

_PLACE_WORDS = r"(?:thành phố|tỉnh|thủ đô|huyện|quận|thị xã|địa phương|khu vực|vùng)"
_PROVINCES = sorted({canon(p) for p in PROVINCES} | {"thành phố hồ chí minh", "hcm", "thừa thiên huế"}, key=len,
                    reverse=True)
_PLACE_RE = re.compile(
    r"\b(?:(?:của|tại|ở|trên địa bàn|toàn)\s+)?(?:" + _PLACE_WORDS + r"\s+)?(?:" + "|".join(map(re.escape, _PROVINCES))
    + r")\b|\b(?:trên\s+)?(?:toàn|cả)\s+(?:nước|quốc|" + _PLACE_WORDS + r")\b|\b(?:trên|của)\s+(?:cả\s+)?nước\b"
    r"|trên địa bàn(?:\s+" + _PLACE_WORDS + r")?\b|\bcủa\s+" + _PLACE_WORDS + r"\b|\bviệt nam\b|\bthủ đô\b"
    r"|(?:\bkhu vực\s+)?\b(?:nội|ngoại) thành\b|\bnước ta\b|(?<=\S)\s+(?:thành phố|tỉnh)\s*$")
# A named place of any level, as written: "ở quận Hoàng Mai", "tại Duy Xuyên", "xã Cẩm Thanh".
_ADMIN = r"(?:[Qq]uận|[Hh]uyện|[Xx]ã|[Pp]hường|[Tt]hị xã|[Tt]hị trấn|[Tt]ỉnh|[Tt]hành phố|TP\.?)"
_UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper() and c.isalpha())  # Ứ, Ân, Đ...
_NAME = r"(?:[" + _UPPER + r"][\w-]*|\d+)(?:\s+(?:[" + _UPPER + r"][\w-]*|\d+))*"
_NAMED_PLACE_RE = re.compile(r"(?:\b(?:ở|tại)\s+(?:các\s+)?(?:địa phương\s+)?(?:" + _ADMIN + r"\s+)?" + _NAME
                             + r"|\b" + _ADMIN + r"\s+" + _NAME + r")(?=\s*(?:$|[,;()]))")
_OWNER_NAME_RE = re.compile(r"\s+của\s+(?:(?:[Cc]ông ty|[Tt]ập đoàn|[Nn]gân hàng|[Tt]ổng công ty)\s+)?" + _NAME + r"\s*$")
_TIME_RE = re.compile(
    r"\b(?:trong\s+|của\s+|vào\s+|tính\s+)?(?:(?:\d+|sáu|chín|mười)\s+tháng(?:\s+đầu|\s+cuối)?(?:\s+năm)?"
    r"|quý\s+(?:i|ii|iii|iv|\d)\b(?:\s+năm)?|tháng\s+\d+|năm\s+(?:nay|trước|qua|\d{4})|giai đoạn(?:\s+\d{4}(?:\s+\d{4})?)?"
    r"|cùng kỳ(?:\s+năm\s+(?:trước|ngoái|\d{4}))?|hằng năm|hàng năm|mỗi năm|đầu năm|cuối năm|\d{4}"
    r"|(?:những\s+)?(?:dịp|ngày|kỳ)\s+(?:nghỉ\s+)?(?:lễ|tết)(?:\s+nguyên đán)?|hồi\s+(?:đầu|cuối|giữa)(?:\s+(?:năm|tháng|quý))?)\b")
_YARD_RE = re.compile(r"\b(?:so với|so cùng kỳ|(?<!mặt )(?<!có )bằng(?!\s+(?:cấp|chứng chỉ|lái|khen|đại học))|vượt|tương đương)\b.*$"
                      r"|\b(?:kế hoạch|dự toán|chỉ tiêu)(?:\s+(?:năm|giao|đề ra|được giao|trung ương giao))*$")
_LEAD_RE = re.compile(r"^(?:(?:các|những|toàn bộ|mỗi|để|nhằm|ước đạt|đạt|chiếm|có(?! thể)|là|với|còn)\s+|(?:tổng cộng|tổng số lượng|tổng số|số lượng|tổng|số|lượt)\s+"
                      r"(?!hóa\b|liệu\b|sản phẩm\b|hợp\b|kết\b|cục\b|công ty\b|thu\b|chi\b|dư\b)(?=\S))+")
_TAIL_RE = re.compile(r"(?:\s+(?:này|đó|nói trên|trên|trở lên|nêu trên|đạt|là|ước|ước đạt|đạt khoảng|dù|nhưng|song|mặc dù|thuộc|của|cho|bởi|về|với|cần|phải|chiếm|cũng|đều|vẫn|nữa|xảy ra|tương ứng|có thể|(?:đang\s+)?có giá|đến|tới|trị giá|hằng|cả|trong|đã vận động|huy động được|được nhận))+$")
# Subjects that carry no concept by themselves: the sentence around the figure must say what is measured.
_WEAK = frozenset(canon(w) for w in (
    "kế hoạch", "dự toán", "chỉ tiêu giao", "mục tiêu", "cùng kỳ", "kết quả", "con số", "mức", "tỷ lệ", "giá",
    "lượng", "quy mô", "tăng", "giảm", "đạt", "tổng", "số", "mức tăng", "mức giảm", "tốc độ tăng", "giá trị",
    "trong đó", "bình quân", "trung bình", "tốc độ", "tăng trưởng", "tăng thêm", "ước", "ước đạt", "khoảng", "kỳ",
    "mức giá", "giá bán", "tỷ trọng", "chỉ số", "con", "người", "cao nhất", "thấp nhất", "lần", "đơn vị", "kim ngạch",
    "địa bàn",
))
_UNITS = {"lượt khách": "lượt", "lượt người": "lượt", "dn": "doanh nghiệp", "doanh nghiệp": "doanh nghiệp",
          "lđ": "lao động", "trường hợp": "ca", "ngôi nhà": "nhà", "căn nhà": "nhà", "gam": "g", "người lao động": "lao động"}
_CLASSIFIERS = frozenset("người ca vụ hộ bánh căn con chiếc cái lượt".split())
_KIND_SUFFIX = {"percent": "%", "ratio": "tỷ lệ"}
# Words that do not change what a phrase measures once a synonym explains the rest ("tăng trưởng tín dụng bình quân").
_FILLER_RE = re.compile(r"\b(?:bình quân|trung bình|chung|ước tính|ước|khoảng|đạt|cả năm|cả|toàn ngành|hiện nay|hiện|tổng số|tổng|"
                        r"số lượng|số|mức|lượng|tăng trưởng|tốc độ|tăng|giảm|của|và|trong|tại|ở|đó|này|đã|được|có|là|các|"
                        r"những|toàn bộ|trên|lũy kế|cộng dồn|nói chung|thực hiện|chiếm)\b")
_CLAUSE_RE = re.compile(r"[,;:]")
# Who reports or sets a figure, before it: "<ngân hàng> niêm yết/điều chỉnh/áp dụng <X>" measures X.
_AGENT_RE = re.compile(r"^.*\b(?:niêm yết|điều chỉnh|áp dụng|công bố|ghi nhận|thông báo|giữ nguyên|duy trì|báo lãi|kéo theo|ủng hộ|"
                       r"quyên góp)\s+(?=\S)|^.*\b(?:giảm|tăng|nâng|hạ)\s+(?=(?:tỷ lệ|tổng số|số lượng)\s)")
# A named owner after a company result: "lợi nhuận sau thuế của Vinafor" is "lợi nhuận sau thuế".
_AGE_RE = re.compile(r"\b(?:(?:từ|dưới|trên)\s+)?\d+(?:\s+(?:đến|-)\s+(?:dưới\s+)?\d+)?\s+tuổi(?:\s+trở\s+(?:lên|xuống))?\b")
# Where a quantity was measured, after it ("lượng mưa đo được tại trạm Láng"): place is its own field.
_WHERE_RE = re.compile(r"\s+(?:ở|tại)\s+.*$")
# The persons a count counts, before its concept: "lao động được giải quyết việc làm" is the concept's count.
_COUNTED_RE = re.compile(r"(?:người|lao động|người lao động)(?:\s+(?:đã|được|đã được))?")
_GENERIC_NOUNS = frozenset(canon(w) for w in (
    "quận", "huyện", "quận huyện", "quận, huyện", "xã", "phường", "xã phường", "xã, phường", "tỉnh", "tỉnh thành",
    "tỉnh, thành", "tỉnh thành phố", "địa phương", "đơn vị", "thành phố", "thôn", "làng", "trường", "cơ sở", "huyện thị",
    "quận huyện thị xã", "sở ngành", "cơ quan", "đơn vị hành chính"))
# Leading words that make a concept of their own out of the phrase after them.
_HEAD_RE = re.compile(r"\b(?:tỷ trọng|tỷ lệ|đóng góp|chỉ số|giá|cơ cấu|chênh lệch|biên độ|hạn ngạch|nguồn|phân bổ|doanh số|"
                      r"số thu|khối lượng|giá trị|thuế|phí|lãi suất|nợ|dư nợ|quỹ|kinh phí|vốn|tiền|chi phí|mức hỗ trợ|"
                      r"hỗ trợ|bình quân|trung bình|chiếm|thu|chi|xuất khẩu|nhập khẩu|ngành|khu vực|nhóm|hộ|người|lao động|"
                      r"trẻ|học sinh|cây|diện tích|sản lượng|năng suất|công suất|dự án|doanh nghiệp|"
                      # places and facilities counted in their own right ("cơ sở chăm sóc người cao tuổi" counts cơ sở)
                      r"cơ sở|trường(?! hợp)|bệnh viện|trạm|trung tâm|công trình|nhà máy|chợ|khu|cụm)\b")
# Verbs, comparisons and report words that a noisy subject drags along ("giá vàng miếng niêm yết", "lên mốc").
_JUNK_RE = re.compile(r"\b(?:đứng|lên|mốc|bán|mua|vào|ra|vọt|chốt|phiên|chiều|sáng|qua|thu hút|ghi nhận|niêm yết|đưa|"
                      r"điều chỉnh|vận động|đề ra|lần lượt|kéo|kéo theo|theo|thấp hơn|cao hơn|hơn|lớn nhất|cao nhất|thấp nhất|"
                      r"như|mục tiêu|kế hoạch|dự kiến|phấn đấu|yoy|tức|tương ứng|ở mức|quanh|tuần|tháng|quý|ngày|hôm nay|"
                      r"hiện tại|trị giá|với|từ|đến|tới|còn|chỉ|riêng|gồm|về|bị|làm|cùng|lại|thêm|mới đây|vừa|ước đạt|"
                      r"biến động mạnh|biến động|có thời điểm|thời điểm|khoảng|gần|hơn|trên|dưới|tổng cộng|lần|mức giá|giá|khi|sau|trước|nhờ|do|vì|nên|đạt mức|ghi nhận được|hằng|"
                      r"một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười|trăm|nghìn|ngàn|triệu|gấp|đáng kể|trung ương|cấp tỉnh|cấp huyện|cấp xã)\b")


@lru_cache(maxsize=8192)  # a figure's subject is normalised several times on its way to a key
def normalize_subject(subject: str) -> str:
    """A subject without determiners, places, times, yardsticks and leading "số/tổng" words (canonical form).

    >>> normalize_subject("Tổng số hộ nghèo trên địa bàn thành phố năm 2024")
    'hộ nghèo'
    """
    s = canon(_OWNER_NAME_RE.sub("", _NAMED_PLACE_RE.sub(" ", nfc(subject))))
    for rx in (_YARD_RE, _PLACE_RE, _TIME_RE):
        s = " ".join(rx.sub(" ", s).split())
    cut = _AGENT_RE.sub("", s)
    s = cut if cut.strip() else s
    for _ in range(2):
        s = _TAIL_RE.sub("", _LEAD_RE.sub("", s)).strip()
    return s


def _unit(unit: str | None) -> str | None:
    """One spelling per count unit: "lượt khách" -> "lượt", "người chết" -> "người", "DN" -> "doanh nghiệp"."""
    if not unit:
        return None
    u = re.sub(r"\s*/\s*", "/", " ".join(nfc(unit).split()))
    low = u.lower()
    if low in _UNITS:
        return _UNITS[low]
    head = low.split(" ", 1)[0]
    return head if head in _CLASSIFIERS and "/" not in low else u


def suffix(kind: str, unit: str | None, concept: Concept | None = None) -> str:
    """The key's unit part: the currency for money, "%" or "tỷ lệ", else the (catalog or figure) unit."""
    if kind == "money":
        return (unit or "VND").upper()
    if kind in _KIND_SUFFIX:
        return _KIND_SUFFIX[kind]
    if kind == "count" and concept is not None and concept.unit:
        return concept.unit
    u = _unit(unit)
    return free_unit(u, kind) if u else ("số lượng" if kind == "count" else "đơn vị")


def _names(subject: str) -> frozenset[str]:
    """Canonical words of the names in a subject: title-case words ("Vinafor", "Nghệ An"), not abbreviations."""
    words = subject.split()
    titled = [bool(w[:1].isupper() and not w.isupper()) for w in words]
    if not all(titled) or len(words) > 1:
        titled[:1] = [False]  # a capital at the start is the sentence's or a table row's ("Dầu Diesel"), not a name's
    return frozenset(t for w, is_name in zip(words, titled) if is_name for t in canon(w).split())


@lru_cache(maxsize=8192)
def _leftover(rest: str, names: frozenset[str] = frozenset()) -> str:
    """What remains of a phrase once fillers, junk, places, times and names are taken out."""
    for rx in (_PLACE_RE, _TIME_RE, _FILLER_RE, _JUNK_RE):
        rest = rx.sub(" ", rest)
    return " ".join(w for w in rest.split() if w not in names and not w.isdigit())


def _covered(form: str, kind: str, sentence: str, names: frozenset[str] = frozenset()) -> tuple[Concept | None, bool]:
    """(the concept whose synonyms cover every word of a canonical phrase but filler words, whether any matched)."""
    cat = load_catalog()
    found = [(m, 0) for m in cat.find(form, kind)] + [(m, 1) for m in cat.find_bound(form, kind, sentence)]
    if not found:
        return None, False
    spans: dict[str, list] = {}
    for (start, end, c), bound in found:
        spans.setdefault(c.key, [c, 0, []])[2].append((start, end))
        spans[c.key][1] = max(spans[c.key][1], bound)
    best, best_rank = None, None
    for c, bound, marks in spans.values():
        covered = [False] * len(form)
        for start, end in marks:
            covered[start:end] = [True] * (end - start)
        rest = "".join(ch if not cov else " " for ch, cov in zip(form, covered))
        full = 1
        if _leftover(rest, names):
            # Words the synonyms do not explain. After the concept they narrow it ("vụ cháy lớn": another concept);
            # before it they are a noisy subject's clause ("công ty X ghi nhận doanh thu") unless they are a head
            # of their own ("tỷ trọng kim ngạch xuất khẩu", "đóng góp của ngành X").
            first = covered.index(True)
            prefix = rest[:first].strip()
            if _leftover(rest[first:], names) or (_HEAD_RE.search(prefix) and not (
                    kind == "count" and _COUNTED_RE.fullmatch(prefix))):
                continue
            full = 0
        rank = (full, sum(covered), bound)
        if best_rank is None or rank > best_rank:
            best, best_rank = c, rank
    return best, True


def catalog_concept(text: str, kind: str, sentence: str = "") -> Concept | None:
    """The catalog concept a phrase names for a kind, else None: its synonyms must explain every content word.

    Context-bound synonyms ("người chết" for fires or for road accidents) count when the sentence names the context.
    >>> catalog_concept("Tỉ lệ hộ nghèo đa chiều", "percent").key, catalog_concept("vụ cháy lớn", "count")
    ('tỷ lệ hộ nghèo', None)
    """
    sent, names = canon(sentence), _names(text)
    norm = normalize_subject(text)
    where = _WHERE_RE.sub("", norm) if kind in ("money", "measure") else norm  # a price or a reading "tại X"
    ages = _AGE_RE.sub(" ", where)  # "trẻ từ 6 đến 15 tuổi biết bơi": the ages an indicator is defined for
    for form in dict.fromkeys((canon(text), norm, where, " ".join(ages.split()))):
        c, _ = _covered(form, kind, sent, names)
        if c is not None:
            return c
    return None


def _check(subject: object, kind: object, unit: object) -> None:
    if subject is not None and not isinstance(subject, str):
        raise ValueError("subject must be a str or None")
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    if unit is not None and not isinstance(unit, str):
        raise ValueError("unit must be a str or None")


def is_weak(subject: str | None) -> bool:
    """True when a subject names no quantity on its own: empty, a yardstick, a place, a bare generic noun."""
    if not subject:
        return True
    norm = normalize_subject(subject)
    return (not norm or norm in _WEAK or canon(subject) in _WEAK or not _leftover(norm, _names(subject))
            or bare_scope(norm))


def indicator_key(subject: str | None, kind: str, unit: str | None = None, context: str | None = None) -> str | None:
    """The indicator key of one figure; `context` (the sentence before the figure) helps a weak subject.

    >>> indicator_key("hộ nghèo", "percent"), indicator_key("Tổng số doanh nghiệp thành lập mới", "count", "DN")
    ('tỷ lệ hộ nghèo (%)', 'số doanh nghiệp thành lập mới (doanh nghiệp)')
    >>> indicator_key("kế hoạch năm", "percent") is None, indicator_key("kế hoạch", "percent", None, "Thu ngân sách đạt")
    (True, 'thu ngân sách (%)')
    """
    _check(subject, kind, unit)
    if context is not None and not isinstance(context, str):
        raise ValueError("context must be a str or None")
    concept, stem = _resolve(subject, kind, context or "", None, unit=unit)
    return None if stem is None else f"{stem} ({suffix(kind, unit, concept)})"


def _resolve(subject: str | None, kind: str, left: str, inherited: tuple | None,
             right: str = "", sentence: str = "", unit: str | None = None) -> tuple[Concept | None, str | None]:
    """(catalog concept or None, key stem or None) for a subject in its sentence."""
    sentence = sentence or f"{left} {right}"
    if kind == "measure" and unit is not None and unit.strip().lower() == "lần":
        found = _resolve(subject, kind, left, inherited, right, sentence)  # a measure in "lần" (chỉ số Breteau)
        if found[0] is not None:
            return found
        kind = "percent"  # "tăng gấp 2,3 lần": a growth of the concept, matched like its percent change
    if subject and subject.strip():
        c = catalog_concept(subject, kind, sentence)
        if c is not None:
            return c, c.key
        if normalize_subject(subject) in _GENERIC_NOUNS:  # "18/30 quận, huyện ...": what is counted comes after it
            c = _generic_head(subject, kind, sentence[len(left):], sentence)
            return (c, c.key) if c is not None else (None, None)
    if subject and len(subject.split()) > 1 and not is_weak(subject):
        at = left.lower().rfind(subject.strip().lower())
        ext = _CLAUSE_RE.split(left[at:])[0] if at >= 0 else ""
        if len(ext) > len(subject.strip()) + 1:  # a cut subject: the clause up to the figure names the concept
            c = catalog_concept(ext, kind, sentence)
            if c is not None:
                return c, c.key
    if kind == "count" and unit and len(unit.split()) > 1 and is_weak(subject):  # "690 hộ nghèo": the unit names it
        c = catalog_concept(unit, kind, sentence)
        if c is not None:
            return c, c.key
    if not is_weak(subject):
        stem = free_stem(normalize_subject(drop_brackets(subject or "")), kind, unit)
        c = load_catalog().exact(canon(stem), kind) if stem else None
        if c is not None:  # "tỷ lệ chất thải rắn sinh hoạt": its free stem is itself a catalog synonym
            return c, c.key
        return None, with_cause(stem, kind, canon(sentence))
    cat, whole = load_catalog(), canon(sentence)

    def first_match(text: str, pick_last: bool = False) -> Concept | None:
        form = canon(text)
        found = cat.find(form, kind) + cat.find_bound(form, kind, whole) if form else []
        if not found:
            return None
        # the head of a clause comes first ("tỷ lệ thất nghiệp của dân số ... là 2%"); longer wins a tie
        return (max if pick_last else min)(found, key=lambda m: (m[0], m[0] - m[1]) if not pick_last else (m[1], m[1] - m[0]))[2]

    clauses = _CLAUSE_RE.split(left)
    c = first_match(clauses[-1]) if clauses else None
    if c is None and inherited is not None:  # "đạt 5 tỷ đồng, bằng 96% kế hoạch": the same concept
        return inherited
    for clause in reversed(clauses[:-1]) if c is None else ():
        c = first_match(clause)
        if c is not None:
            break
    c = c or first_match(right)
    return (c, c.key) if c is not None else (None, None)


def _generic_head(subject: str, kind: str, right: str, sentence: str) -> Concept | None:
    """A bare counted noun ("18/30 quận huyện không còn hộ nghèo") names its concept with the words after it."""
    head = normalize_subject(subject)
    form = canon(re.split(r"[;:.]", right, maxsplit=1)[0])
    at = f" {form} ".find(f" {head} ")
    if at < 0:
        return None
    found = [m for m in load_catalog().find(form, kind) if m[0] == at and m[1] > at + len(head)]
    return max(found, key=lambda m: m[1])[2] if found else None


def _sentence_offset(text: str, fig: Figure) -> int:
    """Where the figure starts inside its sentence."""
    if fig.sentence:
        s0 = text.rfind(fig.sentence, 0, fig.start + 1)
        if s0 >= 0 and s0 + len(fig.sentence) >= fig.end:
            return fig.start - s0
        i = fig.sentence.find(fig.text)
        return max(i, 0)
    return 0


def assign_indicators(figures: list[Figure], text: str) -> list[Figure]:
    """Set `indicator` on every figure of a text (in place; also returned); figures keep their order.

    >>> from nlp import extract_figures
    >>> [f.indicator for f in extract_figures("Thu ngân sách đạt 1.200 tỷ đồng, bằng 105% dự toán.")]
    ['thu ngân sách (VND)', 'thu ngân sách (%)']
    """
    text = nfc(text)
    previous: dict[str, tuple] = {}  # sentence -> (concept, stem) of its last keyed figure
    named: dict[tuple[str, str], Concept] = {}  # (sentence, subject) -> the catalog concept it was keyed by
    for fig in figures:
        sent = fig.sentence or ""
        rel = _sentence_offset(text, fig)
        left = sent[:rel]
        right = re.split(r"[;:,.]", sent[rel + len(fig.text):], maxsplit=1)[0] if sent else ""
        concept, stem = _resolve(fig.subject, fig.kind, left, previous.get(sent), right, sent, fig.unit)
        same = named.get((sent, canon(fig.subject or "")))
        if concept is None and same is not None and _admits(same, fig.kind, fig.unit):
            concept, stem = same, same.key  # "dệt may đạt 1,9 tỷ USD, giảm 2,4%": one subject, one concept
        fig.indicator = None if stem is None else f"{stem} ({suffix(fig.kind, fig.unit, concept)})"
        if stem is not None:
            previous[sent] = (concept, stem)
        if concept is not None and fig.subject:
            named.setdefault((sent, canon(fig.subject)), concept)
    return figures


def _admits(concept: Concept, kind: str, unit: str | None) -> bool:
    """Whether a concept takes a figure of this kind ("gấp 2 lần" as its percent change)."""
    lan = kind == "measure" and (unit or "").strip().lower() == "lần"
    return ("percent" if lan else kind) in concept.kinds
