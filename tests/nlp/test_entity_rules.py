"""nlp/entity_rules + nlp/gazetteer + nlp/matcher: what counts as a name, and watchlist hits in one pass."""
import pytest

from nlp.entity_rules import judge
from nlp.gazetteer import is_place, strip_admin
from nlp.matcher import Matcher


@pytest.mark.parametrize("name, kind, prev, want", [
    ("Hoàng Mai", "person", "", ("Hoàng Mai", "place")),       # a district is never a person
    ("Sóc Sơn", "person", "huyện", ("Sóc Sơn", "place")),
    ("Hà", "person", "ông", None),                            # one syllable
    ("Thu", "person", "", None),
    ("Đề Toán", "person", "", None),                          # no family name, no "ông"/"bà"
    ("Hội Người", "person", "", None),                        # an organisation head
    ("Nguyễn Văn An", "person", "", ("Nguyễn Văn An", "person")),
    ("Kế hoạch", "place", "", None),                          # common words are not places
    ("Năm", "place", "", None),
    ("Quyết định", "place", "", None),
    ("quận Cầu Giấy", "place", "", ("quận Cầu Giấy", "place")),
    ("Bộ Tài chính", "organization", "", ("Bộ Tài chính", "organization")),
    ("Kế hoạch", "organization", "", None),
    ("Công ty", "organization", "", None),                    # a head alone
    ("Hà Nội", "organization", "", ("Hà Nội", "place")),
    ("Quận 12", "place", "", None),
])
def test_judge(name, kind, prev, want):
    assert judge(name, kind, prev, False) == want


@pytest.mark.parametrize("name, want", [("TP. Hà Nội", True), ("thủ đô Hà Nội", True), ("Thanh Hoá", True),
                                         ("Đống Đa", True), ("Việt Nam", True), ("Kế hoạch", False), ("Hà", False)])
def test_is_place(name, want):
    assert is_place(name) is want


def test_strip_admin():
    assert strip_admin("huyện Sóc Sơn") == "Sóc Sơn" and strip_admin("Hà Nội") == "Hà Nội"


def test_matcher_whole_words_longest_and_offsets():
    m = Matcher([("Sở Y tế", "short"), ("Sở Y tế Hà Nội", "long"), ("Nguyễn Văn Hòa", "hoa")])
    text = "Theo  sở y tế   Hà Nội, ông Nguyễn Văn Hoà và ông Nguyễn Văn Hoàng; Sở Y tế."
    hits = m.find(text)
    assert [(text[a:b], v) for a, b, v in hits] == [("sở y tế   Hà Nội", "long"), ("Nguyễn Văn Hoà", "hoa"),
                                                    ("Sở Y tế", "short")]
    assert Matcher([]).find(text) == []
