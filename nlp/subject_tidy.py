"""Tidy a chosen subject's right edge: drop a glued predicate and a trailing place or owner name.

The subject is what is measured (../shared/eval/ANNOTATION.md); the place is a field of its own. Phrases
read up to a number often run past the noun phrase into the clause's predicate ("… chiếm tỷ lệ",
"… đang có giá", "… trị giá") or into the owner of the quantity ("… của Việt Nam", "… tại Hà Nội",
"… của Công ty"). None of the annotated subjects ends that way; these cuts apply to whichever method
chose the phrase (rules or the learned ranker).
"""
from __future__ import annotations

import re

from nlp.places import PROVINCES

# A predicate or an adverb that ends a clause's subject, folded ("vẫn", "cũng", "tiếp tục", "có tỷ lệ …").
_PRED_TAIL = re.compile(
    r"\s(?:(?:đang|vẫn|cũng|đều)\s)?(?:(?:có|đạt|chiếm)\s(?:tỷ|tỉ)\s(?:lệ|trọng)(?:\sbao phủ)?"
    r"|(?:có|ở|đạt|lên)\s(?:giá|mức)|lần lượt|trị giá|dao động(?:\s(?:chung quanh|quanh|trong khoảng))?"
    r"|cũng|vẫn|đều|đang|đã|sẽ|có thể|chiếm|nằm|tiếp tục|liên tục|vọt|xảy ra|diễn ra|tương ứng|bởi|vừa(?:\squa)?"
    r"|(?:lớn|cao|thấp|nhỏ) nhất"
    r"|mức"  # "hỗ trợ mức 1,5 triệu đồng": the lead-in to the value
    r"|(?:từ|đến)\s[\d.,]+"  # the start of a range read into the phrase ("có thời hạn từ 1 đến 3 tháng")
    r"|của|tuy|như|và|thì|về|với|cho|tại|từ|đến|trên|theo"
    r"|nhưng|nên|mà|khi|bị|gây|giúp|đi|hoặc)$")  # a dangling connective or verb: no annotated subject ends so
# Words cut off a phrase that runs on ("… tính đến cuối | năm", "… từ 15 tuổi trở | lên", "giao dịch quanh"): no
# annotated subject ends so. Cut only from the subject given out (final=True), not from the rules' answer the
# learned layer weighs: there such a word is what makes the answer doubtful (nlp.gate), and cutting it first
# lost a held-out markets figure (bench/train_figures.py --lodo).
_CUT_TAIL = re.compile(r"\s(?:(?:tính\s)?(?:đến\s)?(?:cuối|hết)|(?:không\s)?quá|hôm|quanh|đối|trở|mất|lùi|nhích)$"
                       r"|(?<!tất)\scả$")  # … and a market's verb of change ("HNX-Index mất 0,86 điểm")
# The owner or place of the quantity, named after it: a linking word, optional admin words, a capitalised
# name ("của TP HCM", "ở khu vực Tây Nguyên", "của Vinafor"), or a plural of places ("của các địa phương").
_ADMIN = r"(?:tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường|khu vực|thủ đô|các địa phương|địa phương)"
_LINK = r"(?:của|tại|ở|đến|trên địa bàn|thuộc)"
_OWNER_AT = re.compile(rf"\s{_LINK}\s(?:{_ADMIN}\s)*")
_PLURAL_PLACES = re.compile(rf"\s{_LINK}\s(?:các (?:địa phương|tỉnh|quận|huyện|phường|xã|thành phố)|cả)$")


# Left edge. A place or a named actor doing the measured thing ("Hà Nội chi …", "thành phố sẽ giải quyết …",
# "<Tên công ty> ghi nhận doanh thu"): the place is its own field, the actor is not what is measured.
_PLACE = r"(?:(?:tỉnh|thành phố|tp\.?|thủ đô)\s)?(?:" + "|".join(re.escape(p.lower()) for p in PROVINCES) + r")"
_AUX = r"(?:đã|sẽ|đang|vừa|cũng)"
_REPORT = r"(?:ghi nhận|thông báo|niêm yết|công bố|dự báo|kỳ vọng)"  # "<who> dự báo <what>": the what
# After the place: an auxiliary or a reporting verb, or a phrase long enough to be the measured thing itself
# ("Hà Nội chi ngân sách địa phương"); a bare verb left alone ("… duy trì") is no subject, the place is kept.
_LEAD_PLACE = re.compile(rf"^{_PLACE}\s(?:(?:{_AUX}\s)?(?:đạt|có|phấn đấu|{_REPORT})\s|{_AUX}\s|(?=(?:\S+\s){{3}}\S))(?=\S)")
_LEAD_ACTOR = re.compile(rf"^(?:thành phố|tỉnh|huyện|nước ta|toàn tỉnh|toàn thành phố)\s{_AUX}\s(?:(?:đạt|có)\s)?(?=\S)")
_LEAD_REPORT = re.compile(rf"^(?:\S+\s)+?(?<!giá\s)(?<!mức\s){_REPORT}\s(?=\S)")
# "<who> áp dụng <a price or a rate>" ("Taxi X áp dụng giá cước …", "ngân hàng áp dụng lãi suất …"): the level is
# what is measured; no annotated subject holds "áp dụng".
_LEAD_APPLY = re.compile(r"^(?:\S+\s)+?áp dụng\s(?=(?:giá|mức|thuế|lãi suất|phí|lệ phí|cước|biểu)(?:\s|$))")
# A counting classifier before the counted noun ("lượt khách", "con gà", "viên ma túy"): the noun is the subject.
_CLASSIFIER = re.compile(r"^(?:lượt|con|chiếc|bánh|viên|cái|căn)\s(?!(?:số|người|chức|cứ|hộ)(?:\s|$))(?=\S)")
# A conjunction or a nominaliser left at the start ("và doanh thu", "việc tiêm", "mỗi suất quà", "để đạt ...")
# or an estimate's "ước" ("ước thiệt hại …"): no annotated subject begins so.
_LEAD_WORD = re.compile(r"^(?:và|việc|mỗi|như|tuy|để(?: đạt)?|nên|khi|thì|nếu|ước(?: tính)?)\s(?=\S)")
# "<who> có tỷ lệ <what>": a rate of the first phrase; no annotated subject holds "có tỷ lệ". A percent
# measures the rate ("tỷ lệ <what>"); a count counts the first phrase.
_HAS_RATE = re.compile(r"\s(?:đều\s|vẫn\s|cũng\s)?có\s(?=(?:tỷ|tỉ)\s(?:lệ|trọng)\s\S)")


def _left_cut(text: str, low: str) -> int:
    """Characters to drop at the left edge (0: none)."""
    for rx in (_LEAD_PLACE, _LEAD_ACTOR, _LEAD_REPORT, _LEAD_APPLY, _CLASSIFIER, _LEAD_WORD):
        m = rx.match(low)
        if m:
            return m.end()
    words = text.split()
    k = 0
    while k < len(words) and words[k][:1].isupper():
        k += 1
    if k >= 2 and k < len(words):  # "Vàng Phú Quý ghi nhận doanh thu": a name, then what it reports
        rest = " ".join(low.split()[k:])
        m = re.match(rf"(?:{_AUX}\s)?(?:đạt|có|{_REPORT})\s(?=\S)", rest)
        if m:
            return len(" ".join(words[:k])) + 1 + m.end()
    return 0


# Words no annotated subject begins with: an auxiliary, a verb of reaching, a connective ("lên mốc",
# "đã và đang triển khai", "tức", "bao gồm …"). Such a phrase is a fragment of the predicate.
_FRAGMENT = re.compile(r"^(?:được|đã|đang|sẽ|lên|vượt|đạt|chốt|hoàn thành|bao gồm|tức|như|quý|thay vì"
                       r"|đề ra|chiếm|còn|theo|nâng|đưa|của|cũng|vọt|lùi|tùy)(?:\s|$)"
                       r"|^(?:chiều )?(?:mua vào|bán ra|mua|bán)$|^(?:nhích|mất|đi ngang)(?: nhẹ)?$")  # a trade side, a move


def is_fragment(subject: str | None) -> bool:
    """The phrase begins like a predicate, not like the thing measured.

    >>> is_fragment("lên mốc"), is_fragment("giá vàng miếng")
    (True, False)
    """
    return bool(subject) and bool(_FRAGMENT.match(subject.lower()))


_OPEN_ABBR = re.compile(r"\s\([^\W_][\w.-]*$")  # " (FDI" at the end: a bracket opened on one word


def _is_name(words: list[str]) -> bool:
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def tidy_subject(subject: str | None, kind: str | None = None, final: bool = False) -> str | None:
    """The subject without a trailing predicate or owner/place name; unchanged when nothing would be left.

    kind (the figure's) splits "<who> có tỷ lệ <what>": a percent keeps the rate, other kinds the first phrase.
    final: the subject as given out, also without a word cut off a run-on phrase ("… tính đến cuối").

    >>> tidy_subject("giá gạo xuất khẩu bình quân của Việt Nam")
    'giá gạo xuất khẩu bình quân'
    >>> tidy_subject("lao động nữ chiếm tỷ lệ")
    'lao động nữ'
    >>> tidy_subject("Đà Nẵng chi đầu tư phát triển")
    'chi đầu tư phát triển'
    >>> tidy_subject("tỷ lệ thất nghiệp của khu vực thành thị")
    'tỷ lệ thất nghiệp của khu vực thành thị'
    >>> tidy_subject("vốn đầu tư trực tiếp nước ngoài (FDI")
    'vốn đầu tư trực tiếp nước ngoài (FDI)'
    """
    if subject is None:
        return None
    if not isinstance(subject, str):
        raise ValueError("subject must be a str or None")
    text = " ".join(subject.split())
    m = _HAS_RATE.search(text.lower())
    if m and kind is not None:
        text = text[m.end():] if kind == "percent" else text[:m.start()]
    for _ in range(4):
        low = text.lower()
        cut = None
        m = _PRED_TAIL.search(low) or (_CUT_TAIL.search(low) if final else None)
        if m:
            cut = m.start()
        else:
            cut = next((m.start() for m in _OWNER_AT.finditer(low)
                        if 0 < len(text[m.end():].split()) <= 6 and _is_name(text[m.end():].split())), None)
            if cut is None:
                m = _PLURAL_PLACES.search(low)
                if m:
                    cut = m.start()
        if cut is not None and re.search(r"[^\W\d_]", text[:cut]):  # never down to a bracket (") có giá")
            text = text[:cut].rstrip(" ,;:-–")
            continue
        left = _left_cut(text, low)
        if not left or not text[left:].strip():
            break
        text = text[left:].lstrip(" ,;:-–")
    if text.count("(") > text.count(")") and _OPEN_ABBR.search(text):
        text += ")"  # a span ended on the abbreviation inside "(FDI)": the bracket is the sentence's own
    return text if text != " ".join(subject.split()) else subject
