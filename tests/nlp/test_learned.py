"""The learned layer: candidate spans, the committed model file, references, the guide's fixed qualifier cases."""
from __future__ import annotations

import pytest

from nlp import learned
from nlp.qualifier import settle
from nlp.reference import find_reference, sentence_reference
from nlp.sentences import fold
from nlp.spans import LEX_FIELDS, span_text, tokenize


def _figs(text: str, *figures: str) -> tuple[tuple[int, int], ...]:
    return tuple((text.index(f), text.index(f) + len(f)) for f in figures)


def test_spans_stay_inside_a_segment_and_skip_blocked_edges():
    text = "Doanh thu của hợp tác xã đạt 12 tỷ đồng; lợi nhuận tăng 5%."
    s = tokenize(text, fold(text), block_start=frozenset({"của"}), block_end=frozenset({"của"}),
                 figs=_figs(text, "12 tỷ đồng", "5%"))
    spans = {span_text(s, i, j) for i, j in s.spans}
    assert "Doanh thu" in spans and "hợp tác xã" in spans and "lợi nhuận" in spans
    assert not any(t.startswith("của") or t.endswith("của") for t in spans)
    assert not any(";" in t or "12" in t or "5" in t for t in spans)


def test_a_span_may_begin_at_the_unit_and_hold_numbers_that_are_no_figure():
    text = "Năm nay có 5.000 hộ nghèo được hỗ trợ, tiêm mũi 4 đạt 70%."
    s = tokenize(text, fold(text), figs=_figs(text, "5.000 hộ", "70%"))
    spans = {span_text(s, i, j) for i, j in s.spans}
    assert "hộ nghèo" in spans and "hộ nghèo được hỗ trợ" in spans and "mũi 4" in spans
    assert not any("5.000" in t or "70" in t for t in spans)
    text = "Chỉ số giá tiêu dùng (CPI) tháng 11 tăng 0,3% (tức 3 điểm)."
    s = tokenize(text, fold(text), figs=_figs(text, "0,3%"))
    spans = {span_text(s, i, j) for i, j in s.spans}
    assert "Chỉ số giá tiêu dùng (CPI)" in spans and "Chỉ số giá tiêu dùng (CPI) tháng 11" in spans
    assert not any("(tức" in t or t.startswith("(") for t in spans)


def test_committed_model_loads_once_and_has_both_heads():
    learned.set_model(None)
    m = learned.load_model()
    assert m["subject"]["w"] and m["qualifier"]["classes"]
    assert all(len(row) == len(LEX_FIELDS) for row in m["subject"]["lex"].values())
    assert set(m["qualifier"]["classes"]) <= {"actual", "target", "change", "other"}
    assert learned.load_model() is m


def test_without_a_model_the_rules_answer():
    learned.set_model({})
    try:
        items = [learned.Item(0, 5, "percent", None, "hộ nghèo", "actual")]
        assert learned.refine("12,5% hộ nghèo", "12,5% hộ nghèo", items) == [("hộ nghèo", "actual")]
    finally:
        learned.set_model(None)


@pytest.mark.parametrize("text, figure, left, expected", [
    ("Thu ngân sách đạt 1.200 tỷ đồng, bằng 95% kế hoạch năm.", "95%", "bằng ", "kế hoạch năm"),
    ("Doanh thu tăng 7,4% so với cùng kỳ năm trước.", "7,4%", "Doanh thu tăng ", "cùng kỳ năm trước"),
    ("Giá điện tăng 3% so với tháng trước và 9% so với cùng kỳ.", "3%", "Giá điện tăng ", "tháng trước"),
    ("So với tháng trước tăng 0,5%, chỉ số giá giảm nhẹ.", "0,5%", "So với tháng trước tăng ", "tháng trước"),
    ("Lợi nhuận đạt 40 tỷ đồng (+12% YoY).", "+12%", "(", "YoY"),
    ("Nhóm này chiếm 35% tổng kim ngạch xuất khẩu, tăng nhẹ.", "35%", "Nhóm này chiếm ", "tổng kim ngạch xuất khẩu"),
    ("Tỷ lệ hộ nghèo còn 1,2% vào cuối năm.", "1,2%", "Tỷ lệ hộ nghèo còn ", None),
    ("Dư nợ tăng 14% về số tiền so với cùng kỳ năm 2019.", "14%", "Dư nợ tăng ", "cùng kỳ năm 2019"),
    ("Số người tham gia chiếm 42% lực lượng lao động.", "42%", "Số người tham gia chiếm ", None),  # a share, no base
    ("Bội chi ngân sách bằng 3,6% GDP.", "3,6%", "Bội chi ngân sách bằng ", None),
])
def test_reference(text, figure, left, expected):
    a = text.index(figure)
    assert find_reference(text, fold(text), a, a + len(figure), len(text), fold(left)) == expected


def test_sentence_head_reference_reaches_every_change():
    from nlp import extract_figures

    text = "So với cùng kỳ, số vụ cháy giảm 12 vụ, số người bị thương giảm 5 người."
    assert sentence_reference(text, fold(text)) == "cùng kỳ"
    figs = extract_figures(text)
    assert [f.reference for f in figs] == ["cùng kỳ", "cùng kỳ"]


@pytest.mark.parametrize("qual, kind, left, ref, is_range, expected", [
    ("actual", "money", "mức phạt tiền tối đa là ", None, False, "other"),
    ("actual", "money", "mức giảm trừ gia cảnh cho người nộp thuế là ", None, False, "other"),
    ("actual", "percent", "ngưỡng an toàn nợ công là ", None, False, "other"),
    ("actual", "money", "người vi phạm bị phạt tiền từ ", None, True, "other"),
    ("actual", "money", "mức lương cơ sở tăng từ ", None, False, "other"),  # the ends of a set level's move
    ("actual", "percent", "thuế suất thuế giá trị gia tăng được giảm từ 10% xuống ", None, False, "other"),
    ("change", "money", "mức lương cơ sở tăng ", None, False, "change"),  # the move itself
    ("actual", "count", "để hoàn thành chỉ tiêu, tỉnh cần tạo việc làm cho ", None, False, "target"),
    ("actual", "percent", "mục tiêu đến năm 2030 tỷ lệ đô thị hóa đạt ", None, False, "target"),
    ("target", "percent", "vốn đầu tư công giải ngân đạt ", "kế hoạch", False, "actual"),
    ("change", "percent", "doanh thu vượt ", "kế hoạch", False, "change"),
    ("actual", "count", "mục tiêu năm nay đã đạt ", None, False, "actual"),
])
def test_settle(qual, kind, left, ref, is_range, expected):
    assert settle(qual, kind, left, ref, is_range) == expected


@pytest.mark.parametrize("text, value", [
    ("Số ca mắc giảm gần một nửa so với năm trước.", 0.5),
    ("Một phần ba số xã đã đạt chuẩn.", 1 / 3),
    ("Hai phần ba số hộ đã có nước sạch.", 2 / 3),
])
def test_fraction_words_are_fractions(extract, text, value):
    (f,) = extract(text)
    assert f.kind == "ratio" and f.value == pytest.approx(value) and f.denominator == 1.0


def test_percent_of_plan_keeps_the_measured_subject(extract):
    figs = extract("Năm nay tỉnh giải quyết việc làm cho 25.000 lao động, đạt 110% kế hoạch năm.")
    pct = next(f for f in figs if f.kind == "percent")
    assert pct.reference == "kế hoạch năm" and pct.qualifier == "actual"
    assert pct.subject and "kế hoạch" not in pct.subject


def test_suspect_subjects_get_a_second_look():
    """Names joined by "và", a place phrase and a clause with "thì" are not what a figure measures."""
    from nlp.gate import suspect

    assert suspect("Nam Định và Ninh Bình") and suspect("địa bàn huyện") and suspect("toàn huyện")
    assert suspect("trường hợp đặc biệt thì")
    assert not suspect("giá cà phê xuất khẩu") and not suspect("hộ nghèo")


def _toy_model(**subject) -> dict:
    """A hand-made model: spans that begin with "vàng" score 20 more, spans that end at "nhẫn" 1 more."""
    return {"vocab": ["vàng", "giá", "nhẫn"], "qualifier": {"classes": ["actual"], "w": {"actual": {}}, "margin": 2.0},
            "subject": {"w": {"f=vàng": 20.0, "l=nhẫn": 1.0}, "margin": 1.0, "gate": True, "lex": {}, **subject}}


@pytest.mark.parametrize("subject, expected", [
    ({}, "giá vàng nhẫn"),                                                  # sure: never looked at again
    ({"sure_margin": 4.0, "sure_lex": -1.0}, "giá vàng nhẫn"),              # sure, its edge words unremarkable
    ({"sure_margin": 4.0, "sure_lex": -1.0, "lex": {"giá": [-3.0, 0.0, 0.0, 0.0, 0.0]}}, "vàng nhẫn"),  # doubtful
    ({"sure_margin": 4.0, "sure_lex": None}, "vàng nhẫn"),                  # every sure subject looked at
    ({"sure_margin": 40.0, "sure_lex": None}, "giá vàng nhẫn"),             # looked at, not far surer
])
def test_a_sure_subject_yields_only_when_doubtful_and_far_outscored(subject, expected):
    from nlp import extract_figures

    text = "Chiều nay giá vàng nhẫn đạt 150 triệu đồng/lượng."
    learned.set_model(None)
    assert [f.subject for f in extract_figures(text)] == ["giá vàng nhẫn"]  # the rules' (and committed) answer
    try:
        learned.set_model(_toy_model(**subject))
        assert [f.subject for f in extract_figures(text)] == [expected]
    finally:
        learned.set_model(None)
