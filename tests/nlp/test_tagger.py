"""underthesea runs at most once per sentence: figures and entities share nlp.tagger's cached POS tags."""
import pytest

import nlp.tagger as tagger
from nlp import extract_figures
from nlp.entities import extract_entities

TEXT = ("Năm 2024, Tòa án nhân dân quận Cầu Giấy đã tổ chức 1.120 phiên tòa trực tuyến. "
        "Có 26.000 học sinh và 1.200 giáo viên tham gia tại quận Ba Đình.")


@pytest.fixture
def pos_calls(monkeypatch):
    calls = []
    real = tagger._pos_fn()

    def counting(text):
        calls.append(text)
        return real(text)

    monkeypatch.setitem(tagger._STATE, "fn", counting)
    _clear()
    yield calls
    _clear()


def _clear():
    tagger._tag.cache_clear()
    tagger._tagged.cache_clear()
    tagger._SEEDED.clear()


def test_figures_alone_tag_the_sentences_they_need(pos_calls):
    figures = extract_figures(TEXT)
    assert {f.text for f in figures} >= {"26.000 học sinh", "1.200 giáo viên"}
    assert pos_calls  # unknown unit nouns need POS tags


def test_after_entities_figures_tag_nothing_again(pos_calls):
    alone = [(f.text, f.subject) for f in extract_figures(TEXT)]
    _clear()
    pos_calls.clear()
    entities = extract_entities(TEXT)
    assert any(e.text == "quận Ba Đình" for e in entities)
    tagged_by_entities = list(pos_calls)
    assert tagged_by_entities
    assert [(f.text, f.subject) for f in extract_figures(TEXT)] == alone
    assert pos_calls == tagged_by_entities  # the figure extractor tagged nothing again
    assert len(set(pos_calls)) == len(pos_calls)  # and each sentence was tagged once


def test_entity_sentences_do_not_split_inside_numbers(pos_calls):
    extract_entities(TEXT)
    assert any("1.120 phiên" in s for s in pos_calls)


def test_kept_tags_record_what_the_figures_needed(pos_calls):
    with tagger.kept_tags() as kept:
        figures = [(f.text, f.subject) for f in extract_figures(TEXT)]
    assert kept and len(kept) == len(set(pos_calls))
    assert all(isinstance(k, str) and len(k) == 16 for k in kept)
    _clear()
    pos_calls.clear()
    with tagger.kept_tags(kept) as again:
        assert [(f.text, f.subject) for f in extract_figures(TEXT)] == figures
    assert pos_calls == []  # every sentence answered from the kept tags: the model never ran
    assert again == kept  # and the record is the same, so nothing needs writing back


def test_kept_tags_are_recorded_even_from_the_cache(pos_calls):
    extract_figures(TEXT)  # the spans are cached now
    with tagger.kept_tags() as kept:
        extract_figures(TEXT)
    assert kept and len(pos_calls) == len(kept)


def test_kept_tags_of_other_sentences_are_not_used(pos_calls):
    with tagger.kept_tags({tagger.sentence_key("Một câu khác hẳn."): [["Một", "M"]]}):
        extract_figures(TEXT)
    assert pos_calls  # the model tagged the sentences it had no kept tags for


@pytest.mark.parametrize("bad", [None, 12, b"bytes"])
def test_sentence_key_rejects_non_text(bad):
    with pytest.raises(ValueError):
        tagger.sentence_key(bad)


def test_a_name_s_number_read_into_a_subject_asks_no_tags(pos_calls):
    figures = extract_figures("Nhà máy nước công suất 15.000 m3/ngày đêm đã hoàn thành giai đoạn 1 vào tháng 2 năm nay.")
    assert [f.text for f in figures] == ["15.000 m3/ngày đêm"]
    assert pos_calls == []  # "giai đoạn 1 vào …": the stop word after the number ends the phrase untagged
