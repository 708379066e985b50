"""Find the numbers of a sentence that are figures (value, kind, unit), skipping dates, codes, times, phones."""
from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.numbers import MULTIPLES, SPELLED, is_year, match_scale, parse_number
from nlp.units import match_count, match_currency, match_measure, match_percent
from nlp.unit_guess import duration_unit, noun_unit, unit_range_after

_NUM_RE = re.compile(r"\d+(?:[.,]\d+)*")
_PREV_WORD_RE = re.compile(r"([^\W\d_]+)\s*$")
_PRE_BLOCK = frozenset(
    "năm tháng ngày quý thứ lúc khóa khoá kỳ phố ngõ ngách hẻm kiệt phòng tầng điều khoản chương mục đợt top hạng "
    "mã hotline fax lô tổ khu xóm ấp cụm khối lớp nhà số hiệu kênh tập phần bước cấp vòng quận phường đường lộ "
    "covid sars h5n1 iso giờ phút tuổi cả".split()
)
_PRE_BLOCK2 = ("quốc lộ", "tỉnh lộ", "điện thoại", "giai đoạn", "số nhà", "phiên bản", "kế hoạch số", "đề án",
               "nghị định", "quyết định", "thông tư", "nghị quyết", "chỉ thị", "công văn", "luật", "chương trình",
               "đoàn giám sát", "lần thứ", "kỳ họp", "hội nghị", "trung đoàn", "sư đoàn", "tiểu đoàn", "đại hội")
_APPROX_RE = re.compile(
    r"(?:hơn|gần|khoảng|trên|dưới|ước|ước tính|ước đạt|ít nhất|tối thiểu|tối đa|xấp xỉ|chừng|gần như|"
    r"hàng|không dưới|không quá|lên tới|tới gần|có tới|tới|đến|hầu như|trên dưới)\s*$")
_APPROX_WORDS = ("hơn", "gần", "khoảng", "trên", "dưới", "ước", "ít nhất", "tối thiểu", "tối đa", "xấp xỉ", "chừng",
                 "không dưới", "không quá", "trên dưới")
_RANGE_RE = re.compile(r"\s*(?:-|–|—|đến|tới)\s*(?:dưới\s+|trên\s+|khoảng\s+|gần\s+)?(\d+(?:[.,]\d+)*)")
_GLUED_TIME = re.compile(r"h(?:\d|\b|$)|g\d|giờ")
_RATE_RE = re.compile(r"\s*/\s*([^\W\d_]+(?: (?!(?:lên|xuống|và|tăng|giảm|so|với|trong|tại|vào|năm|tháng|của|là|đạt|"
                      r"cho|từ|đến|hoặc|hay|thì|mà|được|ở|trên|dưới)(?![\w]))[^\W\d_]+)?)|\s*(?:\s+trên\s+|/\s*)(\d+(?:[.,]\d+)*)\s*"
                      r"(?:nghìn|ngàn|triệu)?\s*([^\W\d_]+(?: (?:trai|gái|đẻ sống|dân))?)")
_MONEY_CTX = re.compile(r"doanh thu|vốn|kinh phí|ngân sách|thu nhập|lợi nhuận|tiền|thuế|đầu tư|giải ngân|tài trợ|"
                        r"ủng hộ|trị giá|giá trị|chi phí|giá|nợ|tín dụng|dư nợ|xuất khẩu|nhập khẩu|bồi thường|lương")
_SPELLED_RE = re.compile(
    r"(?<![\w])(?:(một nửa)|(một|hai|ba|bốn) phần (hai|ba|tư|bốn|năm|mười)|gấp (đôi|rưỡi|ba|bốn|năm|mười)(?: lần)?|"
    r"(một|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười) (nghìn tỷ|nghìn tỉ|ngàn tỷ|tỷ|tỉ|triệu|nghìn|ngàn))(?![\w])")


@dataclass
class Raw:
    """A figure candidate before subject/qualifier/period are resolved (offsets relative to the sentence)."""

    start: int
    end: int
    value: float
    kind: str
    value_max: float | None = None
    denominator: float | None = None
    unit: str | None = None
    approx: bool = False
    unit_span: tuple[int, int] | None = None
    num_start: int = 0


def _prev_word(folded: str, pos: int) -> str:
    m = _PREV_WORD_RE.search(folded[max(0, pos - 30):pos])
    return m.group(1) if m else ""


_N_IN_ONE = re.compile(r"(?<![\w.,])\d trong$")
_ONE = re.compile(r"1(?![\d.,]\d|\d)")


# Label words ("phố 8", "cấp 3", "khu 5") name a thing by an integer: a number with a percent or money unit
# after them is a figure all the same ("thành phố 8,1 điểm phần trăm"); after "cấp" a count is one too
# ("đã cấp 12.486 giấy chứng nhận").
_LABEL_WORDS = frozenset("phố cấp khu tổ lô quận phường đường lộ tầng phòng xóm ấp cụm khối".split())


def _labelled(folded: str, w: str, e: int) -> bool:
    """The number ending at e after label word w is a label, not a figure."""
    pos = match_scale(folded, e)[1]
    if match_percent(folded, pos) or match_currency(folded, pos):
        return False
    return not (w == "cấp" and match_count(folded, pos) and not match_measure(folded, pos))


_SPAN_WORDS = frozenset(("tháng", "năm", "ngày", "tuần", "quý"))
_PCT_NEXT = re.compile(r"\s*(?:%|phần trăm)")


def _blocked_before(folded: str, s: int, e: int) -> bool:
    before = folded[max(0, s - 25):s].rstrip()
    if _N_IN_ONE.search(before) and _ONE.match(folded, s):
        return True  # "vắc xin 5 trong 1", "cà phê 3 trong 1": a product's name
    w = _prev_word(folded, s)
    if w in _LABEL_WORDS:
        return _labelled(folded, w, e)
    if w in _PRE_BLOCK:
        if w in _SPAN_WORDS and _PCT_NEXT.match(folded, e):
            return False  # "kỳ hạn 6 tháng 3,7%/năm", "mục tiêu cả năm 9%": no date or label takes a percent
        if w == "số" and not before.endswith("số"):
            return False
        if w == "số" and re.search(r"(?<![\w])(?:doanh|tổng|dân|hệ|con|chỉ) số$", before):
            return False  # "doanh số 1.265 tỷ đồng", "dân số 1,2 triệu người": the word ends in "số", no label
        if w == "số":
            b2 = folded[max(0, s - 40):s].rstrip()[:-2].rstrip()
            return not re.search(r"(?:có|là|đạt|tăng|giảm|với|tổng|chiếm)$", b2)
        return True
    return before.endswith(_PRE_BLOCK2)


_APPROX_END = re.compile(r"(?<![\w])(?:" + "|".join(_APPROX_WORDS) + r")\s*[-+]?$")


def _approx(folded: str, s: int) -> bool:
    return bool(_APPROX_END.search(folded, max(0, s - 14), s))


def _unit_after(folded: str, pos: int, left: str, s: int) -> tuple[str, str | None, int, tuple[int, int] | None] | None:
    """(kind, unit, end, unit_span) for the unit starting at pos."""
    m = match_percent(folded, pos)
    if m:
        return "percent", m[0], m[1], None
    c = match_currency(folded, pos)
    if c:
        end = c[1]
        r = re.match(r"(?:\s*/\s*[^\W\d_]+){1,2}", folded[end:end + 30])
        if r:
            end += r.end()
        return "money", c[0], end, None
    lm = re.match(r"\s*lần(?![\w])", folded[pos:pos + 8])
    if lm and re.search(r"(?:gấp|tăng|giảm|hơn|cao|nhiều|lớn|thấp|bằng|quá|vượt)\s*(?:khoảng|gần|hơn|tới|lên|từ)?\s*$", left):
        return "measure", "lần", pos + lm.end(), (pos + lm.end() - 3, pos + lm.end())
    ms = match_measure(folded, pos)
    kind = "measure"
    if not ms:
        sm = re.match(r"\s*số\s", folded[pos:pos + 5])
        ms = match_count(folded, pos)
        if not ms and sm:
            ms = match_count(folded, pos + sm.end() - 1)
        kind = "count"
    if not ms:
        return None
    us, ue = ms
    end = ue
    r = _RATE_RE.match(folded, end)
    if r and r.group(1) and not r.group(1).startswith(("năm", "tháng")) or (r and r.group(1) and kind == "measure"):
        end = r.end()
    elif r and r.group(2):
        end = r.end()
    unit = folded[us:end]
    return kind, unit, end, (us, ue)


def scan(text: str, folded: str, compounds=None) -> list[Raw]:
    """All figure candidates of one sentence (text and folded have the same length)."""
    out: list[Raw] = []
    consumed = 0
    n = len(folded)
    has_prog = any(w in text for w in ("Đề án", "Chương trình", "Phong trào", "Cuộc vận động", "Dự án"))
    for m in _NUM_RE.finditer(folded):
        s, e = m.start(), m.end()
        if s < consumed or e - s > 30:
            continue
        prev = folded[s - 1] if s else " "
        if prev.isalnum() or prev in "_@#":
            continue
        if prev in "/-.,:" and s >= 2 and folded[s - 2].isalnum():
            continue
        nxt = folded[e] if e < n else " "
        if nxt in "/-" and e + 1 < n and folded[e + 1].isalpha():
            continue  # "08-CTr/TU", "15/KH"
        if nxt.isalpha():
            if _GLUED_TIME.match(folded, e) or (text[e] == "G" and not folded[e + 1:e + 2].isalpha()):
                continue  # "14h30", "4G"/"5G" networks
            if not (match_measure(folded, e) or match_currency(folded, e) or folded.startswith(("k ", "tr "), e)
                    or match_percent(folded, e)):
                continue
        raw = m.group(0)
        if _blocked_before(folded, s, e):
            continue
        if re.fullmatch(r"\d{1,2}[.]\d{1,2}[.]\d{4}", raw):
            continue
        # X/Y chains: ratios vs dates/codes
        if nxt == "/" and re.match(r"/\s?\d", folded[e:e + 3]):
            r = _ratio(text, folded, s, e)
            if r is not None:
                out.append(r)
                consumed = r.end
            else:
                consumed = _chain_end(folded, s)
            continue
        if nxt == "-" and re.match(r"-\d+[-/.]\d", folded[e:e + 12]) and not (
                re.fullmatch(r"\d{1,3}(?:\.\d{3})+", raw) and re.match(r"-\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\d/.-])", folded[e:e + 16])):
            consumed = _chain_end(folded, s)
            continue
        if nxt == "-" and re.match(r"-\d{4}(?!\d)", folded[e:]) and (is_year(raw) or (len(raw) <= 2 and int(raw) <= 12)):
            consumed = _chain_end(folded, s)
            continue
        value = parse_number(raw)
        if value is None:
            continue
        per_base = value == 1 and _PER_BASE.search(folded, max(0, s - 12), s) and match_scale(folded, e)[0] == 1
        if per_base or (has_prog and _NAMED_PROGRAMME.search(text, max(0, s - 45), s)):
            continue  # "Đề án trồng 1 tỷ cây xanh" names a programme; "trên 1 ha" is a per-unit base
        share = _SHARE_OF.match(folded, e)
        if share and not is_year(raw):
            den = parse_number(share.group(1))
            unit = match_count(folded, share.end())
            if den and value <= den and unit:
                out.append(Raw(s, share.end(1), value, "ratio", None, den, folded[unit[0]:unit[1]],
                               _approx(folded, s), unit, s))
                consumed = unit[1]
                continue
        on = _ON_OF.match(folded, e) if not share and re.fullmatch(r"\d{1,3}(?:\.\d{3})*", raw) else None
        if on and not is_year(raw):
            den = parse_number(on.group(1))
            unit = match_count(folded, on.end() + 1)
            if den and value <= den and unit and unit[0] == on.end() + 1:
                out.append(Raw(s, on.end(1), value, "ratio", None, den, folded[unit[0]:unit[1]],
                               _approx(folded, s), unit, s))
                consumed = unit[1]
                continue
        if is_year(raw) and re.match(r"\s*[-–]\s*(?:19|20)\d\d(?!\d)", folded[e:e + 10]):
            consumed = e + 10
            continue
        sign = 1.0
        if prev == "-" and (s < 2 or folded[s - 2] in " (") and not re.search(r"\d\s*[%]?\s*-$", folded[max(0, s - 6):s]):
            sign = -1.0
        mult, pos = match_scale(folded, e)
        value_max = None
        rm = _RANGE_RE.match(folded, pos)
        unit = _unit_after(folded, pos, folded[max(0, s - 25):s], s)
        if rm and (unit is None or unit[0] == "percent"):
            v2 = parse_number(rm.group(1))
            mult2, pos2 = match_scale(folded, rm.end())
            after2 = folded[rm.end(1):rm.end(1) + 3]
            if v2 is not None and not after2.startswith(("/", "-")):
                unit2 = _unit_after(folded, pos2, folded[max(0, s - 25):s], rm.start(1))  # "bằng từ 1 đến 3 lần"
                conn = folded[pos:rm.start(1)]
                is_dash = "-" in conn or "–" in conn or "—" in conn
                ok = unit2 is not None and (unit is None or unit2[0] == unit[0])
                if ok and not is_dash and unit is not None and not re.search(r"từ\s*$", folded[max(0, s - 8):s]):
                    ok = False
                if ok and v2 * mult2 >= value * (mult if mult > 1 else mult2):
                    if mult == 1 and mult2 > 1:
                        mult = mult2
                    value_max = v2 * mult2
                    unit = unit2
        if unit is not None and value_max is None:  # "từ 7.800 đồng đến 8.200 đồng/kg", "từ 2% đến 3,5%"
            got = _unit_range(folded, s, unit, value * mult)
            if got:
                value_max, unit = got
        if unit is None:
            unit = _borrowed_unit(folded, s, pos)
        if unit is None and mult == 1:
            unit = duration_unit(folded, pos, raw, folded[max(0, s - 100):s])
        if unit is None and compounds is not None and not is_year(raw):
            unit = noun_unit(folded, pos, folded[max(0, s - 25):s], compounds, s)
        if unit is None:
            if mult >= 1e6 and _MONEY_CTX.search(folded[max(0, s - 60):s]) and mult != 1e2:
                unit = ("money", "VND", pos, None)
            else:
                continue
        kind, u, end, uspan = unit
        if kind == "percent":
            val = value * sign
            vmax = value_max
        else:
            val = value * mult * sign
            vmax = value_max
            if kind == "money" and _CENTS.match(folded, pos):  # "318,6 cent/lb": hundredths of a dollar
                val, vmax = val / 100, (vmax / 100 if vmax is not None else None)
        if value_max is not None and kind == "percent":
            vmax = value_max
        fig = Raw(s - (1 if sign < 0 else 0), end, val, kind, vmax, None, u, _approx(folded, s), uspan, s)
        out.append(fig)
        consumed = end
    out.extend(_spelled(folded, out))
    out.sort(key=lambda r: r.start)
    return out


def _chain_end(folded: str, s: int) -> int:
    m = re.match(r"[\w./-]+", folded[s:])
    return s + (m.end() if m else 1)


_NAMED_PROGRAMME = re.compile(r"(?<=[\w,] )(?:Đề án|Chương trình|Phong trào|Cuộc vận động|Dự án)(?: [^\W\d_]+){0,3} $")
_PER_BASE = re.compile(r"(?<![\w])(?:trên|mỗi|cho mỗi|/)\s*$")
_SHARE_OF = re.compile(r"\s+trên\s+tổng\s+số\s+(\d+(?:[.,]\d+)*)")
# "4 trên 10 hợp tác xã": a share written with "trên" between two whole numbers and a count noun after.
_ON_OF = re.compile(r"\s+trên\s+(\d{1,3}(?:\.\d{3})*)(?![\d,/])")
_SO_NOUN = re.compile(r" (số) (?!\d)[^\W\d_]+")
_DATE_CUE = re.compile(r"(?:ngày|hôm|sáng|trưa|chiều|tối|đêm|đến|từ|tới|hết|tính đến|trước|sau|lúc|vào|dịp)\s*$")


def _ratio(text: str, folded: str, s: int, e: int) -> Raw | None:
    m = re.match(r"/\s?(\d+(?:[.,]\d+)*)", folded[e:])
    if not m:
        return None
    e2 = e + m.end()
    if e2 < len(folded) and (folded[e2] in "/-" and e2 + 1 < len(folded) and folded[e2 + 1].isalnum()):
        return None
    if e2 < len(folded) and folded[e2].isalpha():
        return None
    x, y = parse_number(folded[s:e]), parse_number(m.group(1))
    if x is None or y is None or y == 0:
        return None
    if is_year(m.group(1)):
        return None
    if x == y == 24 and re.match(r"\s?(?:giờ|h)(?![\w])", folded[e2:]):
        return None  # "trực 24/24 giờ": round the clock, not a share of anything
    unit = match_count(folded, e2) or match_count(folded, e2 + 1)
    if unit and unit[0] > e2 + 1:
        unit = None
    if unit is None:
        sm = _SO_NOUN.match(folded, e2)
        unit = (sm.start(1), sm.end()) if sm else None
    if y <= 12 and x <= 31 and float(x).is_integer():
        if not unit or _DATE_CUE.search(folded[max(0, s - 12):s]):
            return None
    if x > y:
        return None
    if e2 < len(folded) and folded[e2] == "%":
        return None
    u = folded[unit[0]:unit[1]] if unit else None
    return Raw(s, e2, x, "ratio", None, y, u, _approx(folded, s), unit, s)


_SMALL_RE = re.compile(r"(?:(?<![\w])(?:có thêm|thêm|có|gồm|với|và|làm chết|làm bị thương|bị thương|khiến|cứu|khởi tố|bắt giữ)|,|^)"
                       r" ?(hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)(?= [^\W\d_])")
# After a verb of harm or of a procedure, a spelled count is a figure of its own ("làm chết hai người").
_SMALL_ALONE = re.compile(r"(?<![\w])(?:làm chết|làm bị thương|bị thương|khiến|cứu|khởi tố|bắt giữ) ?$")
_NARRATIVE_UNITS = frozenset("con em người trẻ bé ca cá nhân gia đình khách nhà lớp tổ nhóm đoàn xe cây bài tin điểm".split())


def _small_spelled(folded: str, found: list[Raw]) -> list[Raw]:
    """Spelled cardinals 2-10 before a count noun, kept only as a list of at least two counts ("có thêm hai quận
    ... và ba xã"); "hai bên", "ba năm" and lone narrative counts ("có hai con") stay out."""
    out: list[Raw] = []
    alone_ones: list[Raw] = []
    for m in _SMALL_RE.finditer(folded):
        u = match_count(folded, m.end(1))
        alone = bool(_SMALL_ALONE.search(folded, 0, m.start(1))) or m.start(1) == 0
        if not u or u[0] != m.end(1) + 1 or (folded[u[0]:u[1]] in _NARRATIVE_UNITS and not alone):
            continue
        if any(r.start <= m.start(1) < r.end for r in found):
            continue
        raw = Raw(m.start(1), u[1], float(SPELLED[m.group(1)]), "count", None, None, folded[u[0]:u[1]], False,
                  u, m.start(1))
        out.append(raw)
        if alone:
            alone_ones.append(raw)
    counts = [r for r in found if r.kind == "count"]
    return out if len(out) + len(counts) >= 2 else alone_ones


def _spelled(folded: str, found: list[Raw]) -> list[Raw]:
    out: list[Raw] = _small_spelled(folded, found)
    if not any(w in folded for w in ("nửa", "phần", "gấp", "nghìn", "ngàn", "triệu", "tỷ", "tỉ")):
        return out
    for m in _SPELLED_RE.finditer(folded):
        if any(r.start <= m.start() < r.end for r in found):
            continue
        if m.group(1):  # a fraction word is its fraction of one whole: "một nửa" -> 0.5
            out.append(Raw(m.start(), m.end(), 0.5, "ratio", None, 1.0, None, False, None, m.start()))
        elif m.group(2):
            den = {"hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "mười": 10}[m.group(3)]
            out.append(Raw(m.start(), m.end(), SPELLED[m.group(2)] / den, "ratio", None, 1.0, None, False, None,
                           m.start()))
        elif m.group(4):
            out.append(Raw(m.start(), m.end(), float(MULTIPLES[m.group(4)]), "measure", None, None, "lần", False,
                           None, m.start()))
        elif m.group(5):
            _, pos = match_scale(folded, m.start(6) - 1)
            mult, _ = match_scale(folded, m.start(6) - 1)
            unit = _unit_after(folded, pos, "", m.start())
            if unit and unit[0] != "percent":
                kind, u, end, uspan = unit
                out.append(Raw(m.start(), end, SPELLED[m.group(5)] * mult, kind, None, None, u, False, uspan,
                               m.start()))
    return out


_FROM_BEFORE = re.compile(r"(?<![\w])từ\s*$")


def _after_from(folded: str, s: int) -> bool:
    """The number at s follows "từ" (the start of a range or of a move)."""
    return _FROM_BEFORE.search(folded, max(0, s - 8), s) is not None


_CENTS = re.compile(r"\s*(?:us\s?)?cent(?![\w])")
_FROM_TO = re.compile(r"\s*(?:lên|xuống)(?:\s+(?:còn|mức|tới|đến))?\s+(\d+(?:[.,]\d+)*)")


def _borrowed_unit(folded: str, s: int, pos: int):
    """ "tăng từ 54 lên 87 bài thi", "giảm từ 526 xuống còn 126 xã": the bare starting point of a move
    takes the unit written after its end point, as (kind, unit, end of the number, None)."""
    if not _after_from(folded, s):
        return None
    m = _FROM_TO.match(folded, pos)
    if not m:
        return None
    unit = _unit_after(folded, match_scale(folded, m.end())[1], "", m.start(1))
    if unit is None or unit[0] == "percent" or match_scale(folded, m.end())[0] != 1:
        return None
    return unit[0], unit[1], pos, None


def _unit_range(folded: str, s: int, unit, low: float):
    """ "từ 7.800 đồng đến 8.200 đồng/kg": (high value, unit of the high end) or None."""
    if not _after_from(folded, s):
        return None
    got = unit_range_after(folded, unit[2])
    if not got:
        return None
    v2, mult2, pos2 = got
    unit2 = _unit_after(folded, pos2, "", pos2)
    if unit2 is None or unit2[0] != unit[0] or v2 * mult2 < low:
        return None
    return v2 * mult2, unit2
