"""Regression gate on the blind set tests/nlp/data/blind_c.jsonl (Hà Nội local news, written by an annotator who never
saw the code). Floors sit slightly below the scores reached.

Gold edits to the official dev-set conventions: C-037 "xảy ra 1.063 vụ" -> subject "xảy ra", "giảm 62 vụ (-5,5%)" ->
"vụ" (dev D-030/D-031); C-022 "vượt 37% so với kế hoạch" -> "kế hoạch" (the plan noun, as in blind_b);
C-055 "giảm 50% số hộ cận nghèo" in a "phấn đấu" sentence -> "change" (dev D-022: tăng/giảm X% stays a change);
C-093 "nuôi dưỡng, chăm sóc khoảng 4.600 đối tượng" -> "nuôi dưỡng, chăm sóc" and C-075 "thu hút trên 200.000 lao
động" -> "thu hút" (dev D-030: a generic count unit after a verb takes the verb); C-104 "22 đơn vị không còn hộ
nghèo" -> "đơn vị" (dev S-005: "18/30 quận huyện không còn hộ nghèo" -> "quận huyện").
"""
from __future__ import annotations

import pytest

from tests.nlp.scoring import load_gold, score_extractor


@pytest.fixture(scope="module")
def scores(extract):
    gold = load_gold("blind_c.jsonl")
    assert len(gold) >= 100
    return score_extractor(extract, gold)


@pytest.mark.parametrize("metric, floor", [
    ("f1", 0.98), ("subject", 0.91), ("qualifier", 0.97), ("period", 0.96), ("clean", 0.95),
])
def test_blind_c(scores, metric, floor):
    assert scores[metric] >= floor, scores
