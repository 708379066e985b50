"""The subject of a figure: the short noun phrase it measures, read after or before the number."""
from __future__ import annotations

import re

from nlp.periods import Period
from nlp.places import PROVINCES

_SYL = re.compile(r"[^\s,;:()\[\]\"“”'‘’.!?…]+")
# Words that end a noun phrase read to the right of a figure (folded).
_STOP_RIGHT = frozenset(
    "tăng giảm so với là bằng chiếm trong tại cho do vào từ lên xuống đến nhằm để nhưng mỗi gồm khi nên vì thì mà "
    "quý tháng năm ngày không chưa hơn gần khoảng trên dưới ước đạt tương đương còn riêng cùng này đó kể sau trước theo qua bình "
    "chỉ hiện tùy nếu".split()  # folded text: "tuỳ" reads "tùy"
)
_LEAD = re.compile(
    r"^(?:(?:trong đó|trong khi đó|theo đó|nhưng|song|tuy nhiên|cụ thể|riêng|còn|và|với|tính chung|tính riêng|bên cạnh đó|ngoài ra|"
    r"đồng thời|qua đó|góp phần|nâng|đưa|trong|tại|của|đã|có|là|thì|mà|do|cho|về|đối với|hiện nay|hiện tại|hiện|"
    r"năm nay|(?:sáng|trưa|chiều|tối|đêm|hôm|ngày) (?:nay|qua|mai)|toàn tỉnh|toàn thành phố|toàn huyện|toàn quốc|toàn ngành|cả nước|toàn bộ|theo|đến|tính đến|"
    r"mục tiêu|kết quả|dự kiến|kế hoạch|chỉ tiêu|phấn đấu|mới|chỉ(?! số)|như vậy|nhìn chung|nhờ đó|hết|cuối|đầu|"
    r"so với cùng kỳ|sau đó|lúc này|với mục tiêu|nhằm|dưới|trên|hơn|gần|khoảng|tăng(?! trưởng)|giảm|"
    r"tương đương|tương ứng|trong khi|khi|cùng kỳ|từ mức|lên mức|ở mức|cả năm|trước đây|trước kia|cả|"
    r"(?:kể )?từ (?:ngày|tháng|năm))(?:\s+|$|,\s*))+")  # "từ ngày 1/1/2026 tác động tới …": the date's words
_TRAIL = re.compile(
    r"(?:\s+|^)(?:đạt được|ước đạt|ước tính đạt|ước tính|ước|dự kiến đạt|dự kiến|đạt|là|có|còn|chỉ còn|(?<!đăng ký )tăng thêm|"
    r"giảm thêm|(?<!giá trị gia )tăng|giảm|lên tới|lên|xuống còn|xuống|tới|từ|hơn|gần|khoảng|trên|dưới|(?<!chứng )chỉ|(?<!lập )(?<!làm )(?<!cấp )(?<!dựng )(?<!thôn )(?<!cư )(?<!dịch )(?<!trồng )mới|đã|được|cho|với|của|"
    r"chiếm|bằng|vượt|ở mức|đến|mức tăng|cần đạt|phải đạt|phấn đấu|mục tiêu|chỉ tiêu|kế hoạch|vẫn|sẽ|đều|"
    r"ít nhất|tối thiểu|không(?: được)?|xấp xỉ|lên đến|tổng cộng|khoảng chừng|tương đương|nâng|sâu|mạnh|nhẹ|(?<!đăng ký tăng )thêm|và|cao|thấp|"
    r"tăng từ|giảm từ|(?<!hằng )(?<!hàng )(?<!mỗi )năm|trong|tại|vào|hiện|nay|toàn tỉnh|toàn thành phố|cả nước|toàn quốc|trong tháng|"
    r"trong năm|trong quý|trong kỳ|đạt và vượt|thực hiện|là khoảng|gấp|tăng gấp|dao động|dao động từ|lại|ước tính khoảng|"
    r"trị giá|đóng góp|từ mức|lên mức|ở mức|trong khoảng|dao động trong khoảng|phổ biến|"
    r"(?:^|(?<!chiều)(?<!bề)(?<!độ) )(?:dài|rộng|sâu)(?: hơn| khoảng| gần)?|"
    r"được (?:\S+ ){1,4}(?:quyết định|thông qua|phê duyệt|giao)|(?:được )?dự báo|được ký số bởi|được ký bởi|được (?:mua vào|bán ra|mua|bán)(?: quanh| ở mức| với giá)?|mang về|mang lại|thu về|đem về|đem lại|vẫn giữ|giữ nguyên|(?<!bắt )(?<!nắm )(?<!lưu )(?<!tạm )(?<!thu )giữ|đứng|"
    r"được (?:\S+ ){0,3}(?:thu mua|mua|bán|niêm yết|chào bán)(?: tại (?:\S+ ){0,2}\S+)?)\s*$")
_INNER = re.compile(
    r"(?:\s|^)(?:của |trên địa bàn |tại )?(?:cả nước|toàn quốc|toàn tỉnh|toàn thành phố|toàn huyện|của tỉnh|"
    r"của thành phố|của huyện|trên địa bàn(?: tỉnh| thành phố| huyện)?)(?=\s|$|,)"
    r"|(?:\s|^)trong (?:tháng|năm|quý|kỳ|\d+ (?:tháng|năm|ngày|quý))(?=\s|$)|(?:\s|^)(?:đặt (?:ra )?)?mục tiêu(?: cả)?(?=\s|$)")
_GENERIC = frozenset(("kết quả", "con số", "số liệu", "tổng", "tổng cộng", "mức", "tương đương", "trong đó", "số",
                      "tổng số", "giá trị", "đạt", "tính chung", "so", "riêng", ""))
# Subjects made only of these words say nothing about what is measured (folded).
_FUNC_ONLY = frozenset((
    "đóng góp", "cùng kỳ", "cả", "tương ứng", "trị giá", "khi", "trong khi", "từ mức", "mức", "tỉnh", "thành phố",
    "nhích", "đi ngang",  # a market's move
    "huyện", "xã", "địa phương", "toàn", "vùng", "nơi", "có nơi", "đó", "này", "nay", "hiện", "lần lượt", "tương đương", "cao", "thấp", "nhiều", "gấp", "chiếm", "vượt", "dự báo", "cho biết", "ghi nhận",
))
# Numbers that belong to a name ("mũi 2", "giai đoạn 1", "Vành đai 3") and durations ("6 tháng đầu năm", "24 giờ").
_NAME_HEADS = (r"(?:mũi|giai đoạn|vành đai|đợt|khóa|khoá|lần|kỳ|cấp|lớp|nhóm|loại|hạng|quận|phường|"
               r"khu vực|vùng|tuyến|quốc lộ|tỉnh lộ|điểm|số|chương trình|top|nhà máy|tổ máy|lô|cảng|bến)")
_NAME_NUM = re.compile(rf"(?<![\w]){_NAME_HEADS} \d+[a-z]?(?![\w,.]\d)")
_NAME_HEAD_END = re.compile(rf"(?:^|\s){_NAME_HEADS}$")
# (Not an age, "36 tháng tuổi", nor a term that names a product, "kỳ hạn 24 tháng": those are what is measured.)
_DURATION = re.compile(r"(?<![\w.,])(?<!hạn )(?:trong )?\d{1,3} (?:tháng|năm|ngày|quý|tuần|giờ)(?: (?:đầu năm|cuối năm|đầu|cuối|"
                       r"qua|gần đây|liên tiếp|nghỉ lễ|nghỉ tết))?(?![\w])(?! tuổi)")
_TAIL_START = re.compile(r"\s*(?:của|cho|về|tại|ở|so|với|trên|trong|từ|đến|tổng|dân số|lực lượng|gdp|grdp)(?![\w])")
_BAO_GOM = re.compile(r"(?<![\w])(?:bao gồm|gồm)(?![\w])")


def is_func_only(folded_subj: str) -> bool:
    """The phrase is made only of connective/function words ("cùng kỳ", "đóng góp", "tỉnh")."""
    words = folded_subj.replace(",", " ").split()
    i = 0
    while i < len(words):
        for k in (2, 1):
            if " ".join(words[i:i + k]) in _FUNC_ONLY:
                i += k
                break
        else:
            return False
    return True


_COMPARE = re.compile(r"(?:^|\s)so(?: với)?\s.*?(?=\svà\s|$)")
_PAREN_NUM = re.compile(r"\([^()]*\d[^()]*\)")


_DAYMONTH = re.compile(r"(?<![\d/.])\d{1,2}/\d{1,2}(?:\s*[-–]\s*\d{1,2}/\d{1,2})?(?![\d/])")
_BARE_NUM = re.compile(r"(?<![^\W\d_])\d+(?:[.,/]\d+)*(?![^\W\d_])")  # "4G", "COVID-19" are names
_PER_ONE = re.compile(r"(?<![\w])(?:trên|mỗi|cho) 1 [^\W\d_]+")  # "trên 1 ha đất canh tác"
_PLACE_ONLY = re.compile(r"^(?:(?:tỉnh|thành phố|tp\.?|thủ đô|quận|huyện|thị xã|phường|thị trấn|các quận|các huyện)"
                         r"(?: [^\W\d_]+){1,3}|" + "|".join(re.escape(p.lower()) for p in PROVINCES) + r")$")
_AGE_ANY = re.compile(r"(?<![\d.,])\d{1,3} (?:tuổi|tháng tuổi)(?![\w])")


def _blank(s: str, a: int, b: int) -> str:
    return s[:a] + " " * (b - a) + s[b:]


def _clean_left(text: str, folded: str, a: int, b: int, periods: list[Period]) -> str:
    """Strip connectors, verbs, periods and place phrases from text[a:b]; return original-cased subject."""
    f = folded[a:b]
    t = text[a:b]
    for p in periods:
        lo, hi = max(p.start, a), min(p.end, b)
        if lo < hi:
            f = _blank(f, lo - a, hi - a)
            t = _blank(t, lo - a, hi - a)
    for m in _DAYMONTH.finditer(f):
        f = _blank(f, m.start(), m.end())
        t = _blank(t, m.start(), m.end())
    for rx in (_DURATION, _PAREN_NUM, _INNER, _COMPARE):
        for m in rx.finditer(f):
            f = _blank(f, m.start(), m.end())
            t = _blank(t, m.start(), m.end())
    rep = None
    for rep in re.finditer(r"(?<![\w])(?:báo cáo|cho biết|thông tin|công bố|cho hay),?(?= [^\W\d_])|(?:điều chỉnh|niêm yết)(?= giá )", f):
        pass
    if rep is not None and not re.search(r"(?:theo|tại|trong|của)\s*$", f[:rep.start()]):
        f, t = " " * rep.end() + f[rep.end():], " " * rep.end() + t[rep.end():]  # "UBND thành phố báo cáo GRDP"
    ap = re.search(r" (?:áp dụng|được áp dụng) (?:tại|cho|ở) ", f)
    if ap:
        f, t = f[:ap.start()] + " " * (len(f) - ap.start()), t[:ap.start()] + " " * (len(t) - ap.start())
    cuts = sorted((m.start() for m in re.finditer(r" với | là |trong đó |trong khi đó | phấn đấu ", f)), reverse=True)
    for cut in cuts:
        if re.search(r"(?:so|đối|có công)$", f[:cut].rstrip()):
            continue
        rest = [w for w in f[cut:].split() if w not in ("với", "là", "trong", "đó", "khi", "phấn", "đấu")]
        if len(rest) >= 2:
            f, t = f[cut:], t[cut:]
            break
    t = "".join(" " if fc == " " else tc for tc, fc in zip(t, f))
    fw, tw = f.split(), t.split()
    if len(fw) != len(tw):
        return ""
    f2, t2 = " ".join(fw), " ".join(tw)
    for _ in range(6):
        old = f2
        m = _LEAD.match(f2)
        if m and m.end() > 0:
            f2, t2 = f2[m.end():], t2[m.end():]
        m = _TRAIL.search(f2)
        if m and m.start() < len(f2):
            f2, t2 = f2[:m.start()], t2[:m.start()]
        f2, t2 = f2.strip(" ,;:-–(/").lstrip(") "), t2.strip(" ,;:-–(/").lstrip(") ")  # ") có giá": an aside's end
        if f2 == old:
            break
    if f2 in _GENERIC or not re.search(r"[^\W\d_]", f2) or is_func_only(f2) or (f2.endswith(")") and "(" not in f2) \
            or _BARE_NUM.search(_NAME_NUM.sub(" ", _AGE_ANY.sub(" ", _PER_ONE.sub(" ", f2)))) \
            or (_PLACE_ONLY.match(f2) and _proper_tail(t2)):
        return ""
    words = t2.split()
    if len(words) > 20:
        t2 = " ".join(words[-20:])
    return t2.strip(" ,;:-–")


def _proper_tail(phrase: str) -> bool:
    """After any lowercase admin words ("thị xã"), the rest is a capitalised name ("Sơn Tây")."""
    words = phrase.split()
    while words and not words[0][:1].isupper():
        words = words[1:]
    return bool(words) and all(w[:1].isupper() for w in words)


# A spaced dash inside a route or link name ("cao tốc Bắc - Nam", "tuyến Bến Thành - Suối Tiên").
_ROUTE_DASH = re.compile(r"(?:(?<![\w])(?:cao tốc|tuyến|đoạn|đường|metro|cầu|hành lang|trục|đường sắt|quốc lộ)"
                         r"(?: [^\W\d_]+){1,3}|(?<![\w])(?:bắc|đông)) $")


def _clause_start(folded: str, pos: int, floor: int) -> int:
    """Start of the clause that ends at pos (after ; : , ( or a spaced dash), not before floor."""
    depth = 0
    i = pos - 1
    while i >= floor:
        c = folded[i]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                return i + 1
            depth -= 1
        elif depth == 0 and c in ";:":
            return i + 1
        elif depth == 0 and c == "," and not (i + 1 < len(folded) and folded[i + 1].isdigit()):
            return i + 1
        elif depth == 0 and c in "-–" and i > 0 and folded[i - 1] == " " and folded[i + 1:i + 2] == " " \
                and not (folded[i - 2:i - 1].isdigit() and folded[i + 2:i + 3].isdigit()) \
                and not _ROUTE_DASH.search(folded, max(0, i - 40), i):
            return i + 1
        i -= 1
    return floor


_ASIDE = re.compile(r"\s*\([^()]*\)\s*")
_WHERE_FIRST = re.compile(r"\s*(?:tại|ở)\s")  # "Tại các chợ lẻ, gạo thường …": where, not what


def left_subject(text: str, folded: str, start: int, floor: int, periods: list[Period]) -> str:
    """Noun phrase before a figure, in its clause; short clause heads merge across one comma."""
    a = _clause_start(folded, start, floor)
    if floor == 0:
        m = _BAO_GOM.search(folded, 0, start)
        if m and m.start() > 0 and not re.search(r"[\d;:]", re.sub(r"\d+/\d+/\d{4}", "", folded[:m.start()])) \
                and not re.search(r"[;:]", folded[m.end():start]):
            head = _clean_left(text, folded, 0, m.start(), periods)
            if head:
                return head
    subj = _clean_left(text, folded, a, start, periods)
    for _ in range(3):
        if not (len(subj.split()) <= 2 and a > floor and folded[a - 1] == ","):
            break
        if not subj and re.match(r"\s*(?:trong đó|trong số đó)(?![\w])", folded[a:start]):
            break  # "..., trong đó 22 đơn vị ...": a part of what came before
        b = _clause_start(folded, a - 1, floor)
        seg = folded[b:a - 1]
        if b == floor and floor > 0 and _TAIL_START.match(seg):
            break  # the tail of the previous figure's phrase ("... 18.900 tỷ đồng của người dân, tăng ...")
        if re.search(r"\d", seg) or len(seg.split()) > 20 or seg.lstrip().startswith(")") \
                or _ASIDE.fullmatch(seg) or _WHERE_FIRST.match(seg):
            break  # "(mua vào - bán ra), tăng …": an aside in brackets names no subject
        merged = _clean_left(text, folded, b, start, periods)
        if not merged:
            break
        subj, a = merged, b
    return _list_start(text, folded, subj, a, start, floor, periods)


_LIST_LINK = re.compile(r"(?<![\w])(?:và|hoặc)(?![\w])")


def _list_start(text: str, folded: str, subj: str, a: int, start: int, floor: int, periods: list[Period]) -> str:
    """The whole coordinated list when the clause holds only its last items: "nông, lâm nghiệp và thủy sản",
    "nhà ở, điện nước, chất đốt và vật liệu xây dựng", "công nghiệp - xây dựng" (short items, no numbers)."""
    for _ in range(4):
        if not subj or a <= floor:
            break
        c = folded[a - 1]
        dash = c in "-–" and folded[a - 2:a - 1] == " "
        if not (c == "," and _LIST_LINK.search(fold_words(subj))) and not (dash and len(subj.split()) <= 3):
            break
        b = _clause_start(folded, a - 1, floor)
        seg = folded[b:a - 1].strip()
        if not seg or re.search(r"[\d()]", seg) or len(seg.split()) > 5 or _LEAD.match(seg + " "):
            break
        merged = _clean_left(text, folded, b, start, periods)
        if not merged or not fold_words(merged).endswith(fold_words(subj)) or len(merged) <= len(subj):
            break
        subj, a = merged, b
    return subj


def fold_words(s: str) -> str:
    """Lowercased words of s, punctuation dropped (for comparing phrases)."""
    return " ".join(re.findall(r"[^\W_]+", s.lower()))


_AGE = re.compile(r"(?:từ|dưới|trên) \d{1,3} tuổi(?: trở (?:lên|xuống))?(?![\w])")
_STARS = re.compile(r"(?:từ )?[1-5] sao(?:(?:,| và| đến| -| tới) ?(?:tiềm năng )?[1-5] sao)*(?: trở lên)?(?![\w])")
_STAR_DIGITS = frozenset("12345")
_TIME_WORDS = frozenset(("năm", "tháng", "quý", "ngày", "trong", "so", "với", "tăng", "giảm", "đạt", "là"))


def _in_compound(folded: str, a: int, b: int, has_words: bool, compounds) -> bool:
    """The syllable folded[a:b] is part of a multi-syllable word ("tự do", "cho phép")."""
    if b < len(folded) and folded[b] == " " and b in compounds():
        return True
    return has_words and a > 0 and folded[a - 1] == " " and (a - 1) in compounds()


def right_phrase(text: str, folded: str, pos: int, compounds, limit: int = 10) -> tuple[str, int]:
    """Noun phrase starting at pos (skipping parenthesised numbers); (phrase, end offset)."""
    words: list[str] = []
    i = pos
    n = len(folded)
    end = pos
    named = False  # the last word read was a name's number ("lớp 12")
    while i < n and len(words) < limit:
        while i < n and folded[i] == " ":
            i += 1
        if i >= n:
            break
        c = folded[i]
        if c == "(":
            j = folded.find(")", i)
            if j < 0:
                break
            inner = folded[i + 1:j]
            if re.search(r"\d", inner) or len(inner) > 25:
                i = j + 1
                continue
            words.append(text[i:j + 1])
            i = end = j + 1
            continue
        if c in ",;:.!?)\"“”[]/":
            if c == "," and words and re.match(r",\s*(?:thành phố|nhóm|ngành|chứng chỉ|xử lý)\b", folded[i:i + 16]):
                words[-1] += ","
                i += 1
                continue
            break
        m = _SYL.match(folded, i)
        if not m:
            break
        w = m.group(0)
        st = _STARS.match(folded, i) if w == "từ" or w in _STAR_DIGITS else None
        if st:  # "sản phẩm đạt chuẩn 3 sao", "từ 3 sao trở lên": a rating names the kind
            words.append(text[i:st.end()])
            i = end = st.end()
            continue
        if re.search(r"\d", w):
            if words and re.fullmatch(r"\d{1,3}[a-z]?", w) and _NAME_HEAD_END.search(" ".join(words).lower()):
                words.append(text[i:m.end()])  # "… lớp 12", "sầu riêng loại 1": the number names the kind
                i = end = m.end()
                named = True
                continue
            break
        if named and w in _STOP_RIGHT:
            break  # "giai đoạn 1 vào tháng 2": after a name's number a stop word ends it (no tagger asked)
        named = False
        am = _AGE.match(folded, i) if w in ("từ", "dưới", "trên") else None
        if am:
            words.append(text[i:am.end()])
            i = end = am.end()
            continue
        if w in _STOP_RIGHT and not (w == "đạt" and folded.startswith("chuẩn", m.end() + 1)) \
                and not (w == "tăng" and folded.endswith("giá trị gia ", 0, i)) \
                and (w in _TIME_WORDS or not _in_compound(folded, i, m.end(), bool(words), compounds)):
            break
        if w == "và" and (re.match(r"\s*(?:\S+\s+){0,2}\S*\d", folded[m.end():m.end() + 30])
                         or re.match(r"\s+(?:hai|ba|bốn|sáu|bảy|tám|chín|mười) [^\W\d_]", folded[m.end():m.end() + 12])):
            break
        words.append(text[i:m.end()])
        i = end = m.end()
    return " ".join(words), end
