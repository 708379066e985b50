"""Gates on the shared annotated corpus (../shared/eval), read at run time; skipped without it.

The committed model was trained on these sentences, so these floors guard against regressions only; the
generalisation estimate is the leave-one-domain-out table of `bench/train_figures.py --lodo` (README).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.nlp.scoring import score

EVAL = Path(__file__).resolve().parents[2].parent / "shared" / "eval"
FLOORS = {  # set: {metric: floor}, a little below the scores reached
    "corpus": {"f1": 0.97, "subject": 0.90, "exact": 0.80, "qualifier": 0.95, "period": 0.955, "clean": 0.98},
    "dev": {"f1": 0.98, "subject": 0.96, "exact": 0.82, "qualifier": 0.95, "period": 0.97, "clean": 0.95},
}
_scores: dict[str, dict[str, float]] = {}


def _gold(name: str) -> list[dict]:
    paths = sorted((EVAL / "corpus").glob("*.jsonl")) if name == "corpus" else [EVAL / "dev_figures.jsonl"]
    if not paths or not all(p.is_file() for p in paths):
        pytest.skip(f"shared evaluation sets not available under {EVAL}")
    return [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("name, metric, floor", [(n, m, f) for n, fl in FLOORS.items() for m, f in fl.items()])
def test_shared_set(extract, name, metric, floor):
    if name not in _scores:
        gold = _gold(name)
        _scores[name] = score(gold, {g["id"]: [f.to_dict() for f in extract(g["sentence"])] for g in gold})
    assert _scores[name][metric] >= floor, (name, _scores[name])
