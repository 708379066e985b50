"""Qualifier of a figure: actual, target, change or other (threshold/bracket)."""
from __future__ import annotations

import re

from nlp.lexicon import SHARE_LEFT

_CHANGE = re.compile(
    r"(?<!không )(?<!không được )(?:tăng|giảm|tăng thêm|giảm thêm|vượt|cao hơn|thấp hơn|nhiều hơn|ít hơn|tăng trưởng|mức tăng|mức giảm|"
    r"tăng lên|giảm đi|giảm xuống|hụt|sụt giảm|sụt|tụt|lớn hơn|chênh lệch|tăng tương ứng|giảm tương ứng|có thêm|gấp|tăng gấp|hạ thấp|hạ|sụt lún|mất|lùi|nhích|nhích lên|leo|đi lên|đi xuống|điều chỉnh tăng|điều chỉnh giảm)"
    r"(?:\s+(?:sâu|mạnh|nhẹ|thêm|được|tương ứng|lần lượt|giá|đến|tới|xấp xỉ|khoảng|gần|hơn|trên|dưới|ít nhất|"
    r"là|bình quân|trung bình|tương đương|tăng|chỉ tiêu|kế hoạch|mục tiêu|dự toán))*\s*$")
# "cao hơn (mức) bình quân chung của thành phố 8,1 điểm phần trăm": a comparative, its yardstick, then the gap.
# Not when the words between lead to the yardstick's own level ("cao hơn mức 2,1%", "thấp hơn so với mức
# xuất siêu 14,9 tỷ USD", "thấp hơn chỉ tiêu được giao là 95%").
_COMPARED_GAP = re.compile(r"(?<![\w])(?:cao|thấp|nhiều|ít|lớn|nhỏ) hơn"
                           r"(?: (?!(?:mức|so|với|là|ngưỡng|chỉ|tiêu|giao|kế|hoạch|mục|đáng)(?![\w]))[^\W\d_]+){1,8}\s*$")
# "mục tiêu 4,5% Quốc hội đề ra": who set it follows (not a yardstick: "95% kế hoạch đề ra" is a result)
_SET_BY = re.compile(r"^\s*(?!(?:so với|so|kế hoạch|chỉ tiêu|mục tiêu|dự toán)(?![\w]))(?:mà\s+|do\s+)?"
                     r"(?:[^\W\d_]+\s+){1,6}(?:đề ra|đặt ra)(?![\w])")
_SET_GOAL = re.compile(r"\s*(?:đề ra|đặt ra|được giao|giao|của|năm \d{4})(?![\w])")
_BASELINE = re.compile(r"(?:từ|lên|xuống|xuống còn|lên mức|còn|so với|so)\s*(?:mức\s*)?(?:khoảng|gần|hơn|trên|dưới)?\s*$")
_TARGET = re.compile(r"(?<![\w])(?:mục tiêu|kế hoạch|chỉ tiêu|phấn đấu|dự kiến|dự báo|dự toán|đặt ra|định hướng|"
                     r"cần đạt|phải đạt|cần(?! thơ| thiết| lưu ý| chú ý)|phải (?:hoàn thành|có|giải quyết|thu hồi|bố trí)|đề ra|nhằm|chương trình|ít nhất|kỳ vọng|sẽ(?= (?:đạt|hoàn thành|trở thành|tăng|giảm|vượt|có|chạm|lên))|hướng tới|đặt mục tiêu|quy hoạch(?= đến| tới)|"
                     r"được (?:hđnd|quốc hội|hội đồng nhân dân)(?: [^\W\d_]+){0,3} (?:quyết định|thông qua|giao))(?![\w])")
_NOT_TARGET = re.compile(r"(?:so với|so|vượt|đạt và vượt|hoàn thành|đạt|bằng)\s+(?:\S+\s+){0,1}(?:kế hoạch|chỉ tiêu|mục tiêu|dự toán)"
                         r"|(?:chỉ tiêu|kế hoạch|mục tiêu|dự toán)(?: [^\W\d_]+){0,2} của\s*$"
                         r"|(?<=\d% )(?:kế hoạch|chỉ tiêu|mục tiêu|dự toán)(?: [^\W\d_]+){0,4} (?:giao|đề ra)")
_ACTUAL = re.compile(r"(?<![\w])(?:kết quả|thực tế|đã đạt|thực hiện được|đạt được|đã có|hiện có|(?<!giảm )(?<!xuống )còn|hiện là|hiện đạt|"
                     r"hiện đã|giải ngân được|mới đạt|mới có|(?<!chứng )chỉ đạt)(?![\w])")
_OTHER = re.compile(r"(?<![\w])(?:(?<!tổng )(?<!ở )(?<!từ )(?<!lên )(?<!đạt )(?<!niêm yết )(?<!so với )(?<!hơn )(?<!vì )(?<!quanh )mức"
                    r"(?! tăng| giảm| cao| thấp|(?: hưởng)? bình quân|(?: hưởng)? trung bình| giá| lãi suất| \d)|(?<!công )(?<!năng )(?<!hiệu )(?<!lãi )(?<!tỷ )suất(?! quà| ăn)|định mức|ngưỡng|"
                    r"hạn mức|mỗi người được|mỗi [^\d,;]{1,20} được (?:hỗ trợ|hưởng|nhận|tặng|cấp)|được hưởng|hỗ trợ mỗi|(?<!thu )(?<!phí và )lệ phí|mức phí|"
                    r"được tặng quà|(?<!tổng số )quà tặng|(?<!lên )mốc)(?![\w])")
_PLAN_BEFORE = re.compile(r"(?<![\w])(vượt\s+)?(?:chỉ tiêu|mục tiêu|kế hoạch)\s*$")
_RESTATE = re.compile(r"^[\s,]*(?:tương đương|tương ứng)(?![\w])")
_LIST_CARRY = re.compile(r"^[\s,;]*$|^[\s,]*(?:và)?\s*$")
_TOTAL = re.compile(r"(?<![\w])tổng (?:kinh phí|số tiền|chi phí|giá trị)(?![\w])")
_THRESHOLD = re.compile(r"(?<![\w])có\s+(?!nơi |điểm |lúc |thời điểm )[^\d,;()]{2,40}\s(?:trên|dưới|từ|không quá|tối đa)\s*$")
# "19 địa phương đạt tỷ lệ giải ngân trên 60%", "8 tỉnh có tỷ lệ tiêm thấp hơn 40%": a count of units and the
# bracket that defines them; "có thời điểm tăng trưởng trên 8%": a bracket of times.
_GROUP = (r"(?:địa phương|tỉnh(?:, thành| thành(?: phố)?)?|thành phố|huyện|quận|xã|phường|thị xã|doanh nghiệp|đơn vị|"
          r"trường|cơ sở|quốc gia|nước|ngân hàng|bệnh viện|công ty|dự án|ngành|lĩnh vực|sản phẩm|thời điểm)")
_COUNT_BRACKET = re.compile(r"(?:(?<![\w.,])\d[\d.,]*|(?<![\w])có)\s+" + _GROUP + r"(?![\w])[^;()]{0,80}?"
                            r"(?<![\w])(?:trên|dưới|thấp hơn|cao hơn|không quá|không đến|chưa đến|chưa tới)\s*$")
_SENT_TARGET = re.compile(r"^\W*(?:mục tiêu|phấn đấu|dự kiến|kế hoạch|chỉ tiêu|định hướng|năm \d{4},? phấn đấu|"
                          r"theo (?:kế hoạch|phương án|chiến lược|quy hoạch|dự báo|dự kiến|đề án|lộ trình|mục tiêu|chỉ tiêu)"
                          r")(?![\w])")
_CHANGE_CARRY = re.compile(r"^[\s,]*(?:về\s+[^\d,;()]{1,30}?\s+)?(?:và|,)\s*(?:tăng|giảm)?\s*$")
_OTHER_CARRY = re.compile(r"(?<![\w])được (?:hỗ trợ|hưởng|nhận|cấp|tặng)(?![\w])")
_AVERAGE = re.compile(r"(?<![\w])mức(?: [^\W\d_]+){1,3} (?:bình quân|trung bình)(?![\w])")
_PER_ITEM = re.compile(r"(?<![\w])mỗi(?: [^\W\d_]+){1,6} (?:trị giá|có giá|có mức)(?![\w])")
# "gấp 3 lần cùng kỳ (12 tỷ đồng)": after a change, the base's own level stated in brackets.
BASE_PAREN = re.compile(r"(?<![\w])(?:so với|so|cùng kỳ)(?![\w])[^\d()]*\(\s*$")
_CAPITAL_ADDED = re.compile(r"(?<![\w])vốn(?: đăng ký| đầu tư)?(?: điều chỉnh)? (?:tăng thêm|góp thêm)(?: là| đạt)?"
                            r"\s*(?:khoảng|gần|hơn|trên)?\s*$")
# A plan word, a few words naming what it plans, then the figure: the plan's own value ("vượt chỉ tiêu giao 1,5%",
# a percent after "vượt", is the margin over it). Not when a clause or a yardstick intervenes ("kế hoạch năm và tăng").
_PLAN_NAMED = re.compile(r"(?<![\w])(vượt\s+)?(?:mục tiêu|chỉ tiêu|kế hoạch)(?: [^\W\d_]+){1,4}\s*"
                         r"(?:khoảng|gần|hơn|trên|ít nhất|tối thiểu)?\s*$")
_NOT_NAMED = re.compile(r"(?<![\w])(?:và|của|so với|so|bằng|với|trong|tại|nhưng|đã|hoàn thành|chiếm|tăng lên|giảm xuống|còn)(?![\w])")
_OR_MORE = re.compile(r"\s*trở (?:lên|xuống)(?![\w])")
# A target stated earlier carries to later figures of the sentence unless a result is signalled.
_NO_CARRY = re.compile(r"(?<![\w])(?:đã|ước|thực hiện|hiện nay|năm nay|chiếm)(?![\w])|;"
                       r"|(?<![\w])(?<!đến )(?<!vào )(?<!tới )năm \d{4}")
# "đã vượt 3.000 ca": a level passed, not a margin over a plan.
_PASSED = re.compile(r"(?<![\w])(?:đã|hiện đã)\s+vượt\s*(?:mốc|con số|ngưỡng)?\s*(?:khoảng|gần|hơn)?\s*$")
# "mức hỗ trợ xây mới là 60 triệu đồng, sửa chữa nhà là 30 triệu đồng": a list of set levels.
_MORE = re.compile(r"(?<![\w])thêm\s*(?:khoảng|gần|hơn|trên)?\s*$")  # "đưa vào khai thác thêm 940 km"
_LEVEL_LIST = re.compile(r"^[\s,;]*[^\W\d_][^\d,;()]{0,30}\s+là\s*$")
_RIGHT_CHANGE = re.compile(r"^\s*\)?\s*(?:so với|so)\s+(?!kế hoạch|chỉ tiêu|mục tiêu|dự toán|\d)")


def qualify(folded: str, clause_left: str, local_left: str, right: str, in_paren_bare: bool,
            prev_qual: str | None, signed: bool, is_range_bracket: bool, sentence_target: bool,
            is_range: bool = False, kind: str | None = None) -> str:
    """Decide the qualifier from the text around one figure (all folded).

    >>> qualify("", "doanh thu tăng", "doanh thu tăng", " so với cùng kỳ", False, None, False, False, False)
    'change'
    """
    if signed:
        return "change"  # "(+43% YoY)": a written sign is a change, in brackets or not
    if in_paren_bare and prev_qual:
        return prev_qual
    tail = local_left[-40:]
    if kind == "percent" and _COUNT_BRACKET.search(clause_left):
        return "other"  # the bracket that picks out a group of units, not a level of one
    pm = _PLAN_BEFORE.search(tail)
    if pm:  # "so với chỉ tiêu 95%", "vượt chỉ tiêu 1,8 điểm phần trăm", "vượt mục tiêu 7% đề ra" (the goal)
        return "change" if pm.group(1) and not _SET_GOAL.match(right) else "target"
    pm = _PLAN_NAMED.search(tail)
    if pm and not _NOT_NAMED.search(pm.group(0)):  # "vượt kế hoạch tuyển 500 học viên", "đặt mục tiêu doanh thu đạt …"
        return "change" if pm.group(1) and kind == "percent" else "target"
    baseline = bool(_BASELINE.search(tail))
    if _PASSED.search(tail) and not re.match(r"\s*\)?\s*so(?![\w])", right):
        return "actual"
    if is_range and re.search(r"(?<![\w])từ\s*$", tail) and _CHANGE.search(tail[:tail.rstrip().rfind(" ")]):
        return "change"  # "thấp hơn từ 10 đến 15 điểm phần trăm"
    if _CAPITAL_ADDED.search(tail):
        return "actual"  # "vốn đăng ký tăng thêm 800 triệu USD": the FDI statistic of added capital, a level
    if (_CHANGE.search(tail) or _COMPARED_GAP.search(tail)) and not baseline:
        return "change"
    if not baseline and _RIGHT_CHANGE.match(right) and not re.search(r"(?:đạt|là|chiếm)\s*(?:\S+\s*)?$", tail):
        return "change"
    if prev_qual == "change" and _CHANGE_CARRY.match(local_left):
        return "change"
    if _TOTAL.search(local_left) and not sentence_target and prev_qual == "other":
        return "actual"  # "mức hỗ trợ 1 triệu đồng mỗi hộ, tổng kinh phí là 2 tỷ đồng": the total spent
    if prev_qual == "other" and (_OTHER_CARRY.search(local_left) or _LIST_CARRY.match(local_left)
                                 or _LEVEL_LIST.match(local_left)):
        return "other"
    if prev_qual and _RESTATE.match(local_left):
        return prev_qual
    if re.search(r"(?<![\w])từ\s*(?:mức\s*)?(?:khoảng|gần|hơn|trên|dưới)?\s*$", tail) and not is_range_bracket \
            and not _OR_MORE.match(right) and not is_range:
        return "actual"
    if _TOTAL.search(local_left) and not sentence_target:
        return "actual"
    if _SET_BY.match(right):
        return "target"  # "dưới mức 4% Chính phủ đặt ra": a level someone set as the goal
    if is_range_bracket or _THRESHOLD.search(tail) or _PER_ITEM.search(clause_left) or (
            _OTHER.search(clause_left) and not re.search(r"(?<![\w])lên\s*(?:mức\s*)?$", tail)
            and not SHARE_LEFT.search(tail) and not _AVERAGE.search(clause_left)):
        return "other"
    scope = _NOT_TARGET.sub(" ", clause_left)
    tm = None
    for tm in _TARGET.finditer(scope):
        pass
    if tm is not None:
        after = scope[tm.end():]
        done = tm.group(0) == "chương trình" and re.search(r"(?<![\w])đã(?![\w])", after)  # "chương trình đã hỗ trợ"
        if not _ACTUAL.search(after) and not done:
            return "target"
    if _MORE.search(tail) and not sentence_target:
        return "change"
    if _ACTUAL.search(clause_left):
        return "actual"
    if sentence_target:
        return "target"
    if prev_qual == "target" and not _ACTUAL.search(local_left) and not _NO_CARRY.search(local_left):
        return "target"
    return "actual"


# Levels a rule sets, goals, and results against a plan: decided after the learned classifier, as the guide says.
_LEVEL_NAMES = r"mức phạt|mức giảm trừ|giảm trừ gia cảnh|mức lương cơ sở|lương cơ sở|mức lương tối thiểu|lương tối thiểu"
_RULE_LEVEL = re.compile(r"(?<![\w])(?:" + _LEVEL_NAMES + r"|ngưỡng)(?![\w])")
# Levels an authority sets (tariffs, tax rates, policy rates): "other" also as the ends of a move ("từ 10% xuống 8%").
_SET_LEVEL = re.compile(r"(?<![\w])(?:" + _LEVEL_NAMES + r"|thuế suất|giá bán lẻ điện|giá điện sinh hoạt|giá nước sạch|"
                        r"lãi suất (?:tái cấp vốn|tái chiết khấu|cơ bản|điều hành))(?![\w])")
_ENDS = re.compile(r"(?<![\w])(?:từ|lên|xuống|còn)(?:\s+(?:mức|khoảng|gần|hơn))*\s*$")
_FINE = re.compile(r"(?<![\w])(?:phạt tiền|bị phạt)(?:\s+(?:từ|khoảng|tối đa|đến|lên đến|lên tới))*\s*$")
_FINE_BEFORE = re.compile(r"(?<![\w])(?:phạt tiền|bị phạt)(?![\w])[^;]*(?<![\w])từ\s*$")  # "... và từ 2 đến 6 triệu đồng"
_MOVE = re.compile(r"(?<![\w])(?:từ|lên|xuống|còn|tăng|giảm)(?:\s+(?:mức|khoảng|gần|hơn))*\s*$")
# A legal instrument or a standard that sets what follows: "Theo Nghị định ..., phạt tiền ...", "theo quy chuẩn ...".
_INSTRUMENT = re.compile(r"(?:^|[,;:(]\s*|(?<![\w])quy định tại\s+|(?<![\w])căn cứ\s+)(?:theo\s+)?(?:quy định (?:tại |của |trong )?)?"
                         r"(?:(?:dự thảo\s+)?(?:quyết định(?=\s+(?:số\s+)?\d)|nghị định|thông tư|quy chuẩn|qcvn|tiêu chuẩn|luật|bảng giá|biểu giá|khung giá)|quy định)"
                         r"(?![\w])")
# A limit a rule sets: "không được vượt quá 45 µg/m3", "thời hạn vay tối đa 25 năm".
_LIMIT = re.compile(r"(?<![\w])(?:không (?:được )?vượt(?: quá)?|không quá|tối đa|tối thiểu|không (?:được )?(?:thấp|cao) hơn|không dưới)"
                    r"(?:\s+(?:là|bằng|ở mức|mức))?\s*$")
# "N/M tỉnh, thành phố đạt tỷ lệ ... trên 95%": the bracket that picks out a group of units, over the whole sentence.
_UNITS = (r"(?:địa phương|tỉnh|thành phố|huyện|quận|xã|phường|thị xã|sở|ngành|bộ|doanh nghiệp|đơn vị|trường|cơ sở|"
          r"ngân hàng|bệnh viện|công ty|dự án|quốc gia|nước)")
_WIDE_BRACKET = re.compile(r"(?:(?<![\w.,])\d+(?:/\d+)?|(?<![\w])(?:có|còn))\s+" + _UNITS + r"(?![\w])[^;()\d]{0,100}?"
                           r"(?<![\w])(?:trên|dưới|thấp hơn|cao hơn|không quá|chưa đến|chưa tới|từ)\s*$")
# A discount or an exemption a rule grants: "học sinh được giảm 50% giá vé".
_GRANTED = re.compile(r"(?<![\w])được (?:giảm|miễn giảm|giảm trừ|hỗ trợ giảm)\s*$")
_GOAL = re.compile(r"(?<![\w])(?<!hoàn thành )(?<!vượt )(?<!đạt )(?<!so với )(?:mục tiêu|phấn đấu|để hoàn thành|để đạt|"
                   r"nhằm đạt)(?![\w])")
_FROM = re.compile(r"(?<![\w])từ\s*(?:mức\s*)?(?:khoảng|gần|hơn)?\s*$")
_DONE = re.compile(r"(?<![\w])(?:đã|đạt được|thực hiện được|ước đạt|ước thực hiện|hiện có|mới có|(?<!giảm )(?<!xuống )còn)(?![\w])")
# Words that set what follows as a plan: a change they govern is a goal ("đặt kế hoạch doanh thu …, tăng 9%").
_PLAN_WORD = re.compile(r"(?<![\w])(?:mục tiêu|kế hoạch|chỉ tiêu|phấn đấu|định hướng)(?![\w])")
# Not a plan: a ministry's name, a percent of the plan (its yardstick), places on offer ("14.900 chỉ tiêu").
_NOT_PLAN = re.compile(r"(?<![\w])kế hoạch và đầu tư|\d[\d.,]*\s*%\s*(?:kế hoạch|chỉ tiêu|mục tiêu|dự toán)|\d[\d.,]*\s+chỉ tiêu")
_PLAN_REF = re.compile(r"^(?:kế hoạch|dự toán|chỉ tiêu|mục tiêu)(?![\w])")


_EQUALS = re.compile(r"(?<![\w])(?:bằng)\s*(?:khoảng|gần|hơn|xấp xỉ|tới)?\s*$")
_GROWTH = re.compile(r"(?<![\w])(?:tăng trưởng|tốc độ (?:tăng|giảm)|t[ỷỉ] lệ tăng|mức (?:tăng|giảm))(?![\w])")


# A fee or a ticket price per head or per visit: a level a rule sets ("phí tham quan ... 60.000 đồng/lượt").
_FEE = re.compile(r"(?<![\w])(?:phí|lệ phí|học phí|viện phí|giá vé|vé vào cửa|giá dịch vụ|mức thu(?! nhập)|cước)(?![\w])")
# A ceiling or a floor ("giá trần vé máy bay … 4 triệu đồng/chiều"), a fare ("giá mở cửa", "giá cước": never a
# total, so per unit or not), and a tax a good is subject to ("chịu thuế tiêu thụ đặc biệt 3%"): levels a rule
# sets, however the sentence words them.
_SET_PRICE = re.compile(r"(?<![\w])(?:(?:giá|mức) (?:trần|sàn)|giá mở cửa|giá cước)(?![\w])")
_TAXED = re.compile(r"(?<![\w])(?:chịu|áp dụng|hưởng)(?: mức)? thuế(?: suất)?(?: [^\W\d_]+){0,6}\s*$")


def settle(qual: str, kind: str, clause_left: str, reference: str | None, is_range: bool = False,
           subject: str | None = None, per_unit: bool = False, goal_sentence: bool = False) -> str:
    """The guide's fixed cases over a predicted qualifier (clause_left folded, ends at the figure).

    >>> settle("actual", "money", "mức phạt tiền tối đa là ", None)
    'other'
    >>> settle("actual", "count", "phấn đấu giải quyết việc làm cho ", None)
    'target'
    >>> settle("target", "percent", "thu ngân sách đạt ", "kế hoạch năm")
    'actual'
    >>> settle("change", "percent", "chi ngân sách bằng ", "cùng kỳ năm trước")
    'actual'
    >>> settle("actual", "percent", "tăng trưởng kinh tế của tỉnh đạt ", None, subject="tăng trưởng kinh tế")
    'change'
    >>> settle("actual", "money", "phí tham quan áp dụng với người lớn là ", None, per_unit=True)
    'other'
    """
    if qual == "actual" and kind == "money" and per_unit and _FEE.search(clause_left):
        return "other"
    if qual == "actual" and ((kind == "money" and _SET_PRICE.search(clause_left))
                             or (kind == "percent" and _TAXED.search(clause_left))):
        return "other"
    clause = clause_left[clause_left.rfind(";") + 1:]
    if qual != "change" and _SET_LEVEL.search(clause) and (_ENDS.search(clause) or not _MOVE.search(clause)):
        return "other"
    if qual != "change" and ((_RULE_LEVEL.search(clause_left) and not _MOVE.search(clause_left))
                             or (is_range and (_FINE.search(clause_left) or _FINE_BEFORE.search(clause)))):
        return "other"
    if qual == "actual" and kind != "count" and (_LIMIT.search(clause_left) or (
            _INSTRUMENT.search(clause_left) and not _DONE.search(clause))):
        return "other"  # a level or a limit that a decree, a circular or a standard sets
    if kind == "percent" and qual in ("actual", "change") and (_WIDE_BRACKET.search(clause) or _GRANTED.search(clause)):
        return "other"
    if qual == "target" and kind == "percent" and reference and _PLAN_REF.match(reference.lower()) \
            and not _GOAL.search(clause_left):
        return "actual"  # "đạt 116% kế hoạch": a result, measured against the plan
    scope = clause_left[clause_left.rfind(";") + 1:]
    g = None
    for g in _GOAL.finditer(scope):
        pass
    if g is not None and qual in ("actual", "change") and not _DONE.search(scope[g.end():]) \
            and (is_range or not _FROM.search(scope)):  # "mục tiêu … từ 6,5 đến 7%": the range's own "từ"
        return "target"
    if goal_sentence and qual in ("actual", "change") and not _DONE.search(clause_left) \
            and not _ACTUAL.search(clause_left) \
            and not _FROM.search(clause_left[-12:]):
        return "target"  # "Mục tiêu …: …; tỷ lệ hộ nghèo giảm 2%/năm": the whole sentence states goals
    if qual == "change" and _planned(scope):
        return "target"  # "đặt kế hoạch doanh thu 25.900 tỷ đồng, tăng 9%": a change set as a goal
    if qual == "change" and kind == "percent" and reference and _EQUALS.search(clause_left):
        return "actual"  # "bằng 85,5% so với cùng kỳ": a level as a share of the base, not a change
    if qual == "actual" and kind == "percent" and subject and _GROWTH.search(subject.lower()):
        return "change"  # a growth rate is a change of the level, whatever verb states it
    return qual


def _planned(scope: str) -> bool:
    """Whether a plan word governs the end of a clause: its own figure follows it, no result word, no aside."""
    text = _NOT_TARGET.sub(" ", _NOT_PLAN.sub(" ", scope))
    plan = None
    for plan in _PLAN_WORD.finditer(text):
        pass
    if plan is None:
        return False
    after = text[plan.end():]
    return (bool(re.search(r"\d", after)) and not _DONE.search(after) and not _ACTUAL.search(after)
            and after.count("(") <= after.count(")"))


_BREAKDOWN = re.compile(r"(?<![\w])trong đó(?![\w])")
_RESULT = re.compile(r"(?<![\w])(?:đã|đạt được|thực hiện được|ước đạt|ước thực hiện|hiện có|mới có|hiện nay)(?![\w])")


def breakdown(quals: list[str], starts: list[int], folded: str) -> list[str]:
    """Qualifiers after the parts of a "trong đó" breakdown take the goal of the total it breaks down.

    >>> s = "mục tiêu đón 900 nghìn lượt khách, trong đó khách nước ngoài đạt 120 nghìn lượt"
    >>> breakdown(["target", "actual"], [s.index("900"), s.index("120")], s)
    ['target', 'target']
    """
    out = list(quals)
    for m in _BREAKDOWN.finditer(folded):
        head = max((i for i, a in enumerate(starts) if a < m.start()), default=None)
        if head is None or out[head] != "target":
            continue
        for i in range(head + 1, len(starts)):
            if starts[i] > m.start() and out[i] in ("actual", "change") and not _RESULT.search(folded, m.end(), starts[i]):
                out[i] = "target"
    return out
