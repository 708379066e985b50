"""solieu/series_chart and charts helpers: lines per qualifier and granularity, Vietnamese numbers, gaps."""
import pytest

from solieu.charts import fill_periods
from solieu.output import format_value, vn_number
from solieu.series_chart import axis_scale, series_lines, svg_series, tick


def fact(period, start, end, value, qualifier="actual", granularity="quarter", articles=1, kind="money", unit="VND"):
    return {"period": period, "period_start": start, "period_end": end, "value": value, "qualifier": qualifier,
            "granularity": granularity, "articles": articles, "observations": articles, "kind": kind, "unit": unit,
            "conflict": 0, "sources": [{"article_id": 1, "source": "a", "url": "http://x/1", "title": "t",
                                        "published_at": "2025-07-01"}]}


FACTS = [
    fact("2025-Q1", "2025-01-01", "2025-03-31", 1.824e14),
    fact("2025-Q2", "2025-04-01", "2025-06-30", 1.397e14),
    fact("2025-Q4", "2025-10-01", "2025-12-31", 1.5e14),                       # Q3 missing: a gap
    fact("2025", "2025-01-01", "2025-12-31", 5.12e14, granularity="year"),
    fact("2026", "2026-01-01", "2026-12-31", 5.5e14, qualifier="target", granularity="year"),
]


def test_one_line_per_qualifier_and_granularity():
    lines = series_lines(FACTS)
    assert [(ln.qualifier, ln.granularity, len(ln.points)) for ln in lines] == [
        ("actual", "quarter", 3), ("actual", "year", 1), ("target", "year", 1)]
    assert [len(run) for run in lines[0].segments()] == [2, 1]  # the missing quarter breaks the line
    assert lines[2].dashed and not lines[0].dashed


def test_conflicting_values_for_one_period_keep_the_best_sourced_on_the_line():
    lines = series_lines([fact("2025-Q2", "2025-04-01", "2025-06-30", 6.9e6, articles=1, kind="count", unit="lượt"),
                          fact("2025-Q2", "2025-04-01", "2025-06-30", 7.2e6, articles=3, kind="count", unit="lượt")])
    assert [v for _, v, _ in lines[0].points] == [7.2e6] and [v for _, v, _ in lines[0].alternatives] == [6.9e6]


def test_svg_uses_vietnamese_numbers_and_a_scale_word():
    svg = svg_series(series_lines(FACTS), "thu ngân sách", "money", "VND")
    assert "nghìn tỷ đồng" in svg and "182,4 nghìn tỷ đồng" in svg and "e+" not in svg
    assert svg.count("<polyline") == 1  # Q1-Q2 joined; Q4 alone, the year and the target are single points
    assert axis_scale(series_lines(FACTS), "money", "VND") == (1e12, "nghìn tỷ đồng")


@pytest.mark.parametrize("value, text", [(1234.0, "1.234"), (123.45, "123,5"), (7.4, "7,4"), (0.05, "0,05"), (120000.0, "120.000"),
                                         (-2.5, "-2,5")])
def test_ticks(value, text):
    assert tick(value) == text


@pytest.mark.parametrize("obs, text", [
    ({"value": 1.2e12, "kind": "money", "unit": "VND"}, "1,2 nghìn tỷ đồng"),
    ({"value": 7.4, "kind": "percent"}, "7,4%"),
    ({"value": 1.0e16, "kind": "money", "unit": "VND"}, "10.000 nghìn tỷ đồng"),
])
def test_values_never_in_scientific_notation(obs, text):
    assert format_value(obs) == text and "e+" not in vn_number(obs["value"])


@pytest.mark.parametrize("periods, by, expected", [
    (["2024-11", "2025-02"], "month", ["2024-11", "2024-12", "2025-01", "2025-02"]),
    (["2024-W52", "2025-W02"], "week", ["2024-W52", "2025-W01", "2025-W02"]),
    (["2024-02-28", "2024-03-01"], "day", ["2024-02-28", "2024-02-29", "2024-03-01"]),
    (["2024-05"], "month", ["2024-05"]),
])
def test_coverage_periods_fill_empty_ones(periods, by, expected):
    assert fill_periods(periods, by) == expected
