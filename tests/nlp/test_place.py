"""nlp/place: places normalised with vietnam-provinces (2025 reorganisation), home place and dateline fallbacks."""
import pytest

from nlp.place import NATION, dateline_place, normalize_place, observation_place


@pytest.mark.parametrize("name, province, area", [
    ("Hà Nội", "Hà Nội", None),
    ("Thành phố Hà Nội", "Hà Nội", None),
    ("TP.HCM", "TP. Hồ Chí Minh", None),
    ("tỉnh Bắc Giang", "Bắc Ninh", "Bắc Giang (cũ)"),       # merged into Bắc Ninh in 2025
    ("Hà Giang", "Tuyên Quang", "Hà Giang (cũ)"),
    ("Bình Dương", "TP. Hồ Chí Minh", "Bình Dương (cũ)"),
    ("Thừa Thiên Huế", "Huế", None),
    ("Đà Nẵng", "Đà Nẵng", None),
    ("cả nước", NATION, None),
])
def test_normalize_place(name, province, area):
    p = normalize_place(name)
    assert (p.province, p.area) == (province, area)


@pytest.mark.parametrize("name", [None, "", "Sao Hỏa", "xyz"])
def test_unknown_places_are_none(name):
    assert normalize_place(name) is None


@pytest.mark.parametrize("sentence, home, province, area, how", [
    ("Toàn thành phố còn 690 hộ nghèo.", "Hà Nội", "Hà Nội", None, "home"),
    ("Thu ngân sách đạt 500 tỷ đồng.", "Hà Nội", "Hà Nội", None, "home"),
    ("Đà Nẵng đón 1,2 triệu lượt khách.", "Hà Nội", "Đà Nẵng", None, "sentence"),
    ("Năm 2024, tỉnh Hải Dương có 30 cụm công nghiệp.", "Hà Nội", "Hải Phòng", "Hải Dương (cũ)", "sentence"),
    ("Cả nước có 1,9% hộ nghèo.", "Hà Nội", NATION, None, "nation"),
    ("Xuất khẩu của Việt Nam đạt 400 tỷ USD.", "Hà Nội", NATION, None, "nation"),
    ("Mỗi Bà mẹ Việt Nam anh hùng được tặng 2 triệu đồng.", "Hà Nội", "Hà Nội", None, "home"),
    ("Thái Bình Dương có 3 đợt bão.", "Hà Nội", "Hà Nội", None, "home"),  # not the old Thái Bình province
    ("Phường Cầu Giấy có 12 điểm trông giữ xe.", "Hà Nội", "Hà Nội", "Phường Cầu Giấy", "home"),
    ("Huyện Sóc Sơn có 26 xã.", "Hà Nội", "Hà Nội", "huyện Sóc Sơn", "home"),  # former district kept as area
    ("Có 26 trường mới.", None, None, None, None),
])
def test_observation_place(sentence, home, province, area, how):
    p = observation_place(sentence, home)
    got = (p.province, p.area, p.how) if p else None
    assert got == ((province, area, how) if province else None)


def test_dateline_before_home_place():
    line = dateline_place("ĐÀ NẴNG - Sáng nay, thành phố khai trương cầu mới.")
    assert line.province == "Đà Nẵng" and line.how == "dateline"
    assert observation_place("Cây cầu dài 1,2 km.", "Hà Nội", line).province == "Đà Nẵng"
    assert observation_place("Toàn thành phố có 5 cầu.", "Hà Nội", line).province == "Đà Nẵng"  # the dateline's city
    assert dateline_place("Theo báo cáo - năm nay") is None and dateline_place(None) is None


def test_not_a_string_is_a_value_error():
    with pytest.raises(ValueError):
        observation_place(None)
