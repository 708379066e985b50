import pytest

from nlp.periods import assign_period, find_periods
from nlp.sentences import fold


@pytest.mark.parametrize("text, expected", [
    ("cuối năm 2022", "2022"), ("6 tháng đầu năm 2023", "2023-H1"), ("quý III/2022", "2022-Q3"),
    ("quý 2 năm 2021", "2021-Q2"), ("tháng 9/2023", "2023-09"), ("tháng 4 năm 2020", "2020-04"),
    ("9 tháng năm 2022", "2022-9M"), ("3 tháng đầu năm 2021", "2021-Q1"), ("sáu tháng đầu năm 2024", "2024-H1"), ("giai đoạn 2016-2020", "2016-2020"), ("tính đến ngày 31/3/2024", "2024-03-31"),
    ("tháng 12-2023", "2023-12"), ("quý II", None), ("tháng 8", None), ("nửa đầu năm 2021", "2021-H1"),
])
def test_period_values(text, expected):
    ps = find_periods(fold(text))
    assert ps and ps[0].value == expected


def test_year_relative_needs_published():
    assert find_periods(fold("4 tháng đầu năm nay"))[0].value is None
    assert find_periods(fold("4 tháng đầu năm nay"), "2022-05-10T08:00:00")[0].value == "2022-4M"


def test_comparison_base_is_excluded():
    ps = find_periods(fold("tăng 5% so với cùng kỳ năm 2021"))
    assert ps[0].excluded


@pytest.mark.parametrize("text, excluded", [
    ("giảm 800 ha so với vụ đông năm 2019", True), ("tăng 6% so với thực hiện năm 2023", True),
    ("giảm 12% so với cùng kì năm 2019", True),
    ("đạt 97% so với kế hoạch năm 2024", False),  # the plan of the figure's own year
])
def test_a_base_named_before_its_year_is_excluded(text, excluded):
    assert find_periods(fold(text))[0].excluded is excluded


def test_assign_nearest_and_attached():
    s = fold("Tỷ lệ che phủ rừng tăng từ 40% năm 2015 lên 42% năm 2020")
    ps = find_periods(s)
    a = s.index("40%")
    b = s.index("42%")
    assert assign_period(ps, a, a + 3, b, s) == "2015"
    assert assign_period(ps, b, b + 3, len(s), s) == "2020"


def test_bracketed_period_right_after_each_figure():
    s = fold("Tỷ lệ hộ dùng nước giếng giảm từ 61% (năm 2012) xuống 44% (năm 2019).")
    ps = find_periods(s)
    a, b = s.index("61%"), s.index("44%")
    assert assign_period(ps, a, a + 3, b, s) == "2012"
    assert assign_period(ps, b, b + 3, len(s), s) == "2019"


def test_base_figure_in_brackets_takes_the_base_year():
    from nlp import extract_figures

    figs = extract_figures("Sản lượng điện tăng 4,2% (cùng kỳ năm 2022 tăng 3,1%).")
    assert [f.period for f in figs] == [None, "2022"]


def test_crop_season_year():
    assert find_periods(fold("sản lượng lúa vụ xuân 2023 đạt 500.000 tấn"))[0].value == "2023"


@pytest.mark.parametrize("text, value, excluded", [
    ("từ đầu năm 2023 đến nay đã hỗ trợ", "2023", False),  # a running total of the year
    ("từ năm 2010 đến nay đã hỗ trợ", "2010", True),  # years on end: no one period
    ("trong đợt cao điểm (20.9 - 15.10.2023)", "2023", False),  # a range of days written with dots
])
def test_since_and_dotted_day_ranges(text, value, excluded):
    p = find_periods(fold(text))[0]
    assert (p.value, p.excluded) == (value, excluded)


@pytest.mark.parametrize("text, periods", [
    # "đến nay" is now, unless it closes a "từ …" span; "mức hiện hành" is the current level ("giá hiện hành" is not)
    ("Giai đoạn 2021-2025 tỉnh phấn đấu có 400 sản phẩm; đến nay đã có 310 sản phẩm.", ["2021-2025", None]),
    ("Từ đầu năm 2023 đến nay huyện ghi nhận 45 ca sốt xuất huyết.", ["2023"]),
    ("Từ ngày 1/7/2026 mức trợ cấp là 3 triệu đồng, cao hơn mức hiện hành là 2,5 triệu đồng.",
     ["2026-07-01", None]),
])
def test_now_words(text, periods):
    from nlp import extract_figures

    assert [f.period for f in extract_figures(text)] == periods
