"""Unit lexicons: percent words, currencies, physical measures and count nouns (folded, new-style tones)."""
from __future__ import annotations

import re

PERCENT_UNITS: dict[str, str | None] = {
    "%": None, "phần trăm": None, "điểm phần trăm": "điểm phần trăm", "điểm %": "điểm phần trăm",
}

CURRENCIES: dict[str, str] = {
    "đồng": "VND", "vnđ": "VND", "vnd": "VND", "đ": "VND", "việt nam đồng": "VND",
    "usd": "USD", "us$": "USD", "us cent": "USD", "uscent": "USD", "cent": "USD", "đô la mỹ": "USD", "đô la": "USD", "đôla": "USD", "đô-la": "USD", "đô": "USD",
    "eur": "EUR", "euro": "EUR", "yên nhật": "JPY", "yên": "JPY", "yen": "JPY", "jpy": "JPY",
    "nhân dân tệ": "CNY", "ndt": "CNY", "cny": "CNY", "bảng anh": "GBP", "gbp": "GBP",
    "won": "KRW", "krw": "KRW", "bạt": "THB", "baht": "THB",
}
# "đồng" followed by these syllables is not the currency ("đồng chí", "đồng bào", ...).
NOT_DONG = frozenset(
    "chí bào thời ý nghĩa hương ruộng bằng loạt minh tình lòng hồ phục cỏ nát nghiệp đội hành thuận tâm cảm "
    "đều khởi dạng hạng tiền sức bộ lứa môn tộc ca diễn điệu chủ quê âm nhất".split()
)

MEASURES: tuple[str, ...] = (
    "ha", "héc-ta", "héc ta", "hecta", "hécta", "tấn", "tạ", "yến", "kg", "kí", "ký", "gram", "gam", "g",
    "km", "cây số", "km2", "km²", "m", "m2", "m²", "m3", "m³", "mét", "mét vuông", "mét khối", "cm", "mm", "dặm",
    "lít", "ml", "mw", "kw", "gw", "kwh", "mwh", "gwh", "kv", "mbps", "gbps", "teu", "container", "thùng", "bao",
    "sào", "mẫu", "độ c", "°c", "mm/năm", "km/h", "‰", "µg/m3", "μg/m3", "µg/m³", "μg/m³", "mg/m3", "mg/l",
    "miligam", "mg", "mililít", "microgam",
)
# Count nouns: "people, households, cases, firms, projects, communes ..." (extendable).
COUNT_UNITS: tuple[str, ...] = (
    "người", "hộ", "hộ gia đình", "hộ dân", "hộ nghèo", "hộ cận nghèo", "lượt", "lượt người", "lượt khách", "lượt xe",
    "ca", "trường hợp", "ca bệnh", "ca mắc", "ca tử vong", "doanh nghiệp", "dn", "dự án", "xã", "phường", "thị trấn", "huyện",
    "quận", "thôn", "làng", "bản", "ấp", "khu phố", "tổ dân phố", "căn hộ", "căn", "căn nhà", "ngôi nhà", "nhà", "vụ",
    "vụ việc", "vụ án", "đối tượng", "bị can", "lao động", "lớp", "cây", "cây xanh", "tỉnh", "thành phố",
    "tỉnh, thành phố", "tỉnh thành", "tỉnh, thành", "băng, nhóm", "băng nhóm", "học sinh", "sinh viên", "học viên",
    "bệnh nhân", "trường", "trường học", "cơ sở", "hợp tác xã", "htx", "sản phẩm", "tiêu chí", "chỉ tiêu", "xe",
    "ô tô", "xe máy", "phương tiện", "chuyến", "chuyến bay", "con", "trẻ", "trẻ em", "em", "giáo viên", "bác sĩ",
    "hồ sơ", "thủ tục", "thủ tục hành chính", "dịch vụ", "đơn vị", "công trình", "hội viên", "đảng viên", "cán bộ",
    "công chức", "viên chức", "thí sinh", "du khách", "khách", "tàu", "cơ quan", "tổ chức", "cá nhân",
    "gia đình", "suất", "suất quà", "phần quà", "thẻ", "thẻ bảo hiểm y tế", "thẻ bhyt", "tài khoản", "giao dịch",
    "việc làm", "chỗ làm việc", "nhân khẩu", "khẩu", "người dân", "cử tri", "đại biểu", "công nhân", "nông dân",
    "ngư dân", "nạn nhân", "người lao động", "người có công", "thương binh", "liệt sĩ", "liệt sỹ", "mẹ việt nam anh hùng",
    "ý kiến", "kiến nghị", "đơn", "đơn thư", "vụ tai nạn", "điểm", "mô hình", "làng nghề", "chợ", "siêu thị",
    "khu công nghiệp", "cụm công nghiệp", "bệnh viện", "trạm y tế", "giường bệnh", "giường", "giống", "con gia súc",
    "con lợn", "con bò", "con gà", "nhà máy", "cửa hàng", "điểm bán", "mẫu", "mẫu xét nghiệm", "liều", "liều vắc xin",
    "mũi", "mũi tiêm", "km đường", "tuyến", "tuyến đường", "cây cầu", "cầu", "căn hộ chung cư", "lô", "lô hàng",
    "văn bản", "quyết định", "dự thảo", "sáng kiến", "đề tài", "bằng sáng chế", "văn bằng", "giấy phép",
    "giấy chứng nhận", "lượt truy cập", "tin", "bài", "phóng viên", "vận động viên", "huy chương", "hcv", "hcb",
    "hcđ", "ngôi sao", "thương hiệu", "nhãn hiệu", "sản phẩm ocop", "tổ", "nhóm", "đoàn", "đợt kiểm tra", "đợt phát hành", "mặt hàng", "nhóm hàng",
    "cuộc", "cuộc thanh tra", "cuộc kiểm tra", "trận", "ổ dịch", "người chết", "người bị thương", "người tử vong",
    "người mắc", "người nhiễm", "bệnh nhi", "sản phụ", "nhà đầu tư", "hành khách", "thuê bao", "ha rừng",
    "đầu mối", "phòng học", "phòng bệnh", "thành viên", "xã, phường", "xã, phường, thị trấn", "quận, huyện",
    "huyện, thị xã", "huyện, thị xã, thành phố", "lượt tàu", "giường bệnh", "hộ kinh doanh", "điểm trường", "công ty", "tập đoàn", "ngân hàng", "chi nhánh", "hiệp hội", "trang trại", "gia trại",
    "bánh", "bánh heroin", "địa phương", "bộ, ngành", "bộ ngành", "bộ, cơ quan trung ương", "bộ, cơ quan", "bé trai", "bé gái",
    "viên", "thửa", "thửa đất", "bài thi", "trạm", "trạm thu phí", "mã", "mã cổ phiếu", "cổ phiếu", "cụ",
)


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_END = r"(?![\w²³°])"
PERCENT_RE = re.compile(r"\s*(" + _alt(PERCENT_UNITS) + r")(?![\w])")
CURRENCY_RE = re.compile(r"\s*(" + _alt(CURRENCIES) + r")" + _END)
MEASURE_RE = re.compile(r"\s*(" + _alt(MEASURES) + r")" + _END)
COUNT_RE = re.compile(r"\s?(" + _alt(COUNT_UNITS) + r")" + _END)
_WORD_RE = re.compile(r"\s*([^\W\d_]+)")
_MONEY_BEFORE = re.compile(r"(?<![\w])(?:nghìn|ngàn|triệu|tỷ|tỉ|trăm)\s*$|\d{3}\s*$")
_SPACED_M_OK = re.compile(r"(?:\s*[,;.)]|\s+[^\W\d_A-Z]|\s*$)")


def match_percent(folded: str, pos: int) -> tuple[str | None, int] | None:
    """Percent unit at pos: (unit or None, end)."""
    m = PERCENT_RE.match(folded, pos)
    if not m:
        return None
    return PERCENT_UNITS[m.group(1)], m.end()


def match_currency(folded: str, pos: int) -> tuple[str, int] | None:
    """Currency word at pos: (ISO code, end)."""
    m = CURRENCY_RE.match(folded, pos)
    if not m:
        return None
    word = m.group(1)
    if word == "đồng":
        nxt = _WORD_RE.match(folded, m.end())
        if nxt and nxt.group(1) in NOT_DONG and not (nxt.group(1) == "tiền" and _MONEY_BEFORE.search(folded, 0, pos)):
            return None  # "6 đồng tiền chủ chốt" is not money, "1 triệu đồng tiền mặt" is
    if word in ("đ", "đô") and m.end() < len(folded) and folded[m.end()] in "-.":
        return None
    return CURRENCIES[word], m.end()


def match_measure(folded: str, pos: int) -> tuple[int, int] | None:
    """Measure unit at pos: (start, end)."""
    m = MEASURE_RE.match(folded, pos)
    if not m:
        return None
    if m.group(1) == "g" and m.start(1) != pos:
        return None  # lone "g" only when glued ("200g")
    if m.group(1) == "m" and m.start(1) != pos and not _SPACED_M_OK.match(folded, m.end()):
        return None  # spaced "m" only before punctuation or a plain word ("0,5 m mỗi năm")
    return m.start(1), m.end()


def match_count(folded: str, pos: int) -> tuple[int, int] | None:
    """Count noun at pos (at most one space away): (start, end)."""
    m = COUNT_RE.match(folded, pos)
    if not m:
        return None
    return m.start(1), m.end()
