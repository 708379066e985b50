"""Small word lists the subject rules use (folded, new-style tones)."""
from __future__ import annotations

import re

# Count units so general that the clause before the number says more than the unit ("khám phá 3.178 vụ").
GENERIC_COUNT_UNITS = frozenset(
    "người lượt ca con em hộ vụ lao động đối tượng trường hợp cá nhân đơn vị cơ sở tổ chức khách suất phần quà "
    "lượt người người dân nhân khẩu khẩu cái chiếc tin bài ý kiến hồ sơ".split(" ")
) | frozenset(("lượt người", "người dân", "nhân khẩu", "trường hợp", "cá nhân", "đơn vị", "cơ sở", "tổ chức",
               "phần quà", "lao động", "tiêu chí", "chỉ tiêu", "đối tượng", "băng, nhóm", "băng nhóm", "ý kiến", "hồ sơ", "người lao động"))

# Verbs that end a predicate before a quantity: when the left phrase ends with one, the noun after the
# unit is the better subject ("thu giữ 48,6 kg ma túy tổng hợp" -> "ma túy tổng hợp").
VERBS = frozenset((
    "thu hút", "thu giữ", "cung cấp", "khởi công", "khai thác", "trồng", "trồng mới", "xây dựng", "xây mới",
    "hoàn thành", "tiếp nhận", "hứng chịu", "thu gom", "sản xuất", "tiêu thụ", "bắt giữ", "triệt phá", "giải quyết",
    "tuyển dụng", "cấp", "cấp mới", "hỗ trợ", "huy động", "phân bổ", "bố trí", "duy trì", "đón", "đón tiếp", "phục vụ",
    "vận chuyển", "nhập", "xuất", "bán", "bán ra", "mua", "mua vào", "lắp đặt", "nâng cấp", "cải tạo", "sửa chữa",
    "đào tạo", "tiêm", "phát hiện", "thiếu", "thừa", "thu", "chi", "nhận", "tặng", "trao", "trao tặng", "xử phạt",
    "thu hoạch", "gieo trồng", "gieo cấy", "nuôi", "tiêu hủy", "cứu trợ", "phát", "cấp phát", "thông quan",
    "tiếp cận", "sở hữu", "sử dụng", "tiết kiệm", "phá", "xóa", "bàn giao", "chuyển giao", "khắc phục", "phát sinh",
    "đưa vào khai thác", "đưa vào sử dụng", "đưa vào vận hành", "vận hành", "lập", "thành lập", "tạo", "tạo ra",
    "giải ngân", "gieo sạ", "gieo", "chiếm đoạt", "xuống giống", "thu về", "mang về", "huy động được",
    "làm chết", "làm bị thương", "cứu", "giải cứu", "tịch thu", "thu hồi", "duy trì ổn định", "ổn định",
))
# Attribute nouns a measurement names directly ("dung tích 25 triệu m3", "công suất 45 m3/s").
ATTRIBUTES = frozenset((
    "công suất", "dung tích", "diện tích", "chiều dài", "chiều rộng", "chiều cao", "độ sâu", "tổng mức đầu tư",
    "tổng vốn đầu tư", "tổng vốn", "kinh phí", "tổng kinh phí", "quy mô", "trọng tải", "tải trọng",
    "lưu lượng", "khối lượng", "tổng diện tích", "tổng chiều dài", "tổng công suất", "vốn đầu tư", "tổng dung tích",
    "sức chứa", "độ cao", "cao độ", "chiều sâu", "bề rộng", "mặt cắt", "sản lượng", "tổng sản lượng",
))
# Words after a percent that name the base of the share, not what is measured ("93,35% dân số").
_BASE_RE = re.compile(r"^(?:dân số|số dân|tổng|toàn bộ|cả nước|kế hoạch|dự toán|gdp|grdp|lực lượng lao động)(?![\w])")


def ends_with(words: list[str], lexicon: frozenset[str], max_len: int = 4) -> int:
    """Number of trailing words that form an entry of lexicon (longest first), else 0."""
    for k in range(min(max_len, len(words)), 0, -1):
        if " ".join(words[-k:]) in lexicon:
            return k
    return 0


def is_base_phrase(folded_phrase: str) -> bool:
    """True when a phrase after a percent names the whole it is a share of."""
    return bool(_BASE_RE.match(folded_phrase))

# "chiếm (khoảng) X%": a share of something named before it.
SHARE_LEFT = re.compile(r"(?<![\w])chiếm\s*(?:khoảng|gần|hơn|trên|dưới|tới|xấp xỉ)?\s*$")
