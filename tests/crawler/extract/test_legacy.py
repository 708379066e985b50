"""Legacy Vietnamese font encodings: TCVN3 and VNI round-trips and detection."""
import unicodedata

import pytest

from crawler.extract.legacy import (detect_encoding, fix_legacy, tcvn3_to_unicode, unicode_to_tcvn3,
                                    unicode_to_vni, vni_to_unicode)

SENTENCES = [
    "Năm 2025, tổng sản phẩm trên địa bàn tăng 7,4% so với cùng kỳ.",
    "Tỷ lệ hộ nghèo giảm còn 0,02%; người dân được hưởng lợi từ chương trình.",
    "Đến cuối quý I, thành phố đã giải ngân 1.200 tỷ đồng vốn đầu tư công.",
    "Ủy ban nhân dân quận yêu cầu các phường rà soát, hoàn thiện hồ sơ trước ngày 15.",
    "Khuyến khích ứng dụng kỹ thuật số, nghĩa là mỗi người dân đều có tài khoản định danh.",
]
# every precomposed lowercase Vietnamese letter
ALPHABET = "aàảãáạăằẳẵắặâầẩẫấậeèẻẽéẹêềểễếệiìỉĩíịoòỏõóọôồổỗốộơờởỡớợuùủũúụưừửữứựyỳỷỹýỵđ"


@pytest.mark.parametrize("text", SENTENCES + [ALPHABET])
def test_tcvn3_round_trip(text):
    encoded = unicode_to_tcvn3(text)
    assert encoded != text
    assert all(ord(ch) < 256 for ch in encoded)  # one byte per letter
    assert tcvn3_to_unicode(encoded) == unicodedata.normalize("NFC", text.replace("Ủ", "ủ").replace("Đ", "Đ"))


@pytest.mark.parametrize("text", SENTENCES + [ALPHABET, ALPHABET.upper()])
def test_vni_round_trip(text):
    encoded = unicode_to_vni(text)
    assert all(ord(ch) < 256 for ch in encoded)
    assert vni_to_unicode(encoded) == unicodedata.normalize("NFC", text)


@pytest.mark.parametrize("text, expected", [
    (unicode_to_tcvn3(SENTENCES[0]), "tcvn3"),
    (unicode_to_vni(SENTENCES[1]), "vni"),
    (SENTENCES[2], "unicode"),
    ("Giảm gần ½ so với năm trước, «theo báo cáo» của sở.", "unicode"),  # stray signs in Unicode text
    ("Nhiệt độ 25 °C, sai số ±2", "unicode"),
    ("Plain ASCII 2024", "unicode"),
])
def test_detect_encoding(text, expected):
    assert detect_encoding(text) == expected


def test_fix_legacy_converts_only_the_legacy_lines():
    mixed = SENTENCES[2] + "\n" + unicode_to_tcvn3(SENTENCES[0])
    fixed, enc = fix_legacy(mixed)
    assert enc == "tcvn3"
    assert fixed.split("\n") == [SENTENCES[2], SENTENCES[0]]
    assert fix_legacy(SENTENCES[3]) == (SENTENCES[3], "unicode")
