"""nlp/timespan: period codes as spans of days, and relative periods resolved against the publication date."""
import pytest

from nlp.timespan import as_of, parse_period, resolve_relative, span_columns


@pytest.mark.parametrize("code, start, end, granularity", [
    ("2024", "2024-01-01", "2024-12-31", "year"),
    ("2021-2025", "2021-01-01", "2025-12-31", "multi-year"),
    ("2024-H1", "2024-01-01", "2024-06-30", "half"),
    ("2024-H2", "2024-07-01", "2024-12-31", "half"),
    ("2024-Q1", "2024-01-01", "2024-03-31", "quarter"),
    ("2024-Q4", "2024-10-01", "2024-12-31", "quarter"),
    ("2024-9M", "2024-01-01", "2024-09-30", "running-months"),
    ("2024-2M", "2024-01-01", "2024-02-29", "running-months"),
    ("2024-12M", "2024-01-01", "2024-12-31", "year"),
    ("2024-10", "2024-10-01", "2024-10-31", "month"),
    ("2023-06-30", "2023-06-30", "2023-06-30", "day"),
    ("2024-q2", "2024-04-01", "2024-06-30", "quarter"),
])
def test_parse_period(code, start, end, granularity):
    span = parse_period(code)
    assert (span.start.isoformat(), span.end.isoformat(), span.granularity) == (start, end, granularity)


@pytest.mark.parametrize("code", [None, "", "2024-13", "2023-02-30", "2025-2021", "2024-Q5", "quý I", "abc"])
def test_parse_period_rejects_what_is_not_a_period(code):
    assert parse_period(code) is None


def test_parse_period_type_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_period(2024)


@pytest.mark.parametrize("text, published, base, expected", [
    ("Quý I năm trước, doanh thu đạt 20 tỷ đồng", "2026-05-10", None, "2025-Q1"),
    ("quý IV năm nay dự kiến tăng", "2026-05-10", None, "2026-Q4"),
    ("Trong quý vừa qua, khách tăng 5%", "2026-05-10", None, "2026-Q1"),
    ("quý vừa qua", "2026-02-03", None, "2025-Q4"),
    ("Riêng quý này đạt 40%", "2026-08-03", None, "2026-Q3"),
    ("Đến cuối tháng 5, cả thành phố có 120 điểm", "2026-06-02", None, "2026-05-31"),
    ("đến hết tháng 11 năm ngoái", "2026-06-02", None, "2025-11-30"),
    ("cuối tháng 12", "2026-03-02", None, "2025-12-31"),  # a month still ahead is last year's
    ("Năm nay thành phố có 30 xã", "2026-06-02", None, "2026"),
    ("năm ngoái đạt 2 tỷ USD", "2026-06-02", None, "2025"),
    ("Tháng trước, chỉ số tăng 0,3%", "2026-01-15", None, "2025-12"),
    ("9 tháng đầu năm, thu đạt 300 tỷ đồng", "2026-10-05", None, "2026-9M"),
    ("6 tháng đầu năm nay", "2026-07-05", None, "2026-H1"),
    ("cùng kỳ năm trước đạt 61%", "2026-07-05", "2026-Q2", "2025-Q2"),
    ("so với cùng kỳ tăng 4%", "2026-07-05", "2026-Q2", None),  # a comparison base, not the period
    ("Hà Nội có 30 trường mới", "2026-07-05", None, None),
    ("năm nay", None, None, None),  # nothing to resolve against
])
def test_resolve_relative(text, published, base, expected):
    assert resolve_relative(text, published, base=base) == expected


def test_as_of_and_columns():
    assert as_of("2026-03-05T10:00:00+07:00").granularity == "as-of"
    assert as_of("not a date") is None
    assert span_columns(None, None) == {"period_start": None, "period_end": None, "granularity": None}
    assert span_columns(None, "2026-03-05T10:00:00+07:00")["period_end"] == "2026-03-05"
