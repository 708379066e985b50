"""nlp.places: the place a figure is about, per sentence and, in a list of places, per figure."""
import pytest

from nlp import extract_figures
from nlp.places import find_place, listed_place


@pytest.mark.parametrize("sentence, home, place", [
    ("Toàn thành phố có 5.000 hộ nghèo", "Hà Nội", "Hà Nội"),
    ("Đà Nẵng có 20 xã đạt chuẩn", "Hà Nội", "Đà Nẵng"),
    ("Tại TP. HCM, giá nhà tăng 5%", None, "TP.HCM"),
    ("Doanh thu tăng 5%", None, None),
])
def test_find_place(sentence, home, place):
    assert find_place(sentence, home) == place


@pytest.mark.parametrize("sentence, between, place", [
    ("Giá lúa ở Cần Thơ 7.200 đồng/kg, An Giang 7.000 đồng/kg.", (", An Giang ", ), "An Giang"),
    ("Hà Nội tăng 6%; tiếp đến là Thái Nguyên và Bắc Ninh với 5%.", ("; tiếp đến là Thái Nguyên và Bắc Ninh với ",), "Bắc Ninh"),
    ("Hà Nội tăng 6%, cao hơn bình quân cả nước 1,2 điểm phần trăm.", (", cao hơn bình quân cả nước ",), None),
    ("Hà Nội có 5.000 hộ nghèo, giảm 10%.", (", giảm ",), None),
])
def test_listed_place_is_the_last_named_between_two_figures(sentence, between, place):
    lo = sentence.index(between[0])
    assert listed_place(sentence, lo, lo + len(between[0])) == place


@pytest.mark.parametrize("lo, hi", [(-1, 3), (5, 2), (0, 999)])
def test_listed_place_bad_range_is_a_value_error(lo, hi):
    with pytest.raises(ValueError):
        listed_place("Hà Nội 5%, Huế 4%.", lo, hi)


def test_each_figure_of_a_list_of_places_has_its_own():
    figs = extract_figures("Tỷ lệ hộ nghèo của Lai Châu là 25%, Điện Biên 22%, Sơn La 18%; tăng 2 điểm phần trăm.")
    assert [(f.text, f.place) for f in figs] == [("25%", "Lai Châu"), ("22%", "Điện Biên"), ("18%", "Sơn La"),
                                                 ("2 điểm phần trăm", "Lai Châu")]  # no place of its own: the sentence's


def test_a_sentence_about_one_place_keeps_it_for_every_figure():
    figs = extract_figures("Năm 2024, Hà Nội có 12.000 doanh nghiệp thành lập mới, tăng 5% so với năm trước.", None,
                           "Hà Nội")
    assert [f.place for f in figs] == ["Hà Nội", "Hà Nội"]
