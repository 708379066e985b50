"""Typed diacritics count: "hồ" is not "hỗ", a name typed in full finds that name; none typed: folded."""
import unicodedata

import pytest

from db import open_db
from db.diacritics import canon, exact_filter, fold, has_diacritics
from db.search import matching_ids, search
from db.store import save_article, upsert_source

ARTICLES = [
    ("Bà Nguyễn Thị Hạnh nói về an sinh", "Bà Nguyễn Thị Hạnh, cán bộ phường, cho biết 40 hộ đã được thăm."),
    ("Thủ tục hành chính ở phường", "Thủ tục hành chính nguyên vẹn, thị trấn ông Hạ vẫn chờ."),
    ("Hỗ trợ người lao động", "Quỹ hỗ trợ người lao động. Hỗ trợ thêm 200 suất, hỗ trợ cả hộ nghèo."),
    ("Dạo quanh hồ Tây", "Ven hồ Tây có thêm đường đi bộ; mặt hồ sạch hơn."),
    ("Hoà giải ở cơ sở", unicodedata.normalize("NFD", "Tổ hoà giải thuỷ lợi làm việc cả tuần.")),
    ("Đường sắt đô thị", "Tuyến đường sắt đô thị số 3 chạy thử."),
]


@pytest.fixture
def db(tmp_path):
    d = open_db(tmp_path / "d.db")
    upsert_source(d, "demo", "https://example.vn/")
    for n, (title, text) in enumerate(ARTICLES, 1):
        url = f"https://example.vn/bai-{n}.htm"
        save_article(d, "demo", {"url": url, "canonical_url": url, "title": title, "sapo": "", "text": text,
                                 "published_at": f"2025-01-{n:02d}T08:00:00+07:00"}, [])
    yield d
    d.close()


def titles(rows):
    return [r["title"] for r in rows]


@pytest.mark.parametrize("query, expected", [
    ("Nguyễn Thị Hạnh", ["Bà Nguyễn Thị Hạnh nói về an sinh"]),           # not "hành", "nguyên", "thị trấn … Hạ"
    ("nguyen thi hanh", None),                                           # typed bare: folded, both match
    ("hồ", ["Dạo quanh hồ Tây"]),                                        # not "hỗ trợ", not "hộ"
    ("hỗ trợ", ["Hỗ trợ người lao động"]),
    ('"hồ Tây"', ["Dạo quanh hồ Tây"]),
    ('"Tây hồ"', []),                                                     # a phrase is the words in a row
    ("hòa giải", ["Hoà giải ở cơ sở"]),                                  # old/new tone placement, NFD text
    ("thủy lợi", ["Hoà giải ở cơ sở"]),
    ("đường", ["Đường sắt đô thị", "Dạo quanh hồ Tây"]),
    ("duong sat", ["Đường sắt đô thị"]),
    ("HỒ TÂY", ["Dạo quanh hồ Tây"]),
    ("hồ*", ["Dạo quanh hồ Tây"]),
])
def test_typed_diacritics_match_exactly(db, query, expected):
    found = titles(search(db, query))
    if expected is None:
        assert set(found) >= {"Bà Nguyễn Thị Hạnh nói về an sinh", "Thủ tục hành chính ở phường"}
    else:
        assert found == expected


def test_exact_hits_rank_first(db):
    url = "https://example.vn/bai-99.htm"
    save_article(db, "demo", {"url": url, "canonical_url": url, "title": "Hỗ trợ, hỗ trợ và hỗ trợ",
                              "sapo": "", "text": "Hỗ trợ hỗ trợ hỗ trợ; cuối bài nhắc tới hồ sơ.",
                              "published_at": "2025-02-01T08:00:00+07:00"}, [])
    assert titles(search(db, "hồ"))[0] == "Dạo quanh hồ Tây"


def test_snippets_mark_only_the_typed_word(db):
    [row] = search(db, "hồ")
    assert "**hồ**" in row["snippet"] and "**hỗ" not in row["snippet"]


def test_junk_with_diacritics_is_retried_as_plain_words(db):
    assert titles(search(db, '"hồ Tây')) == ["Dạo quanh hồ Tây"]           # unbalanced quote
    assert titles(search(db, "hồ) Tây (")) == ["Dạo quanh hồ Tây"]


def test_operators_fall_back_to_folded_matching(db):
    assert set(titles(search(db, "hồ OR hành"))) >= {"Dạo quanh hồ Tây", "Thủ tục hành chính ở phường"}


def test_matching_ids_for_coverage_and_alerts(db):
    assert len(matching_ids(db, '"hồ"')) == 1
    assert len(matching_ids(db, '"ho"')) >= 3


@pytest.mark.parametrize("a, b", [("hoà", "hòa"), ("THUỶ", "thủy"), (unicodedata.normalize("NFD", "hộ"), "hộ")])
def test_canon(a, b):
    assert canon(a) == canon(b)


@pytest.mark.parametrize("word, expected", [("hồ", True), ("ho", False), ("Đi", True), ("123", False)])
def test_has_diacritics(word, expected):
    assert has_diacritics(word) is expected and fold("Đường") == "duong"


def test_no_filter_without_diacritics():
    assert exact_filter("ho ngheo") is None and exact_filter("hồ NEAR tây") is None
