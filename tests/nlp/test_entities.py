"""nlp/entities: NER spans cleaned up, organisation heads, watchlist aliases, cheap sentence filter."""
import unicodedata

import pytest

from nlp.entities import (MAX_SENTENCE, Entity, WatchName, entity_key, extract_entities, match_watchlist, resolve,
                          worth_tagging)

LDTBXH = WatchName("Sở Lao động - Thương binh và Xã hội Hà Nội", "organization",
                   ("Sở LĐ-TB&XH Hà Nội", "Sở LĐTBXH Hà Nội"))


def fake_ner(calls):
    """A stand-in tagger: whitespace tokens, capitalised runs tagged PER after 'ông', LOC otherwise."""
    def tag(sentence):
        calls.append(sentence)
        out, prev, inside = [], "", None
        for w in sentence.replace(",", " ,").replace(".", " .").split():
            if w[:1].isupper() and prev not in ("", "."):
                label = inside or ("PER" if prev.lower() in ("ông", "bà") else "LOC")
                out.append((w, "Np", "B-NP", ("I-" if inside else "B-") + label))
                inside = label
            else:
                out.append((w, "N", "B-NP", "O"))
                inside = None
            prev = w
        return out
    return tag


def test_only_sentences_with_inner_capitals_are_tagged():
    calls = []
    text = "Giá rau tăng mạnh. Theo ông Nguyễn Văn Hòa, giá sẽ giảm. không có tên nào ở đây."
    ents = extract_entities(text, ner=fake_ner(calls))
    assert len(calls) == 1 and "Nguyễn" in calls[0]
    assert [(e.kind, e.text) for e in ents] == [("person", "Nguyễn Văn Hòa")]
    assert text[ents[0].start:ents[0].end] == "Nguyễn Văn Hòa"


def test_long_sentences_are_cut():
    calls = []
    extract_entities("Theo Hà Nội " + "rất " * 400 + ".", ner=fake_ner(calls))
    assert calls and all(len(c) <= MAX_SENTENCE for c in calls)


def test_worth_tagging():
    assert worth_tagging("Theo Sở Y tế, số ca giảm.")
    assert not worth_tagging("Theo số liệu mới, số ca giảm.")
    assert not worth_tagging("")


@pytest.fixture(scope="module")
def real():
    pytest.importorskip("underthesea")
    return extract_entities


def test_real_model_people_places_and_organisations(real):
    text = ("Chiều 28/2, tại hội nghị của Thành ủy Hà Nội, đại diện Sở Lao động - Thương binh và Xã hội Hà Nội "
            "cho biết thành phố còn 690 hộ nghèo. Ông Lê Văn Minh, Chủ tịch UBND quận Ba Đình và Bộ Tài chính, nói.")
    got = {(e.kind, e.text) for e in real(text)}
    assert ("organization", "Sở Lao động - Thương binh và Xã hội Hà Nội") in got
    assert ("organization", "Thành ủy Hà Nội") in got
    assert ("person", "Lê Văn Minh") in got
    assert ("organization", "Bộ Tài chính") in got
    assert not any(t.startswith("hội nghị") for _, t in got)


def test_real_model_drops_numerals_codes_and_acronyms(real):
    got = {e.text for e in real("GRDP quý I/2024 của Hà Nội tăng. Theo Quyết định 12/QĐ-UBND, phía Tây có mưa.")}
    assert "Hà Nội" in got
    assert not got & {"I", "GRDP", "QĐ-UBND", "Tây"}


def test_watchlist_aliases_any_case_form_and_tone():
    text = ("Sở LĐ-TB&XH Hà Nội cho biết; " + unicodedata.normalize("NFD", "sở lao động - thương binh và xã hội hà nội")
            + " cũng vậy. Sở LĐTBXH  Hà Nội nữa.")
    hits = match_watchlist(text, [LDTBXH])
    assert len(hits) == 3 and {h.name for h in hits} == {LDTBXH.name} and all(h.watch for h in hits)
    hoa = WatchName("Nguyễn Văn Hòa", "person")
    assert match_watchlist("Ông Nguyễn Văn Hoà phát biểu.", [hoa])[0].name == "Nguyễn Văn Hòa"
    assert match_watchlist("Ông Nguyễn Văn Hoàng phát biểu.", [hoa]) == []  # whole words only


def test_resolve_gives_canonical_names():
    ents = [Entity("Sở LĐTBXH Hà Nội", "organization", 0, 17), Entity("Cầu Giấy", "place", 20, 28)]
    got = resolve(ents, [LDTBXH])
    assert (got[0].name, got[0].watch) == (LDTBXH.name, True)
    assert (got[1].name, got[1].watch) == (None, False)


def test_entity_key():
    assert entity_key("Sở LĐ-TB&XH  Hà Nội") == "so ld tb&xh ha noi"
    assert entity_key(unicodedata.normalize("NFD", "Hoà")) == entity_key("Hòa") == "hoa"


def test_lead_only_ner_but_watchlist_everywhere(real):
    from nlp.watchlist import article_entities

    body = "\n".join([
        "Sáng nay, quận Hoàng Mai tổ chức hội nghị về giảm nghèo.",
        "Hoàng Mai đặt mục tiêu không còn hộ nghèo vào năm sau.",
        "Nhiều hộ đã có việc làm ổn định.",
        "Tại buổi gặp, anh Trần Văn Bình kể về cửa hàng nhỏ của mình.",
        "Đại diện Sở LĐTBXH Hà Nội cũng tham dự buổi gặp.",
    ])
    rows = article_entities({"title": "Hoàng Mai giảm nghèo", "sapo": "", "text": body}, [LDTBXH])
    got = {(r["kind"], r["name"]): r for r in rows}
    assert ("organization", LDTBXH.name) in got and got[("organization", LDTBXH.name)]["watch"]  # 5th paragraph
    assert not any(r["kind"] == "person" for r in rows)  # 4th paragraph, no attribution: NER does not read it
    place = got[("place", "Hoàng Mai")]  # "quận Hoàng Mai" and "Hoàng Mai" are one place, never a person
    assert place["mentions"] >= 2


def test_attribution_sentences_are_read_beyond_the_lead(real):
    text = "Một.\nHai.\nBa.\nBà Lê Thị Hoa, Giám đốc Trung tâm Kiểm soát bệnh tật Hà Nội, cho biết số ca giảm."
    got = {(e.kind, e.text) for e in real(text, lead=9)}
    assert ("person", "Lê Thị Hoa") in got
    assert ("organization", "Trung tâm Kiểm soát bệnh tật Hà Nội") in got
    assert real("Một.\nHai.\nBa.\nBà Lê Thị Hoa đến thăm Hà Nội.", lead=9) == []
