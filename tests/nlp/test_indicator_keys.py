"""nlp.indicator_keys: stored figures re-keyed with the context extraction used."""
import pytest


@pytest.mark.parametrize("text", [
    "Thu ngân sách đạt 1.200 tỷ đồng, bằng 105% dự toán và tăng 8% so với cùng kỳ.",
    "Toàn thành phố có 1.250 trường đạt chuẩn quốc gia, chiếm 72% tổng số trường; tỷ lệ này tăng 3%.",
    "Kim ngạch xuất khẩu ước đạt 15 tỷ USD, tăng 9,5%; nhập khẩu đạt 12 tỷ USD.",
])
def test_indicator_keys_of_stored_figures_equal_the_extraction(text):
    from nlp import extract_figures, indicator_keys

    figures = extract_figures(text)
    assert figures
    assert indicator_keys([f.to_dict() for f in figures]) == [f.indicator for f in figures]


def test_indicator_keys_rejects_rows_without_a_kind():
    from nlp import indicator_keys

    with pytest.raises(ValueError):
        indicator_keys([{"text": "5%"}])
