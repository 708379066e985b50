"""nlp/crf: the compiled feature templates give exactly underthesea's own POS and NER tags."""
import pytest

from nlp.crf import compile_template, featurize

SENTENCES = [
    "Ông Lê Văn Minh, Chủ tịch UBND quận Ba Đình, cho biết năm 2024 quận có 12 trường mới.",
    "Theo Sở Y tế Hà Nội, số ca sốt xuất huyết giảm 35% so với cùng kỳ.",
    "Trung tâm Kiểm soát bệnh tật thành phố khuyến cáo người dân không chủ quan.",
    "Giá rau tăng.",
    "“Chúng tôi sẽ hoàn thành trước ngày 30/6”, bà Trần Thị Hoa nói.",
]


@pytest.fixture(scope="module")
def underthesea():
    return pytest.importorskip("underthesea")


@pytest.mark.parametrize("sentence", SENTENCES)
def test_same_tags_as_underthesea(underthesea, sentence):
    from nlp.crf import ner_tags, pos_tag

    ours = pos_tag(sentence)
    assert ours == underthesea.pos_tag(sentence)
    assert ner_tags(ours) == [t[3] for t in underthesea.ner(sentence)]


def test_features_bos_eos_and_bigrams():
    compiled = compile_template(["T[-1]", "T[0,1][1]", "T[0].istitle", "T[1].lower"])
    feats = featurize([("Hà Nội", "Np"), ("có", "V")], compiled)
    assert feats[0] == ["T[-1]=BOS", "T[0,1][1]=Np V", "T[0].istitle=True", "T[1].lower=có"]
    assert feats[1] == ["T[-1]=Hà Nội", "T[0,1][1]=EOS", "T[0].istitle=False", "T[1].lower=EOS"]
    assert featurize([], compiled) == []


def test_bad_template():
    with pytest.raises(ValueError):
        compile_template(["X[0]"])
