"""Regression gate: score the extractor in-process on our own held-out-style set (tests/nlp/data/heldout_own.jsonl).

Scoring lives in tests/nlp/scoring.py (it mirrors /work/shared/eval/score_figures.py).
"""
from __future__ import annotations

import pytest

from tests.nlp.scoring import load_gold, score, score_extractor


@pytest.fixture(scope="module")
def scores(extract):
    gold = load_gold("heldout_own.jsonl")
    assert len(gold) >= 100
    return score_extractor(extract, gold)


@pytest.mark.parametrize("metric, floor", [
    ("f1", 0.90), ("subject", 0.83), ("qualifier", 0.88), ("period", 0.83), ("clean", 0.93),
])
def test_heldout_own(scores, metric, floor):
    assert scores[metric] >= floor, scores


def test_scorer_matches_guide():
    g = {"id": "x", "figures": [{"kind": "percent", "value": 0.03, "subject": "hộ nghèo", "qualifier": "actual",
                                 "period": "2023-12-31"}]}
    p = {"x": [{"kind": "percent", "value": 0.03, "subject": "Hộ nghèo", "period": "2023"}]}
    assert score([g], p) == {"f1": 1.0, "subject": 1.0, "qualifier": 1.0, "period": 1.0, "clean": 1.0}
