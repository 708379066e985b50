"""extract_figures: Vietnamese sentence -> Figure records (numbers with kind, unit, subject, qualifier, period)."""
from __future__ import annotations

import re

from nlp.candidates import Raw, scan
from nlp.figure import Figure
from nlp.periods import Period, assign_period, find_periods
from nlp.places import find_place
from nlp.qualifier import _SENT_TARGET, qualify
from nlp.sentences import fold, nfc, split_sentences
from nlp.subject import _clause_start, left_subject, right_phrase
from nlp.tagger import compound_spaces, needs_analysis

MAX_SENTENCE = 1500     # longer "sentences" are cut into windows of this size
MAX_FIGURES = 200       # per sentence
_PCT_RIGHT = re.compile(r"\s*(?:về|của|ở|là)\s+")
_PCT_PLAN = re.compile(r"\s*(?:so với|so)\s+(kế hoạch(?: năm)?|chỉ tiêu(?: năm)?|dự toán(?: năm)?)")
_STOP_FIRST = re.compile(r"\s*(?:/|của|về|ở|so|với|trong|tại|cho|do|vào|từ|lên|xuống|đến|trở|mỗi|một|hằng|hàng|năm|tháng|quý|"
                         r"ngày|và|hoặc|nhưng|thì|mà|đạt|tăng|giảm|là|còn|cao|thấp|nhờ|bởi|khi|trước|sau|kể|"
                         r"cùng|tính|ước|dự|theo|qua|,|;|\.|\))(?![\w])")


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
    raws = scan(sent, fs)[:MAX_FIGURES]
    if not raws:
        return []
    def compounds() -> frozenset[int]:  # one underthesea call per sentence, only when a phrase needs it
        return compound_spaces(sent)

    periods = find_periods(fs, published)
    raws = [r for r in raws if not any(p.start <= r.num_start < p.end and p.kind in ("day", "month", "range")
                                       for p in periods)]
    place = find_place(sent, home_place)
    sent_target = bool(_SENT_TARGET.match(fs))
    out: list[Figure] = []
    floor = 0
    prev_subj: str | None = None
    prev_unit: str | None = None
    prev_qual: str | None = None
    for i, r in enumerate(raws):
        nxt = raws[i + 1].start if i + 1 < len(raws) else len(fs)
        subj, np_end = _subject(sent, fs, r, floor, periods, compounds, prev_subj, prev_unit)
        clause_a = _clause_start(fs, r.start, 0)
        local_a = max(clause_a, floor)
        lead = fs[clause_a:r.start]
        in_paren_bare = bool(re.search(r"\(\s*[-+−]?\s*$", fs[max(0, r.start - 3):r.start])) or (
            r.start > 0 and fs[r.start - 1] == "(")
        signed = sent[r.start:r.num_start].strip() == "-" or (r.num_start > 0 and fs[r.num_start - 1] == "+")
        bracket = r.value_max is not None and bool(re.search(r"(?:dưới|trên)", fs[r.start:r.end]))
        qual = qualify(fs, lead, fs[local_a:r.start], fs[r.end:nxt], in_paren_bare, prev_qual, signed, bracket,
                       sent_target)
        period = assign_period(periods, r.start, r.end, nxt, fs)
        if qual == "actual" and published and period and published[:4].isdigit() and period[:4].isdigit():
            if int(period[-4:] if re.fullmatch(r"\d{4}-\d{4}", period) else period[:4]) > int(published[:4]):
                qual = "target"
        fig = Figure(
            text=sent[r.start:r.end], start=offset + r.start, end=offset + r.end, value=r.value, kind=r.kind,
            value_max=r.value_max, denominator=r.denominator, unit=_unit_out(sent, r), subject=subj or None,
            qualifier=qual, period=period, approx=r.approx, place=place, sentence=sent,
        )
        out.append(fig)
        floor = max(r.end, np_end)
        if subj and not _PCT_PLAN.match(fs, r.end):
            prev_subj = subj
        prev_unit = r.unit
        prev_qual = qual
    return out


def _unit_out(sent: str, r: Raw) -> str | None:
    if r.kind == "money" or r.kind == "percent" or r.unit is None:
        return r.unit
    if r.unit_span:
        return sent[r.unit_span[0]:max(r.end, r.unit_span[1])].strip()
    return r.unit


def _carry_ok(prev_subj: str | None, prev_unit: str | None, unit: str | None) -> bool:
    if not prev_subj:
        return False
    if unit is None:
        return True
    u = unit.split("/")[0].strip()
    return u in prev_subj.lower() or (prev_unit is not None and u in prev_unit)


def _subject(sent: str, fs: str, r: Raw, floor: int, periods: list[Period], compounds,
             prev_subj: str | None, prev_unit: str | None) -> tuple[str | None, int]:
    """(subject, end of any phrase read to the right)."""
    def left() -> str:
        a = _clause_start(fs, r.start, floor)
        if re.match(r"\s*tương đương", fs[a:r.start]) and prev_subj:
            return prev_subj
        got = left_subject(sent, fs, r.start, floor, periods)
        if not got and a > 0 and fs[a - 1] == "(" and not prev_subj:
            got = left_subject(sent, fs, a - 1, 0, periods)
        return got

    if r.kind == "percent":
        m = _PCT_PLAN.match(fs, r.end)
        if m:
            return sent[m.start(1):m.end(1)], m.end()
        m = _PCT_RIGHT.match(fs, r.end)
        if m:
            ph, end = right_phrase(sent, fs, m.end(), compounds)
            if ph:
                return ph, end
        if not _STOP_FIRST.match(fs, r.end):
            ph, end = right_phrase(sent, fs, r.end, compounds)
            if ph:
                return ph, end
        return left() or prev_subj, r.end
    if r.kind in ("count", "ratio"):
        unit_text = sent[r.unit_span[0]:r.unit_span[1]] if r.unit_span else ""
        ustart = max(r.end, r.unit_span[1]) if r.unit_span else r.end
        mods, end = right_phrase(sent, fs, ustart, compounds)
        if unit_text and mods:
            return f"{unit_text} {mods}", end
        if r.kind == "ratio":
            if not unit_text and not _STOP_FIRST.match(fs, r.end):
                ph, end = right_phrase(sent, fs, r.end, compounds)
                if ph:
                    return ph, end
            return unit_text or left() or prev_subj, end
        lf = left()
        if lf:
            return lf, end
        if _carry_ok(prev_subj, prev_unit, r.unit) or (prev_subj and ";" not in fs[floor:r.start] and floor > 0):
            return prev_subj, end
        return unit_text or prev_subj, end
    lf = left()
    if lf:
        return lf, r.end
    if r.kind == "measure":
        pos = r.end
        m = re.match(r"\s*với\s+", fs[pos:pos + 8])
        if m:
            pos += m.end()
        mods, end = right_phrase(sent, fs, pos, compounds)
        if mods:
            return mods, end
    return prev_subj, r.end
