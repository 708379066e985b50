"""The table-driven static span score equals the linear score of the static feature dicts, span by span."""
import json
from pathlib import Path

import pytest

from nlp import learned
from nlp.span_scores import static_score
from nlp.spans import static_features
from nlp.sentences import fold

SHARED = Path(__file__).resolve().parents[3] / "shared" / "eval" / "corpus"

OWN = ["Năm 2024, tổng thu ngân sách nhà nước trên địa bàn thành phố đạt 510.000 tỷ đồng, bằng 110% dự toán.",
       "Tỷ lệ hộ nghèo, hộ cận nghèo giảm còn 0,5%; số lao động được tạo việc làm mới là 160.000 người.",
       "Giá vàng miếng SJC (vàng 9999) tăng 2 triệu đồng, lên 85 triệu đồng/lượng."]


def _sentences() -> list[str]:
    out = list(OWN)
    if SHARED.is_dir():
        for path in sorted(SHARED.glob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines()[:30]:
                if line.strip():
                    out.append(json.loads(line)["sentence"])
    return out


def _refined(sentences: list[str]) -> list[tuple]:
    """(text, folded, items) of every sentence the learned layer refined while extracting these."""
    from nlp import extract_figures

    sink: dict = {}
    learned.record(sink)
    try:
        for text in sentences:
            extract_figures(text)
    finally:
        learned.record(None)
    return sink.get("rows", [])


@pytest.fixture(scope="module")
def model():
    m = learned.load_model()
    if not m:
        pytest.skip("no committed figure model (nlp/figure_model.json)")
    return m


def test_static_score_equals_the_feature_dicts(model):
    w = model["subject"]["w"]
    checked = 0
    for text in _sentences():
        s = learned.sentence(text, fold(text), model)
        fast = learned.sentence(text, fold(text), model)
        for k in range(len(s.spans)):
            want = learned.score(w, static_features(s, k))
            assert static_score(fast, k, w) == pytest.approx(want, abs=1e-9), (text[:40], s.spans[k])
            checked += 1
    assert checked > 100


def test_static_score_follows_the_weights_given(model):
    s = learned.sentence(OWN[0], fold(OWN[0]), model)
    assert static_score(s, 0, {"bias": 2.5}) == pytest.approx(2.5)
    assert static_score(s, 0, {}) == 0.0


def test_ranker_scores_equal_the_training_features(model):
    """learned._scored (tables) gives each candidate the score of subject_rows' feature dicts (training)."""
    w = model["subject"]["w"]
    compared = 0
    for text, folded, items in _refined(_sentences()):
        prev = None
        for n, it in enumerate(items):
            rows = learned.subject_rows(learned.sentence(text, folded, model, items), items, n, prev)
            want = [(learned.score(w, f), t) for t, f in rows]
            scored = learned._scored(learned.sentence(text, folded, model, items), items, n, prev, w)
            got = [(sc, t) for sc, t, _flags in scored]
            assert [t for _, t in got] == [t for _, t in want]
            for (_t, f), (_sc, _t2, flags) in zip(rows, scored):  # what _pick reads: the rules' own answer
                assert ("rule_exact" in f or "rule_only" in f) == ("rule_exact" in flags or "rule_only" in flags)
            assert [sc for sc, _ in got] == pytest.approx([sc for sc, _ in want], abs=1e-9), text[:50]
            compared += len(got)
            prev = it.rule_subject
    assert compared > 1000


def _own_set_sentences() -> list[str]:
    """Sentences of our own evaluation sets (tests/nlp/data), in the repository: no skip without ../shared."""
    out = []
    for path in sorted((Path(__file__).parent / "data").glob("*.jsonl")):
        out += [json.loads(line)["sentence"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return out


def test_pruned_choice_equals_scoring_every_span(model):
    """learned._choose (branch and bound over the spans) picks what _pick over every span's score picks."""
    w, margin = model["subject"]["w"], model["subject"].get("margin", 0.0)
    compared = 0
    for text, folded, items in _refined(_sentences() + _own_set_sentences()):
        prev = None
        for n, it in enumerate(items):
            s = learned.sentence(text, folded, model, items)
            want = learned._pick(learned._scored(s, items, n, prev, w), it.rule_subject, margin)
            got = learned._choose(learned.sentence(text, folded, model, items), items, n, prev, w, margin)
            assert got == want, (text[:60], n)
            compared += 1
            prev = want
    assert compared > 500
