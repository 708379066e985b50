"""The seed article's phenomena, in sentences of our own wording (the seed sentences are graded via the dev set)."""
import pytest

from nlp import extract_figures
from tests.nlp.scoring import _overlap_f1 as overlap_f1


@pytest.mark.parametrize("sentence, expected", [
    # ratio of a whole, result
    ("15/22 nhiệm vụ của Đề án 06 đã hoàn thành đúng hạn.", [("15/22", 15, 22, "ratio", "nhiệm vụ", "actual", None)]),
    ("Sở Y tế đã hoàn thành 9/10 chỉ tiêu được giao trong năm 2024.",
     [("9/10", 9, 10, "ratio", "chỉ tiêu", "actual", "2024")]),
    # percent before its subject, a ratio after it, period from "cuối năm"
    ("Cuối năm 2024 toàn huyện chỉ còn 0,8% hộ nghèo, 12/15 xã không còn hộ nghèo.",
     [("0,8%", 0.8, None, "percent", "hộ nghèo", "actual", "2024"),
      ("12/15", 12, 15, "ratio", "xã không còn hộ nghèo", "actual", "2024")]),
    # subject before the figure, target then result carried from earlier in the sentence
    ("Tỷ lệ người dân có thẻ bảo hiểm y tế mục tiêu đến năm 2026 là 96%, kết quả cuối năm 2024 đã đạt 93,5%.",
     [("96%", 96, None, "percent", "tỷ lệ người dân có thẻ bảo hiểm y tế", "target", "2026"),
      ("93,5%", 93.5, None, "percent", "tỷ lệ người dân có thẻ bảo hiểm y tế", "actual", "2024")]),
])
def test_seed_phenomena(sentence, expected):
    figures = extract_figures(sentence)
    assert [(f.text, f.value, f.denominator, f.kind, f.qualifier, f.period) for f in figures] == \
        [(t, v, d, k, q, p) for t, v, d, k, _s, q, p in expected]
    for f, (*_, subject, _q, _p) in zip(figures, expected):
        assert overlap_f1(subject, f.subject) >= 0.5, (subject, f.subject)  # the grader's subject rule


@pytest.mark.parametrize("sentence", [
    "Sáng ngày 5/3, Ban Chỉ đạo Chương trình số 06-CTr/TU ngày 12/4/2022 của Thành ủy đã làm việc với huyện.",
    "Năm nay là dịp kỷ niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9.",
    "Đoàn kiểm tra số 03 của Thành ủy làm việc lúc 14h30 tại trụ sở số 12 phố Lý Thái Tổ.",
    "Mọi thắc mắc xin liên hệ đường dây nóng 0243.825.1234 hoặc 1900 1234.",
])
def test_seed_distractors_are_not_figures(sentence):
    assert extract_figures(sentence) == []
