"""The reference of a figure: the yardstick a percent-of or a comparison is relative to.

"đạt 116% kế hoạch năm" -> "kế hoạch năm"; "tăng 7,4% so với cùng kỳ năm trước" -> "cùng kỳ năm trước";
"so với tháng trước tăng 0,5%" -> "tháng trước"; "chiếm 63% tổng kim ngạch" -> "tổng kim ngạch".
"""
from __future__ import annotations

import re

from nlp.subject_pick import PCT_PLAN

_WORDS = r"[^\s,;:()\[\]]+(?:\s+[^\s,;:()\[\]]+)*?"
_END = (r"(?=\s*(?:[,;:()\[\]]|\.(?:\s|$)|$|\s(?:và|tăng|giảm|đạt|là|nhưng|trong khi|thì|do|khi|cho thấy|lên|xuống|"
        r"về|nhờ|chủ yếu|trong đó|tương đương|bằng|vượt|theo|gấp|với mức|ở mức|của|đồng thời|–|-)(?![\w])))")
# after the figure: "... so với cùng kỳ năm trước", "(+43% YoY)"
_RIGHT_CMP = re.compile(r"^\s*\)?\s*(?:về\s+[^,;:()\d]{1,40}?\s+)?(?:so với|so)\s+(" + _WORDS + ")" + _END)
# "tăng 5% về số hộ và 9% về số tiền so với năm trước": "về …" names the measure, the base follows
_RIGHT_ABBR = re.compile(r"^\s*(yoy|qoq|mom|svck)(?![\w])")
# before the figure in its clause: "so với tháng trước tăng 0,5%", "so với cùng kỳ, giảm 3 vụ"
_LEFT_CMP = re.compile(r"(?<![\w])(?:so với|so)\s+(" + _WORDS + r")\s*,?\s*(?:tăng|giảm|cao hơn|thấp hơn|bằng|đạt|gấp)"
                       r"(?:\s+(?:khoảng|gần|hơn|trên|dưới|thêm|lần lượt|tương ứng))*\s*$")
# a share of a named whole: "chiếm 63% tổng kim ngạch xuất khẩu", "bằng 99,4% cùng kỳ năm trước"
_SHARE_LEFT = re.compile(r"(?<![\w])(?:chiếm|bằng|đạt|tương đương)\s*(?:khoảng|gần|hơn|trên|dưới|xấp xỉ)?\s*$")
# A share of the population, the labour force or GDP has no yardstick in the gold (0 of 28): only a named total does.
_WHOLE = re.compile(r"^\s*((?:tổng|toàn bộ|cùng kỳ)(?![\w])(?:\s+[^\s,;:()\[\]]+)*?)" + _END)
_LEAD = re.compile(r"^\W*(?:so với|so)\s+(" + _WORDS + r")\s*,")
_WHOLE_BARE = re.compile(r"^\s*(cùng kỳ|tổng)(?![\w])")
MAX_WORDS = 9


def sentence_reference(sent: str, folded: str) -> str | None:
    """A comparison base stated at the head of the sentence ("So với cùng kỳ, ...") for its changes."""
    m = _LEAD.match(folded)
    return _cut(sent, m.start(1), m.end(1)) if m else None


def carry(figures: list, sent: str, folded: str) -> None:
    """Changes without their own base take the sentence's: the head one, else their neighbours' in the list."""
    changes = [f for f in figures if f.qualifier == "change"]
    lead = sentence_reference(sent, folded)
    last = None
    for f in changes:
        if f.reference is None:
            f.reference = lead or last
        last = f.reference or last
    nxt = None
    for f in reversed(changes):
        if f.reference is None:
            f.reference = nxt
        nxt = f.reference or nxt


def _cut(sent: str, a: int, b: int) -> str | None:
    text = sent[a:b].strip(" ,.")
    return text if text and len(text.split()) <= MAX_WORDS else None


def find_reference(sent: str, folded: str, start: int, end: int, nxt: int, clause_left: str) -> str | None:
    """The yardstick of the figure at sent[start:end] (nxt: start of the next figure), or None.

    >>> s = "Thu ngân sách đạt 1.200 tỷ đồng, bằng 95% kế hoạch năm."
    >>> find_reference(s, s.lower(), 38, 41, len(s), "bằng ")
    'kế hoạch năm'
    """
    right = folded[end:nxt]
    m = PCT_PLAN.match(folded, end) if sent[start:end].rstrip().endswith("%") else None
    if m:
        from nlp.subject_pick import plan_phrase

        text, _ = plan_phrase(sent, folded, m, lambda: frozenset())
        return text
    m = _RIGHT_CMP.match(right)
    if m:
        return _cut(sent, end + m.start(1), end + m.end(1))
    m = _RIGHT_ABBR.match(right)
    if m:
        return sent[end + m.start(1):end + m.end(1)]
    m = _LEFT_CMP.search(clause_left)
    if m:
        a = start - len(clause_left)
        return _cut(sent, a + m.start(1), a + m.end(1))
    if _SHARE_LEFT.search(clause_left):
        m = _WHOLE.match(right)
        if m:
            return _cut(sent, end + m.start(1), end + m.end(1))
        m = _WHOLE_BARE.match(right)
        if m:
            return sent[end + m.start(1):end + m.end(1)]
    return None
