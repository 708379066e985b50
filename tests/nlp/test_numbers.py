import pytest

from nlp.numbers import is_year, match_scale, parse_number


@pytest.mark.parametrize("raw, expected", [
    ("1.234,5", 1234.5), ("0,03", 0.03), ("12.472", 12472.0), ("14.491.295", 14491295.0), ("33.133,54", 33133.54),
    ("2.5", 2.5), ("1,234,567", 1234567.0), ("1,234,567.8", 1234567.8), ("02", 2.0), ("1991", 1991.0),
    ("31.12.2025", None), ("024.3825", None), ("0912345678", None), ("", None),
])
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize("tail, mult", [
    (" nghìn tỷ đồng", 1e12), (" triệu tỉ đồng", 1e15), (" tỷ USD", 1e9), (" ngàn người", 1e3), (" người", 1.0),
])
def test_match_scale(tail, mult):
    assert match_scale(tail.lower(), 0)[0] == mult


def test_bad_type():
    with pytest.raises(ValueError):
        parse_number(5)


def test_is_year():
    assert is_year("2024") and not is_year("1234") and not is_year("20245")
