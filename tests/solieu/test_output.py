"""Rendering of observation values and rows."""
import json

import pytest

from solieu.output import format_value, render, vn_number


@pytest.mark.parametrize("obs, expected", [
    ({"value": 3.8e10, "kind": "money", "unit": "VND"}, "38 tỷ đồng"),
    ({"value": 1.2e12, "kind": "money", "unit": "VND"}, "1,2 nghìn tỷ đồng"),
    ({"value": 2.3e6, "kind": "money", "unit": "USD"}, "2,3 triệu USD"),
    ({"value": 400000, "kind": "money", "unit": "VND"}, "400.000 đồng"),
    ({"value": 0.03, "kind": "percent"}, "0,03%"),
    ({"value": 5, "value_max": 7, "kind": "percent"}, "5–7%"),
    ({"value": 1.5, "kind": "percent", "unit": "điểm phần trăm"}, "1,5 điểm phần trăm"),
    ({"value": 20, "denominator": 27, "kind": "ratio"}, "20/27"),
    ({"value": 0.25, "denominator": 1, "kind": "ratio"}, "1/4"),     # "một phần tư"
    ({"value": 2 / 3, "denominator": 1, "kind": "ratio"}, "2/3"),    # "hai phần ba"
    ({"value": 1500000, "kind": "count", "unit": "lượt"}, "1.500.000 lượt"),
    ({"value": 14491295, "kind": "measure", "unit": "ha"}, "14.491.295 ha"),
])
def test_format_value(obs, expected):
    assert format_value(obs) == expected


def test_vn_number_rounds_to_two_decimals():
    assert vn_number(1234.5) == "1.234,5"
    assert vn_number(0.333333) == "0,33"


def test_render_csv_and_json():
    rows = [{"a": 1, "b": "hộ nghèo"}, {"a": 2, "b": "x,y"}]
    assert render(rows, "csv") == 'a,b\n1,hộ nghèo\n2,"x,y"\n'
    assert json.loads(render(rows, "json", ["b"])) == [{"b": "hộ nghèo"}, {"b": "x,y"}]


def test_table_shows_scraped_markup_literally(capsys):
    from rich.console import Console

    console = Console(width=120, record=True)
    render([{"title": "Hội thảo [/b] <script>x</script> [red]đỏ[/red]"}], "table", console=console)
    text = console.export_text()
    assert "[/b]" in text and "[red]đỏ[/red]" in text
