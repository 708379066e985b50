"""The linear score of spans.static_features without building the features: per-token tables, once per sentence.

A span's static features are its first/previous words (they depend on where it starts), its last/next
words (where it ends), the set of its inner words, counts over it and a few phrase tests. Scoring
every candidate span of a sentence by building those dicts cost most of the ranker's time; here the
start and end parts are looked up once per token, so a span costs a handful of additions. The
result equals learned.score(weights, static_features(s, k)) up to float rounding
(tests/nlp/test_span_scores.py checks every span of the corpus sentences).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.lexicon import is_base_phrase
from nlp.spans import _VERB_HEADS, LEX_FIELDS, YARDSTICKS, Sent, _bucket, _overlap, _prefix

_ZERO = (0.0,) * len(LEX_FIELDS)
_BUCKETS = ("1", "2", "3", "4-5", "6-8", "9+")
_YARDSTICK = re.compile("|".join(re.escape(y) for y in YARDSTICKS))
_YARD_LEN = max(map(len, YARDSTICKS))


@dataclass
class _Tables:
    start: list[float]       # by first token i: f=, p=, pb=, cap_first, seg_start, first_seg, verb_first, lx
    start2: list[float]      # by i, for spans of two words or more: fb=
    end: list[float]         # by end j (exclusive): l=, n=, nb=, seg_end, lx
    end2: list[float]        # by j, two words or more: lb=
    vals: list[str]          # by token: its feature value (Sent.v)
    inner: list[float]       # by token: the weight of in=<it>
    inside: list[float]      # by token: its lx "inside" log-odds (words only)
    commas: list[int]        # prefix counts of commas
    verbs: list[int]         # prefix counts of verb heads
    length: dict[str, float]
    n_commas: dict[str, float]
    n_verbs: dict[str, float]
    w_min: float
    w_mean: float
    w_yard: float
    w_base: float
    w_rate: float
    bias: float


def _tables(s: Sent, weights: dict[str, float]) -> _Tables:
    get = weights.get
    w, n, seg, word = s.words, len(s.words), s.seg, s.is_word
    v = [s.v(k) for k in range(n)]
    lex = s.lex
    lx = (lambda t: lex.get(t, _ZERO)) if lex is not None else None
    start, start2, end, end2 = [0.0] * n, [0.0] * n, [0.0] * (n + 1), [0.0] * (n + 1)
    for i in range(n):
        x = get("f=" + v[i], 0.0) + get("p=" + (v[i - 1] if i > 0 else "<s>"), 0.0)
        if i >= 2:
            x += get("pb=" + v[i - 2] + " " + v[i - 1], 0.0)
        if s.text[s.toks[i][0]].isupper():
            x += get("cap_first", 0.0)
        if i == 0 or seg[i - 1] == -1:
            x += get("seg_start", 0.0)
        if seg[i] == 0:
            x += get("first_seg", 0.0)
        if w[i] in _VERB_HEADS:
            x += get("verb_first", 0.0)
        if lx is not None:
            x += get("lx_start", 0.0) * lx(w[i])[0]
            if i > 0 and seg[i - 1] != -1 and word[i - 1]:
                x += get("lx_before", 0.0) * lx(w[i - 1])[2]
        start[i] = x
        if i + 1 < n:
            start2[i] = get("fb=" + v[i] + " " + v[i + 1], 0.0)
    for j in range(1, n + 1):
        x = get("l=" + v[j - 1], 0.0) + get("n=" + (v[j] if j < n else "</s>"), 0.0)
        if j + 1 < n:
            x += get("nb=" + v[j] + " " + v[j + 1], 0.0)
        if j == n or seg[j] == -1:
            x += get("seg_end", 0.0)
        if lx is not None:
            x += get("lx_end", 0.0) * lx(w[j - 1])[1]
            if j < n and seg[j] != -1 and word[j]:
                x += get("lx_after", 0.0) * lx(w[j])[3]
        end[j] = x
        if j >= 2:
            end2[j] = get("lb=" + v[j - 2] + " " + v[j - 1], 0.0)
    commas, verbs = [0], [0]
    for t in w:
        commas.append(commas[-1] + (t == ","))
        verbs.append(verbs[-1] + (t in _VERB_HEADS))
    return _Tables(
        start, start2, end, end2, v, [get("in=" + x, 0.0) for x in v],
        [lx(w[k])[4] if word[k] else 0.0 for k in range(n)] if lx is not None else [],
        commas, verbs, {b: get("len=" + b, 0.0) for b in _BUCKETS}, {b: get("commas=" + b, 0.0) for b in _BUCKETS},
        {b: get("verbs=" + b, 0.0) for b in _BUCKETS}, get("lx_in_min", 0.0), get("lx_in_mean", 0.0),
        get("yardstick", 0.0), get("base_phrase", 0.0), get("rate_word", 0.0), get("bias", 0.0))


def static_score(s: Sent, k: int, weights: dict[str, float]) -> float:
    """learned.score(weights, spans.static_features(s, k)), from per-sentence tables (cached in s)."""
    return static_scores(s, weights)[k]


def static_scores(s: Sent, weights: dict[str, float]) -> list[float]:
    """static_score of every span of s, in one pass (cached in s).

    Spans come grouped by their first token, shortest first, so the parts that grow with the span (its
    inner words, the lexicon's inside odds, the phrase) are extended rather than rebuilt; every sum is
    taken in the same order as a fresh computation would, so the floats are the same."""
    got = s.cache.get("static_scores")
    if got is not None and got[0] is weights:
        return got[1]
    t = _tables(s, weights)
    words, word, spans = s.words, s.is_word, s.spans
    vals, inner, ins = t.vals, t.inner, t.inside
    length, start, start2, end, end2 = t.length, t.start, t.start2, t.end, t.end2
    commas, verbs, n_commas, n_verbs = t.commas, t.verbs, t.n_commas, t.n_verbs
    phrase_tests = bool(t.w_yard or t.w_base or t.w_rate)
    out = [0.0] * len(spans)
    cur = -1
    for k, (i, j) in enumerate(spans):
        if i != cur:  # a new first token: start the running parts again
            cur, seen, in_sum, in_to = i, set(), 0, i + 1
            ins_min, ins_sum, ins_n, ins_to = float("inf"), 0, 0, i
            phrase, ph_to, yard = words[i], i + 1, _YARDSTICK.search(words[i]) is not None
        total = t.bias + length[_bucket(j - i)] + start[i] + end[j]
        if j - i >= 2:
            total += start2[i] + end2[j]
        while in_to < j - 1:  # inner words count once each, in first-seen order (as dict keys do)
            x = vals[in_to]
            if x not in seen:
                seen.add(x)
                in_sum += inner[in_to]
            in_to += 1
        if j - 1 > i + 1:
            total += in_sum
        c = commas[j] - commas[i]
        if c:
            total += n_commas[_bucket(c)]
        c = verbs[j] - verbs[i]
        if c:
            total += n_verbs[_bucket(c)]
        if ins:
            while ins_to < j:
                if word[ins_to]:
                    y = ins[ins_to]
                    ins_min = y if y < ins_min else ins_min
                    ins_sum += y
                    ins_n += 1
                ins_to += 1
            total += t.w_min * ins_min + t.w_mean * (ins_sum / ins_n)
        if phrase_tests:
            if ph_to < j:
                grown = len(phrase)
                while ph_to < j:
                    phrase += " " + words[ph_to]
                    ph_to += 1
                # a yardstick stays in a longer phrase; a new one must end in what was just added
                yard = yard or _YARDSTICK.search(phrase, max(0, grown - _YARD_LEN + 1)) is not None
            if t.w_yard and yard:
                total += t.w_yard
            if t.w_base and is_base_phrase(phrase):
                total += t.w_base
            if t.w_rate and ("tỷ lệ" in phrase or "tỉ lệ" in phrase):
                total += t.w_rate
        out[k] = total
    s.cache["static_scores"] = (weights, out)
    return out


_GAPS = ("0", *_BUCKETS)


class FigureScorer:
    """learned.score(weights, spans.dynamic(s, k, ...)) for one figure's candidate spans, with the
    figure's constant parts looked up once; score(k) also tells whether span k is the rules' subject."""

    def __init__(self, s: Sent, fig_a: int, fig_b: int, kind: str, unit: str | None, figs_tok: list[int],
                 rule_subj: list[str], prev_subj: list[str], rule_sure: bool, weights: dict[str, float]):
        get = weights.get
        self.s, self.a, self.b = s, fig_a, fig_b
        self.dir = {d: get(f"dir={d}:{kind}", 0.0) for d in "LRU"}
        self.gap = {d: {g: get(f"gap={d}{g}", 0.0) + get(f"gapk={d}:{kind}{g}", 0.0) for g in _GAPS} for d in "LRU"}
        self.breaks = {d: {g: get(f"breaks={d}{g}", 0.0) for g in _GAPS} for d in "LRU"}
        self.others = {d: {g: get(f"others={d}{g}", 0.0) for g in _GAPS} for d in "LRU"}
        self.semi, self.past_unit = get("semi_between", 0.0), get("past_unit", 0.0)
        self.first_fig = min(figs_tok) if figs_tok else None
        self.before_all, self.topic_far = get("before_all=" + kind, 0.0), get("topic_far", 0.0)
        self.figs_tok = figs_tok
        self.right_adj = get("right_adj=" + kind, 0.0)
        self.before_fig = get("before_fig=" + s.v(fig_a - 1) + "|" + kind, 0.0) if fig_a > 0 else 0.0
        # the words just before the figure, for a span on its left ending at lo: gw= of tokens [max(lo, a-3), a)
        self.gw = {}
        for lo in range(max(0, fig_a - 3), fig_a + 1):
            vals = {s.v(t): get("gw=" + s.v(t), 0.0) for t in range(lo, fig_a) if s.is_word[t]}
            self.gw[lo] = sum(vals.values())
        uw = unit.lower().split("/")[0].split() if unit else []
        self.unit_words = uw
        self.has_unit, self.is_unit = get("has_unit=" + kind, 0.0), get("is_unit", 0.0)
        self.rule, self.rule_set, self.sure = rule_subj, frozenset(rule_subj), rule_sure
        self.w_rule = {k: get(k, 0.0) for k in ("rule_exact", "rule_exact_sure", "rule_exact_suspect", "rule_ov",
                                                 "rule_inside", "rule_contains", "rule_edge1", "prev_ov")}
        self.prev, self.prev_set = prev_subj, frozenset(prev_subj)
        self.prev_exact = {d: get("prev_exact=" + d, 0.0) for d in "LRU"}

    def bound(self) -> float:
        """The most score(k) can give any span of this figure: a span whose own (static) score plus this is
        below a total already found cannot be the best (learned._choose prunes with it)."""
        wr = self.w_rule
        side = {"L": max(self.gw.values()) + self.before_fig}
        side["R"] = side["U"] = max(0.0, self.right_adj)
        where = max(self.dir[d] + max(self.gap[d].values()) + max(self.breaks[d].values())
                    + max(self.others[d].values()) + side[d] for d in "LRU")
        exact = wr["rule_exact"] + (wr["rule_exact_sure"] if self.sure else wr["rule_exact_suspect"])
        near = max(wr["rule_ov"], 0.5 * wr["rule_ov"]) + max(0.0, wr["rule_inside"], wr["rule_contains"]) \
            + max(0.0, wr["rule_edge1"])  # an overlap of at least one half (learned._overlap <= 1)
        return (where + max(0.0, self.past_unit) + max(0.0, self.before_all) + max(0.0, self.topic_far)
                + max(0.0, self.semi) + max(0.0, self.has_unit, self.has_unit + self.is_unit)
                + max(0.0, exact, near) + max(0.0, *self.prev_exact.values(), wr["prev_ov"]))

    def score(self, k: int) -> tuple[float, bool]:
        """(the dynamic score of span k, whether it is exactly the rules' subject)."""
        s, fig_a, fig_b = self.s, self.a, self.b
        i, j = s.spans[k]
        if j <= fig_a:
            d, lo, hi = "L", j, fig_a
        elif i >= fig_b:
            d, lo, hi = "R", fig_b, i
        else:
            d, lo, hi = "U", i, i
        total = self.dir[d]
        if j > fig_b and i < fig_b:
            total += self.past_unit
        pw, pb, ps = _prefix(s)
        gap, breaks = pw[hi] - pw[lo], pb[hi] - pb[lo]
        others = sum(1 for t in self.figs_tok if lo <= t < hi) if self.figs_tok else 0
        if self.first_fig is not None and j <= self.first_fig:
            total += self.before_all
            if others:
                total += self.topic_far
        total += self.gap[d][_bucket(gap)] + self.breaks[d][_bucket(breaks)] + self.others[d][_bucket(others)]
        if ps[hi] - ps[lo]:
            total += self.semi
        if d == "L":
            total += self.gw[max(lo, fig_a - 3)] + self.before_fig
        elif gap == 0 and breaks == 0:
            total += self.right_adj
        words = s.words[i:j]
        uw = self.unit_words
        if uw and all(u in words for u in uw):
            total += self.has_unit
            if words == uw:
                total += self.is_unit
        exact = False
        rule, wr = self.rule, self.w_rule
        if rule and not self.rule_set.isdisjoint(words):
            if words == rule:
                exact = True
                total += wr["rule_exact"] + (wr["rule_exact_sure"] if self.sure else wr["rule_exact_suspect"])
            else:
                ov = _overlap(words, rule)
                if ov >= 0.5:
                    total += wr["rule_ov"] * ov
                    if all(x in rule for x in words):
                        total += wr["rule_inside"]
                    elif all(x in words for x in rule):
                        total += wr["rule_contains"]
                    if words[1:] == rule[1:] or words[:-1] == rule[:-1] or words == rule[1:] \
                            or words == rule[:-1] or words[1:] == rule or words[:-1] == rule:
                        total += wr["rule_edge1"]
        prev = self.prev
        if prev and not self.prev_set.isdisjoint(words):
            if words == prev:
                total += self.prev_exact[d]
            elif _overlap(words, prev) >= 0.5:
                total += wr["prev_ov"]
        return total, exact
