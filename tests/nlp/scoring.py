"""Scoring helper shared by the annotated-set gates (heldout_own, blind_b).

The matching mirrors /work/shared/eval/score_figures.py: a gold figure matches a prediction with the same kind and
value (and denominator for ratios, currency for money); matched pairs are graded on subject (syllable-overlap
F1 >= 0.5), qualifier and period (a day matches its month, 31/12 its year, "2024-10M" matches "2024-10").
"""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

DATA = Path(__file__).with_name("data")


def _norm(s) -> str:
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s)).lower()
    return " ".join("".join(c if c.isalnum() or c.isspace() else " " for c in s).split())


def _close(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _same_figure(g: dict, p: dict) -> bool:
    if g.get("kind") != p.get("kind") or not _close(g.get("value"), p.get("value")):
        return False
    if g["kind"] == "ratio" and not _close(g.get("denominator"), p.get("denominator")):
        return False
    return g["kind"] != "money" or _norm(g.get("unit")) == _norm(p.get("unit"))


def _overlap_f1(a, b) -> float:
    ta, tb = _norm(a).split(), _norm(b).split()
    if not ta or not tb:
        return 1.0 if ta == tb else 0.0
    rest, common = list(tb), 0
    for t in ta:
        if t in rest:
            rest.remove(t)
            common += 1
    if not common:
        return 0.0
    p, r = common / len(tb), common / len(ta)
    return 2 * p * r / (p + r)


def _same_period(gold, pred) -> bool:
    a, b = _norm(gold).replace(" ", "-").upper(), _norm(pred).replace(" ", "-").upper()
    if a == b:
        return True
    for x, y in ((a, b), (b, a)):
        if len(x) == 10 and x[4] == "-" and x[7] == "-" and (x[:7] == y or (x[5:] == "12-31" and x[:4] == y)):
            return True
        if x.endswith("M") and x[:4] == y[:4] and len(y) == 7 and x[5:-1].isdigit() and y[5:].isdigit() \
                and int(x[5:-1]) == int(y[5:]):
            return True
    return False


def score(gold: list[dict], pred: dict[str, list[dict]]) -> dict[str, float]:
    tp = fp = fn = subj = exact = qual = per = neg = clean = 0
    for g in gold:
        preds = pred.get(g["id"], [])
        golds = g["figures"]
        if not golds:
            neg += 1
            clean += not preds
        used: set[int] = set()
        for gf in golds:
            hit = next((i for i, p in enumerate(preds) if i not in used and _same_figure(gf, p)), None)
            if hit is None:
                fn += 1
                continue
            used.add(hit)
            tp += 1
            p = preds[hit]
            subj += _overlap_f1(gf.get("subject"), p.get("subject")) >= 0.5
            exact += _norm(gf.get("subject")) == _norm(p.get("subject"))
            qual += (gf.get("qualifier") or "actual") == (p.get("qualifier") or "actual")
            per += _same_period(gf.get("period"), p.get("period"))
        fp += len(preds) - len(used)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "subject": subj / tp if tp else 0.0, "exact": exact / tp if tp else 0.0, "qualifier": qual / tp if tp else 0.0,
            "period": per / tp if tp else 0.0, "clean": clean / neg if neg else 1.0}


def load_gold(name: str) -> list[dict]:
    """The annotated sentences of tests/nlp/data/<name>."""
    path = DATA / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def score_extractor(extract, gold: list[dict]) -> dict[str, float]:
    """Run extract on every gold sentence and score the predictions."""
    pred = {g["id"]: [f.to_dict() for f in extract(g["sentence"])] for g in gold}
    return score(gold, pred)
