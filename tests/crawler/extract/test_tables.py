"""Tables -> observations: numbers, period headers, units, row labels."""
import pytest

from crawler.extract.tables import header_period, parse_number, table_observations, unit_kind


@pytest.mark.parametrize("text, decimal, expected", [
    ("1.234,5", None, 1234.5), ("41.1", None, 41.1), ("107.09", None, 107.09), ("372.752", None, 372752.0),
    ("0,03", None, 0.03), ("12,5%", None, 12.5), ("-3,2", None, -3.2), ("1,234", ".", 1234.0),
    ("-", None, None), ("", None, None), ("x", None, None), (None, None, None), (42, None, 42.0),
    ("5.378.7000.000", None, None),  # malformed in the source: not silently a valid amount
])
def test_parse_number(text, decimal, expected):
    assert parse_number(text, decimal) == expected


@pytest.mark.parametrize("header, expected", [
    ("2024", ("2024", None)), ("Năm 2023", ("2023", None)), ("Kế hoạch 2025", ("2025", "target")),
    ("KH 2025", ("2025", "target")), ("Thực hiện 2025", ("2025", "actual")), ("Ước TH 2025", ("2025", "actual")),
    ("% so KH", (None, "other")), ("So với cùng kỳ năm trước (%) — Cả năm 2024", ("2024", "change")),
    ("Quý I/2024", ("2024-Q1", None)), ("6 tháng đầu năm 2024", ("2024-H1", None)),
    ("Tháng 12/2024", ("2024-12", None)), ("Giai đoạn 2021-2025", ("2021-2025", None)), ("Ghi chú", (None, None)),
])
def test_header_period(header, expected):
    assert header_period(header) == expected


@pytest.mark.parametrize("unit, expected", [
    ("Tỷ đồng", ("money", "VND", 1e9)), ("triệu USD", ("money", "USD", 1e6)), ("%", ("percent", None, 1.0)),
    ("người", ("count", "người", 1.0)), ("", ("count", None, 1.0)),
])
def test_unit_kind(unit, expected):
    assert unit_kind(unit) == expected


def _by(obs):
    return {(o["subject"], o["period"], o["qualifier"]): o for o in obs}


def test_plan_table_with_unit_column():
    rows = [["Chỉ tiêu", "Đơn vị tính", "Kế hoạch 2025", "Thực hiện 2025", "% so KH"],
            ["Thu ngân sách", "Tỷ đồng", "500.000", "520.100", "104,0"],
            ["Số trường đạt chuẩn", "trường", "2.000", "2.010", "100,5"]]
    obs, headers = table_observations(rows, page=4, title="Bảng 2")
    by = _by(obs)
    assert by[("Thu ngân sách", "2025", "target")]["value"] == 500_000e9
    assert by[("Thu ngân sách", "2025", "actual")]["unit"] == "VND"
    assert by[("Số trường đạt chuẩn", "2025", "actual")]["value"] == 2010
    assert by[("Số trường đạt chuẩn", "2025", "actual")]["unit"] == "trường"
    assert by[("Thu ngân sách", None, "other")]["kind"] == "percent"
    assert all(o["page"] == 4 for o in obs) and len(obs) == 6
    assert headers[2] == "Kế hoạch 2025"


def test_year_rows_and_a_sparse_first_column():
    rows = [["", "2022", "2023"], ["Tháng 1", "", "163"], ["Tháng 9", "38", "41.721"], ["Tổng", "8.701", "205.489"]]
    obs, _ = table_observations(rows, page=2, title="Số hợp đồng điện tử")
    got = {(o["period"], o["value"]) for o in obs}
    assert ("2023-01", 163) in got and ("2022-09", 38) in got and ("2023-09", 41721) in got
    assert ("2022", 8701) in got and ("2022-01", 163) not in got  # the empty cell shifts nothing
    assert {o["subject"] for o in obs} == {"Số hợp đồng điện tử"}


def test_repeated_year_header_and_decimal_point_table():
    rows = [["Năm", "2010", "2011"], ["Cả nước", "740", "848"], ["Năm", "2021", "2022"], ["Cả nước", "45.2", "41.1"]]
    obs, _ = table_observations(rows, title="Ngân sách (Đơn vị tính: Tỷ đồng)")
    got = {(o["period"], o["value"]) for o in obs}
    assert got == {("2010", 740e9), ("2011", 848e9), ("2021", 45.2e9), ("2022", 41.1e9)}  # 41.1, not 411


def test_multi_row_header_joins_fragments():
    rows = [["", "So với cùng kỳ (%)", "So với cùng kỳ (%)"], ["", "Quý IV", "Cả"], ["", "năm", "năm"],
            ["", "2024", "2024"], ["TỔNG SỐ", "107.55", "107.09"]]
    obs, headers = table_observations(rows, decimal=".")
    assert headers[2] == "So với cùng kỳ (%) — Cả năm 2024"
    assert {(o["period"], o["value"], o["qualifier"]) for o in obs} == {("2024-Q4", 107.55, "change"),
                                                                        ("2024", 107.09, "change")}


def test_a_table_without_headers_gives_nothing():
    assert table_observations([["a", "b"], ["c", "d"]]) == ([], None)


def test_growth_rate_rows_are_changes():
    rows = [["Chỉ tiêu", "Đơn vị", "2023", "2024"], ["Tốc độ tăng tổng sản phẩm", "%", "6,3", "6,5"],
            ["Số hộ được hỗ trợ", "hộ", "1.200", "1.350"]]
    obs, _ = table_observations(rows)
    quals = {(o["subject"], o["period"]): o["qualifier"] for o in obs}
    assert quals[("Tốc độ tăng tổng sản phẩm", "2024")] == "change"
    assert quals[("Số hộ được hỗ trợ", "2024")] == "actual"
