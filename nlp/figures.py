"""extract_figures: Vietnamese sentence -> Figure records (numbers with kind, unit, subject, qualifier, period)."""
from __future__ import annotations

import re
from dataclasses import replace

from nlp.candidates import Raw, scan
from nlp.figure import Figure
from nlp.labels import is_class_label
from nlp.learned import Item, refine
from nlp.periods import assign_period, find_periods
from nlp.places import find_place, listed_place
from nlp.qualifier import _SENT_TARGET, BASE_PAREN, breakdown, qualify, settle
from nlp.reference import carry, find_reference
from nlp.sentences import fold, nfc, split_sentences
from nlp.subject import _clause_start
from nlp.subject_pick import PCT_PLAN, pick_subject
from nlp.subject_tidy import is_fragment, tidy_subject
from nlp.gazetteer import is_named_place
from nlp.tagger import compound_spaces, needs_analysis, pos_spans

MAX_SENTENCE = 1500     # longer "sentences" are cut into windows of this size
MAX_FIGURES = 200       # per sentence
_PAREN_TARGET = re.compile(r"(?<![\w])(?:chỉ tiêu|kế hoạch|mục tiêu|dự toán)(?:\s+[^\s()\d,;]+){0,3}\s*\(\s*$")

_QUOTA = re.compile(r"(?<![\w])(?:tuyển sinh|xét tuyển|tuyển|giao|phân bổ)\s*(?:khoảng|gần|hơn|trên)?\s*$")


_STANDING = re.compile(r"(?<![\w])(?:ngưỡng|định mức|hạn mức)(?![\w])[^\d,;]{0,25}$")


# "cách trung tâm khoảng 50 cây số": where a place lies, not a quantity of anything.
_LENGTHS = frozenset(("km", "cây số", "m", "mét"))
_AWAY = re.compile(r"(?<![\w])cách(?: xa)?(?![\w])[^,;.\d]{0,40}$")


_LEVEL_SUBJ = re.compile(r"(?:mức [^,;]*(?:tối thiểu|tối đa)|lương (?:tối thiểu|cơ sở))(?![\w])")


def _windows(start: int, end: int, text: str) -> list[tuple[int, int]]:
    if end - start <= MAX_SENTENCE:
        return [(start, end)]
    out = []
    a = start
    while a < end:
        b = min(end, a + MAX_SENTENCE)
        if b < end:
            cut = text.rfind(" ", a + MAX_SENTENCE // 2, b)
            b = cut if cut > a else b
        out.append((a, b))
        a = b
    return out


_DEDUCTED = re.compile(r"(?<![\w])trừ\s*$")  # "bị trừ 6 điểm": a licence's points, counted
_GRADE = re.compile(r"\s*tấm(?![\w])")
_INDEX = re.compile(r"(?:vn|hnx|upcom|vn30|hnx30)-?index|chỉ số (?:chứng khoán|giá cổ phiếu)|(?<![\w])vn30(?![\w])")


# "lấy 28 điểm.", "từ 24 điểm trở lên", "góp 3 điểm cho chỉ số": "điểm" ending its phrase is a score; "12 điểm
# giấy phép", "có 14 điểm úng ngập" (a noun follows, or a place count is opened) are counted
_SCORE_END = re.compile(r"\s*(?:[,.;:)]|$|(?:so|trở|cho|và|tăng|giảm|là|trong|khi|với|hơn|nhưng|thì|mà)(?![\w]))")
_COUNTED = re.compile(r"(?<![\w])(?:có|trong đó|gồm|tại|ở|còn)\s*(?:khoảng|gần|hơn|trên)?\s*$")


def _scored(fs: str, r: Raw, index: bool) -> bool:
    """Whole points that are a score or an index level, not a count of places or of a licence's points."""
    if _DEDUCTED.search(fs, max(0, r.start - 12), r.start):
        return False
    return index or (_SCORE_END.match(fs, r.end) is not None and not _COUNTED.search(fs, max(0, r.start - 20), r.start))


def extract_figures(text: str, published: str | None = None, home_place: str | None = None) -> list[Figure]:
    """Find the figures (indicator observations) stated in Vietnamese text.

    >>> [(f.value, f.kind, f.subject) for f in extract_figures("Cuối năm 2023 chỉ còn 0,03% hộ nghèo.")]
    [(0.03, 'percent', 'hộ nghèo')]
    """
    if not isinstance(text, str):
        raise ValueError("text must be a str")
    if published is not None and not isinstance(published, str):
        raise ValueError("published must be an ISO date string or None")
    if home_place is not None and not isinstance(home_place, str):
        raise ValueError("home_place must be a str or None")
    text = nfc(text)
    folded = fold(text)
    figures: list[Figure] = []
    for s0, e0 in split_sentences(text, folded):
        for s, e in _windows(s0, e0, text):
            fs = folded[s:e]
            if not needs_analysis(fs):
                continue
            figures.extend(_sentence_figures(text[s:e], fs, s, published, home_place))
    return figures


def _sentence_figures(sent: str, fs: str, offset: int, published: str | None,
                      home_place: str | None) -> list[Figure]:
    def compounds() -> frozenset[int]:  # one underthesea call per sentence, only when a phrase needs it
        return compound_spaces(sent)

    compounds.tags = lambda: pos_spans(sent)  # type: ignore[attr-defined]  # POS tags, on demand

    raws = scan(sent, fs, compounds)[:MAX_FIGURES]
    if not raws:
        return []

    periods = find_periods(fs, published)
    raws = [r for r in raws if not any(p.start <= r.num_start < p.end and p.kind in ("day", "month", "range", "dayrange", "dm")
                                       and not (p.kind == "dm" and (p.value is None and r.unit or r.kind == "ratio" and r.unit))
                                       for p in periods)]
    raws = [r for r in raws if not (r.kind == "measure" and r.unit in _LENGTHS and _AWAY.search(fs, 0, r.start))]
    # "gạo 5% tấm": the share of broken grains names a grade of rice, not a figure
    raws = [r for r in raws if not (r.kind == "percent" and _GRADE.match(fs, r.end))]
    # "1.281,4 điểm", "tăng 15,32 điểm": a score or an index level is a measure; "trừ 6 điểm" (whole points) a count;
    # whole points of a sentence about a stock index ("VN-Index … vùng 1.380-1.420 điểm") are its level too
    index = any(r.unit == "điểm" for r in raws) and _INDEX.search(fs) is not None
    raws = [replace(r, kind="measure") if r.kind == "count" and r.unit == "điểm" and (
        r.value != int(r.value) or _scored(fs, r, index)) else r for r in raws]
    # "Trong 11 nhóm hàng …, có 8 nhóm tăng giá": the whole the parts are counted in, not a figure of its own
    raws = [r for n, r in enumerate(raws) if not _frame(fs, r, raws[n + 1:])]
    # "xe chở khách dưới 30 chỗ", "ô tô dưới 12 chỗ", "xe tải trên 3,5 tấn": a class's bound, not a count
    raws = [r for r in raws if not is_class_label(fs, r.start, r.end, r.kind, r.unit, r.value)]
    place = find_place(sent, home_place)
    sent_target = bool(_SENT_TARGET.match(fs))
    out: list[Figure] = []
    floor = 0
    prev_subj: str | None = None
    prev_unit: str | None = None
    prev_qual: str | None = None
    prev_end = 0
    unit_subj: dict[str, str] = {}
    items: list[Item] = []
    lefts: list[str] = []
    for i, r in enumerate(raws):
        nxt = raws[i + 1].start if i + 1 < len(raws) else len(fs)
        subj, np_end = pick_subject(sent, fs, r, floor, periods, compounds, prev_subj, prev_unit,
                                     unit_subj)
        subj = tidy_subject(subj, r.kind)
        if subj and is_named_place(subj):  # "Krông Búk 7 vụ": the place is the figure's place, not what it counts
            subj = _counted_before(unit_subj, r.unit) or prev_subj
        clause_a = _clause_start(fs, r.start, 0)
        local_a = max(clause_a, floor)
        lead = fs[clause_a:r.start]
        in_paren_bare = bool(re.search(r"\(\s*[-+−]?\s*$", fs[max(0, r.start - 3):r.start])) or (
            r.start > 0 and fs[r.start - 1] == "(")
        signed = sent[r.start:r.num_start].strip() == "-" or (r.num_start > 0 and fs[r.num_start - 1] == "+")
        bracket = r.value_max is not None and bool(re.search(r"(?:dưới|trên)", fs[r.start:r.end]))
        qual = qualify(fs, lead, fs[local_a:r.start], fs[r.end:nxt], in_paren_bare, prev_qual, signed, bracket,
                       sent_target, r.value_max is not None, r.kind)
        if in_paren_bare and qual == "change" and prev_qual == "change" and BASE_PAREN.search(fs, floor, r.start):
            qual = "actual"
        if r.kind == "count" and r.unit == "chỉ tiêu" and _QUOTA.search(fs, max(0, r.start - 20), r.start):
            qual = "target"  # "tuyển sinh 14.900 chỉ tiêu": places on offer
        if in_paren_bare and _PAREN_TARGET.search(fs, max(0, r.start - 60), r.start):
            qual = "target"
        pend = max(r.end, r.unit_span[1]) if r.unit_span else r.end
        # in a list of places with their figures, the place named since the figure before is this one's
        own = listed_place(sent, prev_end, r.start) if i and prev_end <= r.start else None
        period = assign_period(periods, r.start, pend, nxt, fs, fs[local_a:r.start])
        if qual == "other" and _STANDING.search(fs, max(0, r.start - 40), r.start):
            period = None  # a standing threshold ("ngưỡng cảnh báo 60% GDP")
        if qual == "actual" and subj and _LEVEL_SUBJ.match(fold(subj)) and r.kind == "money":
            qual = "other"  # "mức lương tối thiểu vùng I ... là 4.960.000 đồng/tháng": a set level
        if qual == "actual" and published and period and published[:4].isdigit() and period[:4].isdigit():
            if int(period[-4:] if re.fullmatch(r"\d{4}-\d{4}", period) else period[:4]) > int(published[:4]):
                qual = "target"
        fig = Figure(
            text=sent[r.start:r.end], start=offset + r.start, end=offset + r.end, value=r.value, kind=r.kind,
            value_max=r.value_max, denominator=r.denominator, unit=_unit_out(sent, r), subject=subj or None,
            qualifier=qual, period=period, approx=r.approx, place=own or place, sentence=sent,
            reference=find_reference(sent, fs, r.start, pend, nxt, fs[local_a:r.start]),
        )
        out.append(fig)
        items.append(Item(r.start, pend, r.kind, fig.unit, fig.subject, qual, r.value_max is not None, r.approx))
        lefts.append(fs[:r.start])
        floor = max(r.end, np_end)
        if subj and not (r.kind == "percent" and r.unit != "điểm phần trăm" and PCT_PLAN.match(fs, r.end)):
            prev_subj = subj
            if r.unit and r.kind in ("count", "measure"):
                unit_subj[r.unit.split("/")[0].strip()] = subj
        prev_unit = r.unit
        prev_qual = qual
        prev_end = pend
    last: str | None = None
    for fig, left, (subj, qual) in zip(out, lefts, refine(sent, fs, items)):
        subj = tidy_subject(subj, fig.kind, final=True)
        if is_fragment(subj) and last and not is_fragment(last):  # ("mua vào 359 tỷ đồng … bán ra 318 tỷ đồng")
            subj = last  # a predicate's fragment ("lên mốc 85 triệu đồng"): the figure before names the thing
        fig.subject = subj or None
        last = fig.subject or last
        fig.qualifier = settle(qual, fig.kind, left, fig.reference, fig.value_max is not None, fig.subject,
                               "/" in fig.text, sent_target)
    for fig, qual in zip(out, breakdown([f.qualifier for f in out], [f.start - offset for f in out], fs)):
        fig.qualifier = qual
    carry(out, sent, fs)
    return out


_IN_FRAME = re.compile(r"(?:^|[,;:]\s*)trong (?:tổng số |số )?$")


def _frame(fs: str, r: Raw, later: list[Raw]) -> bool:
    """r opens "Trong N <units>, …" and a later count of the same units is a part of them."""
    head = (r.unit or "").split()[:1]
    return r.kind == "count" and bool(head) and _IN_FRAME.search(fs, max(0, r.start - 20), r.start) is not None \
        and any(x.kind == "count" and (x.unit or "").split()[:1] == head for x in later)


def _counted_before(unit_subj: dict[str, str], unit: str | None) -> str | None:
    """The subject an earlier figure of the same unit word had ("46 vụ tai nạn …" for a later "7 vụ")."""
    head = (unit or "").split("/")[0].split()[:1]
    return next((subj for key, subj in reversed(unit_subj.items()) if head and key.split()[:1] == head), None)


def _unit_out(sent: str, r: Raw) -> str | None:
    if r.kind == "money" or r.kind == "percent" or r.unit is None:
        return r.unit
    if r.unit_span:
        return sent[r.unit_span[0]:max(r.end, r.unit_span[1])].strip()
    return r.unit
