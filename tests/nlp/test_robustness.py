import time

from hypothesis import given, settings
from hypothesis import strategies as st

from nlp import extract_figures
from nlp.figure import KINDS, QUALIFIERS
from nlp.sentences import nfc

import pytest


@pytest.mark.parametrize("text", [
    "", " ", "1" * 1_000_000, "((((( 5% [[[ 7 tỷ đồng", "<p>Doanh thu đạt <b>5 tỷ đồng</b>&nbsp;tăng 3%</p>",
    "😀 tỷ lệ 5% 😀 中文 12 người русский 3 hộ", "Tỷ lệ hộ nghèo còn 2%".encode("utf-8").decode("utf-8"),
    "-" * 10000 + "5%", "5/" * 5000, "tăng " * 20000 + "3%",
])
def test_no_crash_and_bounded(text):
    t0 = time.perf_counter()
    figs = extract_figures(text)
    assert time.perf_counter() - t0 < 20
    assert isinstance(figs, list)


def test_nfd_offsets_index_nfc():
    import unicodedata
    text = unicodedata.normalize("NFD", "Tỷ lệ hộ nghèo giảm còn 1,25%.")
    figs = extract_figures(text)
    assert len(figs) == 1
    assert nfc(text)[figs[0].start:figs[0].end] == "1,25%"


def test_bad_argument_type():
    with pytest.raises(ValueError):
        extract_figures(None)  # type: ignore[arg-type]


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789.,/%-– ()ađồngtỷlệhộngườixãquýtháng năm")), max_size=120))
def test_property_figures_well_formed(text):
    figs = extract_figures(text)
    norm = nfc(text)
    for f in figs:
        assert f.kind in KINDS and f.qualifier in QUALIFIERS
        assert 0 <= f.start < f.end <= len(norm)
        assert norm[f.start:f.end] == f.text
        assert f.value == f.value  # not NaN
