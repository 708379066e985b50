"""Choose a figure's subject: the noun phrase after the number, the one before it, or the previous figure's."""
from __future__ import annotations

import re

from nlp.candidates import Raw
from nlp.lexicon import ATTRIBUTES, GENERIC_COUNT_UNITS, SHARE_LEFT, VERBS, ends_with, is_base_phrase
from nlp.periods import Period
from nlp.sentences import fold
from nlp.subject import _clause_start, left_subject, right_phrase

_PCT_RIGHT = re.compile(r"\s*(?:về|của|ở|là)\s+")
# "đạt 61,3% dự toán Trung ương giao", "bằng 45,8% kế hoạch năm", "đạt 100% so với kế hoạch"
PCT_PLAN = re.compile(r"\s*(?:(?:so với|so)\s+)?((?:kế hoạch|chỉ tiêu|dự toán|mục tiêu)(?: năm(?! \d))?)(?![\w])")
_STOP_FIRST = re.compile(r"\s*(?:/|của|về|ở|so|với|trong|tại|cho|do|vào|từ|lên|xuống|đến|trở|mỗi|một|hằng|hàng|năm|"
                         r"tháng|quý|ngày|và|hoặc|nhưng|thì|mà|đạt|tăng|giảm|là|còn|cao(?! tốc)|thấp|nhờ|bởi|khi|trước|"
                         r"sau|kể|cùng|tính|ước|dự|theo|qua|,|;|\.|\))(?![\w])"
                         r"|\s*(?:đề ra|đặt ra|giao|được giao)\s*(?:[,.;)]|$|và\s|cho\s)")
_META_LEFT = re.compile(r"^\s*(?:đạt|vượt|hoàn thành|thấp hơn|cao hơn|bằng)?\s*(?:mục tiêu|kế hoạch|chỉ tiêu)(?![\w])")
# The figure is the measure of the comparison base, stated again ("(cùng kỳ năm 2023 đạt 60,12%)").
_SAME_AGAIN = re.compile(r"^\s*(?:so với\s+)?cùng (?:kỳ|thời điểm)(?![\w])")
# "thấp hơn nhiều so với chỉ tiêu 95%" -> the measured thing; "so với ngưỡng cảnh báo 60%" -> the base named.
_CMP_META = re.compile(r"(?<![\w])so với\s+(?:mục tiêu|kế hoạch|chỉ tiêu|dự toán)(?:\s+[^\W\d_]+){0,2}\s*$")
_CMP_OBJ = re.compile(r"(?<![\w])so với\s+((?:(?!(?:và|tăng|giảm|đạt|là|hoặc|nhưng|tháng|năm|quý|cùng)(?![\w]))"
                      r"[^\W\d_]+\s+){1,5})$")
# Linking words between a subject and its quantity ("nguồn cung mới chỉ khoảng 6.200 căn"); "có" is existential.
_LINK = re.compile(r"(?<![\w])(?:là|chỉ|chỉ còn|còn|khoảng|ước|ước đạt|ước tính|đạt|lên tới|xấp xỉ|ở mức)"
                   r"\s*(?:(?:khoảng|gần|hơn|trên|dưới|xấp xỉ)\s*)?$")
_CMP_IS = re.compile(r"(?<![\w])so với\s+((?!cùng kỳ|kế hoạch|chỉ tiêu|mục tiêu|dự toán)(?:[^\W\d_]+\s+){1,5})là\s*$")
# A casualty verb before a count of people ("làm chết 23 người", "bị thương 14 người").
_HURT = re.compile(r"(?<![\w])(?:làm\s+)?((?:bị\s+)?(?:chết|thương|thiệt mạng|tử vong|mất tích)|bị thương)\s*(?:(?:khoảng|gần|hơn|trên)\s*)?$")
# A restrictive clause right after a count's unit that the phrase reader stops at (it also ends a subject).
_RESTRICT = re.compile(r"\s+(không còn|không có|chưa|đạt|hoàn thành)\s+(?=[^\W\d_]|(?:từ )?[1-5] sao)")
# A verb of change right after a count's units, ending the clause: it picks the units out ("mã tăng").
_MOVED = re.compile(r"\s+((?:điều chỉnh\s+)?(?:tăng|giảm)(?:\s+(?:giá|vốn|điểm))?)(?=\s*(?:[,.;:)]|và\s|so với|$))")
# Between two figures: whom the first applied to, then the second ("… đối với cá nhân và 2 tỷ đồng").
_SCOPE_THEN = re.compile(r"\s*(?:đối với|áp dụng (?:với|cho))\s+[^\W\d_][^,;:.()\d]{0,40}?\s+(?:và|còn|,)\s*(?:(?:đối với|với)\s+)?$")
_EXIST = re.compile(r"(?<![\w])có\s+(?:[^\W\d_]+\s+){0,1}$")


def plan_phrase(sent: str, fs: str, m: re.Match, compounds) -> tuple[str, int]:
    """The yardstick named after a percent ("kế hoạch năm", "dự toán Trung ương giao") and its end offset."""
    mods, end = right_phrase(sent, fs, m.end(1), compounds, limit=4)
    if mods and fold(mods).split()[0] in ("và", "tăng", "giảm"):
        mods, end = "", m.end(1)
    return sent[m.start(1):m.end(1)] + (" " + mods if mods else ""), end


def _strip_lead(lead: str) -> str:
    return re.sub(r"(?<![\w])(?:so với|so|và|giảm|tăng|còn|lên|xuống|thêm|khoảng|gần|hơn|trên|dưới|tháng|năm|quý|"
                  r"trước|cùng kỳ|\d+)(?![\w])", " ", lead)


def prev_subj_fits(prev_subj: str | None, prev_unit: str | None, unit: str | None) -> bool:
    return _carry_ok(prev_subj, prev_unit, unit) and unit is not None


def _carry_ok(prev_subj: str | None, prev_unit: str | None, unit: str | None) -> bool:
    if not prev_subj:
        return False
    if unit is None:
        return True
    u = unit.split("/")[0].strip()
    return u in prev_subj.lower() or (prev_unit is not None and u in prev_unit)


_AUX = frozenset("đã sẽ đang được cũng còn mới vừa chỉ".split())
_AUX_STRONG = frozenset("đã sẽ đang vừa".split())


def _ends_with_verb(subj: str) -> bool:
    """The left phrase ends in a predicate; a one-syllable verb only after an auxiliary ("đã thu")."""
    words = fold(subj).replace(",", " ").split()
    for j in (1, 2):
        if len(words) > j and words[-j - 1] in _AUX_STRONG:
            return True  # "tỉnh Quảng Ngãi đã giải ngân"
    k = ends_with(words, VERBS) if words else 0
    if k == 1:
        return len(words) == 1 or words[-2] in _AUX
    return k > 0


def _starts_with_verb(subj: str) -> bool:
    w = fold(subj).split()
    return any(" ".join(w[:k]) in VERBS for k in (3, 2) if len(w) >= k)


def pick_subject(sent: str, fs: str, r: Raw, floor: int, periods: list[Period], compounds,
                 prev_subj: str | None, prev_unit: str | None,
                 unit_subj: dict[str, str] | None = None) -> tuple[str | None, int]:
    """(subject, end of any phrase read to the right); unit_subj maps units seen earlier to their subjects."""
    clause_a = _clause_start(fs, r.start, floor)
    lead = fs[clause_a:r.start]
    if r.unit and unit_subj and not prev_subj_fits(prev_subj, prev_unit, r.unit):
        head = r.unit.split("/")[0].strip()
        if head in unit_subj and not re.search(r"[^\W\d_]", _strip_lead(lead)):
            prev_subj = unit_subj[head]  # "2.143 vụ tai nạn ...; so với tháng trước giảm 91 vụ"

    def left() -> str:
        cm = _CMP_IS.search(lead)
        if cm:  # "thấp hơn so với mức bình quân chung là 58,7%": the base named, then its value
            return sent[clause_a + cm.start(1):clause_a + cm.end(1)].strip()
        if re.match(r"\s*tương đương", lead) and prev_subj:
            return prev_subj
        if prev_subj and floor and _SCOPE_THEN.match(fs, floor, r.start):
            return prev_subj  # "là 1 tỷ đồng đối với cá nhân và 2 tỷ đồng …": who the level before was for
        if (_META_LEFT.match(lead) or _SAME_AGAIN.match(lead) or _CMP_META.search(lead)) and prev_subj \
                and (r.unit is None or r.kind == "money" or prev_subj_fits(prev_subj, prev_unit, r.unit)):
            return prev_subj
        got = left_subject(sent, fs, r.start, floor, periods)
        if not got:
            m = _CMP_OBJ.search(lead)
            if m:
                got = left_subject(sent, fs, r.start, clause_a + m.start(1), periods)
        if not got and clause_a > 0 and fs[clause_a - 1] == "(" and not prev_subj:
            got = left_subject(sent, fs, clause_a - 1, 0, periods)
        return _attribute(got)

    if r.kind == "percent":
        m = PCT_PLAN.match(fs, r.end) if r.unit != "điểm phần trăm" else None
        if m:  # "đạt 116% kế hoạch năm": the plan is the reference; the subject is what was measured
            _, end = plan_phrase(sent, fs, m, compounds)
            return left() or prev_subj, max(end, m.end())
        if r.unit == "điểm phần trăm" and PCT_PLAN.match(fs, r.end):
            lf = left() or prev_subj  # "vượt 0,7 điểm phần trăm chỉ tiêu giao": the measured rate
            if lf:
                return lf, r.end
        base_end = r.end
        if re.match(r"\s+[^\W\d_]", fs[r.end:r.end + 3]) and is_base_phrase(fs[r.end:].lstrip()):
            _, base_end = right_phrase(sent, fs, r.end, compounds, limit=6)
            lf = left() or prev_subj
            if lf:
                return lf, base_end
        if SHARE_LEFT.search(lead):
            lf = left() or prev_subj
            if lf:
                return lf, base_end
        m = _PCT_RIGHT.match(fs, r.end)
        if m and m.group(0).strip() == "ở":  # "tỷ lệ thu gom đạt 100% ở khu vực đô thị": a breakdown by place
            lf = left() or prev_subj
            if lf:
                return lf, right_phrase(sent, fs, m.end(), compounds)[1]
        if m:
            ph, end = right_phrase(sent, fs, m.end(), compounds)
            if ph:
                return ph, end
        if not _STOP_FIRST.match(fs, r.end):
            ph, end = right_phrase(sent, fs, r.end, compounds)
            if ph and not (is_base_phrase(fold(ph)) and left()) and not _RELATIVE_END.search(fold(ph)):
                return ph, end
        lf = left()
        if lf and prev_subj and _starts_with_verb(lf) and not re.search(r"(?<![\w])(?:tỷ|tỉ) (?:lệ|trọng)", fold(lf)):
            return prev_subj, r.end
        return lf or prev_subj, r.end
    unit_text = sent[r.unit_span[0]:r.unit_span[1]] if r.unit_span else ""
    rate = bool(r.unit and ("/" in r.unit or " trên " in r.unit))
    if r.kind in ("count", "ratio"):
        ustart = max(r.end, r.unit_span[1]) if r.unit_span else r.end
        mods, end = right_phrase(sent, fs, ustart, compounds)
        rel = _RESTRICT.match(fs, ustart) if unit_text and not mods else None
        if rel:  # "12/15 xã không còn hộ nghèo", "40 dự án chưa giải ngân": the units the clause picks out
            more, more_end = right_phrase(sent, fs, rel.end(), compounds)
            if more:
                mods, end = f"{sent[rel.start(1):rel.end(1)]} {more}", more_end
        move = _MOVED.match(fs, end) if unit_text else None
        if move:  # "268 mã tăng và 154 mã giảm", "10 nhóm hàng tăng giá": the units that moved, not a change
            mods, end = f"{mods} {sent[move.start(1):move.end(1)]}".strip(), move.end(1)
        hurt = _HURT.search(lead) if r.kind == "count" and unit_text else None
        if hurt:  # "làm chết 23 người, bị thương 14 người": the people killed / injured
            return f"{unit_text} {sent[clause_a + hurt.start(1):clause_a + hurt.end(1)]}", ustart
        if rate:
            lf = left()
            if lf:
                return lf, end
            if unit_text and fold(unit_text) not in GENERIC_COUNT_UNITS:
                return unit_text, end
        if unit_text and mods:
            return f"{unit_text} {mods}", end
        ulow = fold(unit_text)
        if r.kind == "ratio":
            if not unit_text and not _STOP_FIRST.match(fs, r.end):
                ph, end = right_phrase(sent, fs, r.end, compounds)
                if ph:
                    return ph, end
            if unit_text:
                lf = left()
                if lf and ulow in fold(lf).split():
                    return lf, end
            return unit_text or left() or prev_subj, end
        lf = left()
        generic = ulow in GENERIC_COUNT_UNITS or not unit_text
        if lf and (ends_with(fold(lf).split(), ATTRIBUTES) or (
                _LINK.search(lead) and not _EXIST.search(lead[:_LINK.search(lead).start()]) and not _ends_with_verb(lf)
                and re.search(r"[^\W\d_]", lead[:_LINK.search(lead).start()]))):
            return lf, end  # "với quy mô 37.314 căn hộ", "nguồn cung mới chỉ khoảng 6.200 căn"
        if lf and (generic or ulow in fold(lf)):
            cut = fold(lf).find(" đã ")
            if generic and cut > 0 and len(lf[cut + 4:].split()) >= 1:
                lf = lf[cut + 4:]
            return lf, end
        if _carry_ok(prev_subj, prev_unit, r.unit) and not (unit_text and not generic and lf):
            return prev_subj, end
        if unit_text and not generic:
            return unit_text, end
        if lf:
            return lf, end
        if prev_subj and ";" not in fs[floor:r.start] and floor > 0:
            return prev_subj, end
        return unit_text or prev_subj, end
    lf = left()
    pos = r.end
    m = re.match(r"\s*với\s+", fs[pos:pos + 8]) if r.kind == "measure" else None
    if m:
        pos += m.end()
    mods, end = ("", r.end)
    if (r.kind == "measure" and r.unit != "lần") or (r.kind == "money" and not rate):
        mods, end = right_phrase(sent, fs, pos, compounds)
        if mods and (_STOP_FIRST.match(fs, pos) or not re.match(r"\s*[^\W\d_]", fs[pos:pos + 3])):
            mods, end = "", r.end
    if lf and not (mods and _ends_with_verb(lf)):
        return lf, r.end
    if mods and (r.kind == "measure" or lf):
        return mods, end
    if lf:
        return lf, r.end
    return prev_subj, r.end


# A phrase after a figure that ends in a verb of setting or saying is a relative clause about who set or said
# it ("mục tiêu 4,5% Quốc hội đề ra"), not what the figure measures.
_RELATIVE_END = re.compile(r"(?<![\w])(?:đề ra|đặt ra|giao|phê duyệt|công bố|cho biết|nói|yêu cầu|đưa ra|ban hành)$")


def _attribute(subj: str) -> str:
    """A long left phrase ending in an attribute noun ("... hồ chứa nước mới dung tích") -> the attribute."""
    if not subj:
        return subj
    words = subj.split()
    folded = fold(subj).split()  # fold keeps every character's place: the same words, unless tags were blanked
    k = ends_with(folded if len(folded) == len(words) else [fold(w) for w in words], ATTRIBUTES)
    if k and len(words) > k + 1:
        return " ".join(words[-k:])
    return subj
