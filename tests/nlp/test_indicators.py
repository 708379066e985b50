import pytest

import nlp
from nlp import indicator_key


@pytest.mark.parametrize("subject, kind, unit, expected", [
    ("hộ nghèo", "percent", None, "tỷ lệ hộ nghèo (%)"),
    ("Tỷ lệ hộ nghèo", "percent", None, "tỷ lệ hộ nghèo (%)"),
    ("tỷ lệ người dân tham gia bảo hiểm y tế", "percent", None, "tỷ lệ bao phủ bảo hiểm y tế (%)"),
    ("CPI", "percent", None, "chỉ số giá tiêu dùng (%)"),
    ("kim ngạch xuất khẩu", "money", "USD", "kim ngạch xuất khẩu (USD)"),
    ("Số lượng xe buýt điện", "count", "xe", "xe buýt điện (xe)"),
    (None, "percent", None, None),
])
def test_indicator_key(subject, kind, unit, expected):
    assert indicator_key(subject, kind, unit) == expected


def test_bad_kind():
    with pytest.raises(ValueError):
        indicator_key("hộ nghèo", "bogus")


def test_version_exported():
    assert isinstance(nlp.EXTRACTOR_VERSION, str) and nlp.EXTRACTOR_VERSION
