"""Learned choices on top of the rules: a span ranker for the subject and a classifier for the qualifier.

Both are linear models trained by bench/train_figures.py on the shared corpus and stored as plain JSON
weights next to this module (figure_model.json), read lazily and once; nothing here needs scikit-learn.
The rules' own answers are features, so the models learn when to trust them.
"""
from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass
from importlib.resources import files

from nlp.gate import doubtful, is_sure
from nlp.span_scores import FigureScorer, static_scores
from nlp.spans import MAX_LEN, Sent, dynamic, span_text, static_features, tok_index, tokenize, words_of

MODEL_FILE = "figure_model.json"
WINDOW_LEFT, WINDOW_RIGHT = 45, 16  # tokens around a figure where its subject is looked for
_CLAUSE_BREAKS = frozenset(",;:()")
_STATE: dict[str, dict] = {}


# Words before a figure anywhere in its sentence that tell a goal or a rule-set level.
TARGET_CUES = ("mục tiêu", "phấn đấu", "dự kiến", "kế hoạch", "chỉ tiêu", "định hướng", "kỳ vọng", "đến năm",
               "nghị quyết", "quy định", "mức phạt", "phạt tiền", "ngưỡng", "mức lương", "giảm trừ", "để hoàn thành",
               "cần", "phải", "sẽ", "đã", "ước", "so với", "cùng kỳ", "tăng", "giảm")
# Words in the subject that tell a growth rate or a set level.
SUBJECT_CUES = ("tăng trưởng", "tăng", "giảm", "mức", "phí", "lệ phí", "thuế suất", "lãi suất", "giá", "tỷ lệ",
                "tốc độ", "chỉ số", "phạt", "lương")


def load_model() -> dict:
    """The committed weights ({} when the file is absent, so the rules answer alone)."""
    if "m" not in _STATE:
        try:
            _STATE["m"] = json.loads(files("nlp").joinpath(MODEL_FILE).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            _STATE["m"] = {}
    return _STATE["m"]


def set_model(model: dict | None) -> None:
    """Use these weights instead of the committed file (training and cross-validation); None reloads."""
    _STATE.pop("m", None)
    if model is not None:
        _STATE["m"] = model


def record(sink: dict | None) -> None:
    """Training hook: append (text, folded, items) of every sentence refined to sink["rows"]; None stops."""
    if sink is None:
        _STATE.pop("record", None)
    else:
        _STATE["record"] = sink


@dataclass
class Item:
    """One figure of a sentence as the learner sees it (offsets relative to the sentence)."""

    start: int
    end: int
    kind: str
    unit: str | None
    rule_subject: str | None
    rule_qualifier: str
    is_range: bool = False
    approx: bool = False


def _sets(m: dict) -> tuple:
    """The model's word lists as frozensets, built once per model."""
    got = _STATE.get("sets")
    if got is None or got[0] is not m:
        sub = m.get("subject", {})
        opt = [frozenset(m[k]) if m.get(k) is not None else None for k in ("vocab",)]
        opt += [frozenset(sub[k]) if sub.get(k) is not None else None for k in ("before", "after")]
        got = (m, frozenset(sub.get("block_start", ())), frozenset(sub.get("block_end", ())), *opt)
        _STATE["sets"] = got
    return got[1:]


def sentence(text: str, folded: str, model: dict | None = None, items: list[Item] | tuple = ()) -> Sent:
    """Tokenise with the model's learned span-boundary blocks; items' numbers break segments."""
    m = load_model() if model is None else model
    s = tokenize(text, folded, *_sets(m), figs=tuple((it.start, it.end) for it in items))
    lex = m.get("subject", {}).get("lex")
    if lex is not None:
        s.lex = lex
    return s


def _window(s: Sent, items: list[Item], n: int, prev_subj: str | None):
    """Figure n's token range, the sentence's figure tokens, rule and previous subject words, whether
    the rule is sure, and the indexes of the spans in its window."""
    it = items[n]
    a, b = tok_index(s, it.start), tok_index(s, it.end)
    figs_tok = s.cache.get("figs")
    if figs_tok is None:
        figs_tok = s.cache["figs"] = [tok_index(s, x.start) for x in items]
    rule_w, prev_w = words_of(it.rule_subject), words_of(prev_subj)
    sure = _sure(it)
    first = s.cache.get("span_starts")
    if first is None:
        first = s.cache["span_starts"] = [i for i, _j in s.spans]
    ks = [k for k in range(bisect_left(first, a - WINDOW_LEFT - MAX_LEN), bisect_left(first, b + WINDOW_RIGHT))
          if s.spans[k][1] > a - WINDOW_LEFT]
    return a, b, figs_tok, rule_w, prev_w, sure, ks


def _extra(it: Item, prev_subj: str | None, rule_w: list[str], prev_w: list[str], sure: bool, seen: set[str]):
    """The rule's and the previous figure's subjects as candidates of their own when no span is them."""
    out = []
    if it.rule_subject and " ".join(rule_w) not in seen:
        out.append((None, it.rule_subject, {"bias": 1.0, "rule_only": 1.0, "rule_only=" + it.kind: 1.0,
                                    "rule_only_sure" if sure else "rule_only_suspect": 1.0}))
    if prev_subj and " ".join(prev_w) not in seen:
        out.append((None, prev_subj, {"bias": 1.0, "prev_only": 1.0, "prev_only=" + it.kind: 1.0}))
    return out


def _candidates(s: Sent, items: list[Item], n: int, prev_subj: str | None):
    """(span index or None, text, figure-dependent features) of figure n's subject candidates."""
    it = items[n]
    a, b, figs_tok, rule_w, prev_w, sure, ks = _window(s, items, n, prev_subj)
    out = []
    for k in ks:
        i, j = s.spans[k]
        out.append((k, span_text(s, i, j), dynamic(s, k, a, b, it.kind, it.unit, figs_tok, rule_w, prev_w, sure)))
    return out + _extra(it, prev_subj, rule_w, prev_w, sure, _seen(s, ks))


def subject_rows(s: Sent, items: list[Item], n: int, prev_subj: str | None) -> list[tuple[str, dict[str, float]]]:
    """(candidate text, all features) for figure n's subject: spans near it, plus the rule's answer."""
    return [(text, {**static_features(s, k), **dyn} if k is not None else dyn)
            for k, text, dyn in _candidates(s, items, n, prev_subj)]


def _scored(s: Sent, items: list[Item], n: int, prev_subj: str | None, w: dict[str, float]):
    """(score, text, flags) of each candidate, as score(w, features) of subject_rows would give.

    Spans are scored from tables (nlp.span_scores), their own part cached per sentence; flags mark the
    rules' own answer ("rule_exact", "rule_only") for _pick."""
    it = items[n]
    a, b, figs_tok, rule_w, prev_w, sure, ks = _window(s, items, n, prev_subj)
    fig = FigureScorer(s, a, b, it.kind, it.unit, figs_tok, rule_w, prev_w, sure, w)
    out = []
    own = static_scores(s, w)
    for k in ks:
        i, j = s.spans[k]
        total, exact = fig.score(k)
        out.append((total + own[k], span_text(s, i, j), _EXACT if exact else _NONE))
    return out + [(score(w, dyn), text, dyn) for _k, text, dyn in _extra(it, prev_subj, rule_w, prev_w, sure,
                                                                        _seen(s, ks))]


_EXACT, _NONE = {"rule_exact": 1.0}, {}
_SLACK = 1e-9  # float sums in another order: never prune a span this close to the best


def _choose(s: Sent, items: list[Item], n: int, prev_subj: str | None, w: dict[str, float],
            margin: float) -> str | None:
    """_pick(_scored(...), rule, margin), scoring only the spans that can win (branch and bound).

    Spans are visited by their own score (cached per sentence), best first; once a span's own score
    plus the most the figure can add (FigureScorer.bound) falls below the best total found, no later span
    can be picked. The rules' own span is always scored (the margin compares with it); ties keep the order
    of _scored, so the pick is the same."""
    it = items[n]
    a, b, figs_tok, rule_w, prev_w, sure, ks = _window(s, items, n, prev_subj)
    fig = FigureScorer(s, a, b, it.kind, it.unit, figs_tok, rule_w, prev_w, sure, w)
    scores = static_scores(s, w)
    own = [scores[k] for k in ks]
    bound, best = fig.bound(), float("-inf")
    done: dict[int, tuple[float, bool]] = {}
    for p in sorted(range(len(ks)), key=own.__getitem__, reverse=True):
        if own[p] + bound < best - _SLACK:
            break
        total, exact = fig.score(ks[p])
        done[p] = (total + own[p], exact)
        best = max(best, total + own[p])
    nr = len(rule_w)
    for p, k in enumerate(ks):  # the rules' own span, however low it scores
        i, j = s.spans[k]
        if p not in done and j - i == nr and s.words[i:j] == rule_w:
            total, exact = fig.score(k)
            done[p] = (total + own[p], exact)
    scored = [(total, span_text(s, *s.spans[ks[p]]), _EXACT if exact else _NONE)
              for p, (total, exact) in sorted(done.items())]
    scored += [(score(w, dyn), text, dyn) for _k, text, dyn in _extra(it, prev_subj, rule_w, prev_w, sure,
                                                                     _seen(s, ks))]
    return _pick(scored, it.rule_subject, margin)


def _seen(s: Sent, ks: list[int]) -> set[str]:
    """The texts of spans ks (a figure's window), cached per sentence and window."""
    key = ("seen", tuple(ks))
    got = s.cache.get(key)
    if got is None:
        got = s.cache[key] = {" ".join(s.words[i:j]) for i, j in (s.spans[k] for k in ks)}
    return got


def qualifier_features(s: Sent, it: Item, prev_q: str | None) -> dict[str, float]:
    """Features for the qualifier of one figure: the rule's answer and the words around the number."""
    a, b = tok_index(s, it.start), tok_index(s, it.end)
    w = s.words
    rq = it.rule_qualifier
    f = {"bias": 1.0, "rule=" + rq: 1.0, "kind=" + it.kind: 1.0, "rk=" + rq + it.kind: 1.0,
         "prev=" + (prev_q or "none"): 1.0, "prevrule=" + (prev_q or "none") + rq: 1.0}
    if it.is_range:
        f["range"] = 1.0
    if it.approx:
        f["approx"] = 1.0
    left: list[str] = []
    t = a - 1
    while t >= 0 and len(left) < 8 and w[t] not in _CLAUSE_BREAKS:
        if s.is_word[t]:
            left.append(w[t])
        t -= 1
    voc = s.vocab
    left = [x if voc is None or x in voc else "<w>" for x in left]
    for k, x in enumerate(left[:3]):
        f[f"L{k + 1}={x}"] = 1.0
    if len(left) >= 2:
        f["L21=" + left[1] + " " + left[0]] = 1.0
    for x in left[3:]:
        f["Lb=" + x] = 1.0
    if t >= 0:
        f["clause_break=" + w[t]] = 1.0
    before = " ".join(w[:a])
    for cue in TARGET_CUES:
        if cue in before:
            f["cue=" + cue] = 1.0
    subj = " ".join(words_of(it.rule_subject))
    for cue in SUBJECT_CUES:
        if cue in subj:
            f["subj=" + cue] = 1.0
    right = [x if voc is None or x in voc else "<w>" for x in w[b:b + 4] if x not in _CLAUSE_BREAKS]
    for k, x in enumerate(right[:2]):
        f[f"R{k + 1}={x}"] = 1.0
    for x in right[2:]:
        f["Rb=" + x] = 1.0
    words = [x if voc is None or x in voc else "<w>" for x, ok in zip(w, s.is_word) if ok]
    if words:
        f["S0=" + words[0]] = 1.0
    if len(words) > 1:
        f["S01=" + words[0] + " " + words[1]] = 1.0
    return f


def score(weights: dict[str, float], feats: dict[str, float]) -> float:
    """Linear score of a feature dict."""
    get = weights.get
    total = 0.0
    for k, v in feats.items():
        total += get(k, 0.0) * v
    return total


def _sure(it: Item) -> bool:
    """nlp.gate.is_sure of a learner's item."""
    return is_sure(it.rule_subject, it.kind, it.unit)


def _pick(scored: list[tuple[float, str, dict]], rule: str | None, margin: float) -> str | None:
    """The best-scored candidate, unless the rule's own answer scores within margin of it."""
    if not scored:
        return rule
    best = max(scored, key=lambda x: x[0])
    ruled = [x for x in scored if "rule_exact" in x[2] or "rule_only" in x[2]]
    if ruled:
        top = max(ruled, key=lambda x: x[0])
        if best[0] - top[0] < margin:
            return top[1]
    return best[1]


def refine(text: str, folded: str, items: list[Item]) -> list[tuple[str | None, str]]:
    """(subject, qualifier) for each figure of one sentence, decided by the learned models in order."""
    rec = _STATE.get("record")
    if rec is not None:
        rec.setdefault("rows", []).append((text, folded, items))
    m = load_model()
    if not m or not items:
        return [(it.rule_subject, it.rule_qualifier) for it in items]
    sub = m["subject"]
    sure_margin = sub.get("sure_margin")  # None: a sure subject is never looked at again
    sure = [sub.get("gate", True) and _sure(it) for it in items]
    look = [not ok or (sure_margin is not None and doubtful(it.rule_subject, sub.get("lex") or {}, sub.get("sure_lex")))
            for ok, it in zip(sure, items)]
    if not any(look):
        return [(it.rule_subject, it.rule_qualifier) for it in items]  # plain noun phrases from the rules
    s = sentence(text, folded, m, items)
    sw = sub["w"]
    margin = sub.get("margin", 0.0)
    qm = m["qualifier"]
    out: list[tuple[str | None, str]] = []
    prev_subj: str | None = None
    prev_q: str | None = None
    for n, it in enumerate(items):
        if not look[n]:
            subj = it.rule_subject  # the ranker would keep it anyway
        else:  # = _pick(_scored(...), rule, margin); a sure subject yields only to a far surer candidate
            subj = _choose(s, items, n, prev_subj, sw, sure_margin if sure[n] else margin)
        qf = qualifier_features(s, it, prev_q)
        qs = {c: score(qm["w"][c], qf) for c in qm["classes"]}
        qual = max(qs, key=qs.get)
        if it.rule_qualifier in qs and qs[qual] - qs[it.rule_qualifier] < qm.get("margin", 0.0):
            qual = it.rule_qualifier  # the rules stand unless the classifier is clearly surer
        out.append((subj, qual))
        prev_subj, prev_q = subj, qual
    return out
