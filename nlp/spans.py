"""Candidate subject spans of a sentence and the features a learned ranker scores them by.

Tag-free on purpose: the spans come from a plain word tokenisation of the sentence (no extra
underthesea pass), so the ranker costs microseconds per figure. A span is a run of word tokens
inside one punctuation-delimited segment; its features describe its own words (static, computed once
per sentence) and its relation to one figure (dynamic: direction, distance, clauses and figures
in between, agreement with the rule-chosen subject and with the previous figure's subject).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from nlp.lexicon import VERBS, is_base_phrase
from nlp.numbers import SCALES, SPELLED

_TOKEN = re.compile(r"[^\W_]+(?:[-–.][^\W_]+)*|[-–—]|\S")
_BREAK = frozenset(",;:()[]!?\"“”…'‘’/")
MAX_LEN = 14
SOFT_COMMA = True  # a span may hold commas ("nông, lâm nghiệp và thủy sản"); a feature counts them
# Words that name the yardstick of a comparison, never the measured thing.
YARDSTICKS = ("kế hoạch", "dự toán", "chỉ tiêu", "mục tiêu", "cùng kỳ", "so với", "tháng trước", "năm trước")
_VERB_HEADS = frozenset(w.split()[0] for w in VERBS)
_NUMBER_WORDS = frozenset((*SPELLED, *SCALES, "phần", "lẻ", "linh"))


@dataclass
class Sent:
    """A tokenised sentence: token offsets, folded words, segment ids and the candidate spans."""

    text: str
    folded: str
    toks: list[tuple[int, int]] = field(default_factory=list)
    words: list[str] = field(default_factory=list)      # folded token text
    is_word: list[bool] = field(default_factory=list)
    seg: list[int] = field(default_factory=list)        # segment id of each token (-1: a break)
    spans: list[tuple[int, int]] = field(default_factory=list)  # token index ranges [i, j)
    cache: dict = field(default_factory=dict)           # span index -> static features / score
    vocab: frozenset[str] | None = None                 # words kept as features; others become "<w>"
    lex: dict | None = None  # word -> learned log-odds of starting/ending/preceding/following/lying in a subject

    def v(self, k: int) -> str:
        """Token k as a feature value: itself when in the vocabulary (or no vocabulary), else a class."""
        w = self.words[k]
        if self.vocab is None or w in self.vocab:
            return w
        return "<W>" if self.text[self.toks[k][0]].isupper() else "<w>" if self.is_word[k] else "<p>"


def _is_word(w: str) -> bool:
    return any(c.isalpha() for c in w)


def tokenize(text: str, folded: str, block_start: frozenset[str] = frozenset(),
             block_end: frozenset[str] = frozenset(), vocab: frozenset[str] | None = None,
             before: frozenset[str] | None = None, after: frozenset[str] | None = None,
             figs: tuple[tuple[int, int], ...] = ()) -> Sent:
    """Tokens, segments and candidate spans: first/last word not in the blocked sets, and (when given) the
    word before the span in `before`, the word after it in `after`, or a segment edge there.

    figs are the (start, end) character ranges of the sentence's figures: their number tokens break
    segments, while the unit words after the number stay inside (a subject may begin at the unit, "hộ
    nghèo" of "5.000 hộ nghèo"). Other numbers, and an abbreviation in brackets, may sit inside a span."""
    s = Sent(text, folded, vocab=vocab)
    for m in _TOKEN.finditer(folded):
        s.toks.append((m.start(), m.end()))
        s.words.append(m.group(0))
        s.is_word.append(_is_word(m.group(0)))
    n = len(s.words)
    w, word = s.words, s.is_word
    hard = [False] * n
    spelled = []  # a spelled number ("hai phần ba", "một nửa") is the figure, never part of a subject
    for a_c, b_c in figs:
        a, b = tok_index(s, a_c), tok_index(s, b_c)
        last = max((t for t in range(a, b) if not word[t]), default=a)  # the number part ends here
        for t in range(a, min(last + 1, n)):
            hard[t] = True
        t = a
        while t < min(b, n) and word[t] and w[t] in _NUMBER_WORDS:
            spelled.append(t)
            t += 1
    ends = [word[t] for t in range(n)]
    soft = list(ends)
    for t in range(n):
        x = w[t]
        if hard[t] or word[t]:
            continue
        if x.isdigit() or x in "-–—" or (x == "." and w[t - 1:t] == ["tp"]) or (x == "," and SOFT_COMMA):
            soft[t] = True
            ends[t] = x.isdigit()
        elif x == "(" and t + 2 < n and w[t + 2] == ")" and word[t + 1] and text[s.toks[t + 1][0]:s.toks[t + 1][1]].isupper():
            soft[t] = soft[t + 2] = True  # "(CPI)"
            ends[t + 2] = True
    for t in spelled:
        soft[t] = ends[t] = False
    seg = 0
    for t in range(n):
        if soft[t]:
            s.seg.append(seg)
        else:
            seg += 1
            s.seg.append(-1)
    for i in range(n):
        if not word[i] or w[i] in block_start:
            continue
        if before is not None and i > 0 and s.seg[i - 1] != -1 and w[i - 1] not in before:
            continue
        for j in range(i + 1, min(n, i + MAX_LEN) + 1):
            if s.seg[j - 1] != s.seg[i]:
                break
            if after is not None and j < n and s.seg[j] != -1 and w[j] not in after:
                continue
            if ends[j - 1] and w[j - 1] not in block_end:
                s.spans.append((i, j))
    return s


def static_features(s: Sent, k: int) -> dict[str, float]:
    """Features of span k's own words (computed once per sentence, on first use)."""
    f = s.cache.get(k)
    if f is None:
        f = s.cache[k] = _static(s, *s.spans[k])
    return f


def _bucket(n: int) -> str:
    return str(n) if n < 4 else "4-5" if n < 6 else "6-8" if n < 9 else "9+"


def _static(s: Sent, i: int, j: int) -> dict[str, float]:
    w = s.words
    phrase = " ".join(w[i:j])
    v = s.v
    f = {"bias": 1.0, "len=" + _bucket(j - i): 1.0, "f=" + v(i): 1.0, "l=" + v(j - 1): 1.0,
         "p=" + (v(i - 1) if i > 0 else "<s>"): 1.0, "n=" + (v(j) if j < len(w) else "</s>"): 1.0}
    if j - i >= 2:
        f["fb=" + v(i) + " " + v(i + 1)] = 1.0
        f["lb=" + v(j - 2) + " " + v(j - 1)] = 1.0
    if i >= 2:
        f["pb=" + v(i - 2) + " " + v(i - 1)] = 1.0
    if j + 1 < len(w):
        f["nb=" + v(j) + " " + v(j + 1)] = 1.0
    for k in range(i + 1, j - 1):
        f["in=" + v(k)] = 1.0
    commas = w[i:j].count(",")
    if commas:
        f["commas=" + _bucket(commas)] = 1.0
    inner_verbs = sum(1 for k in range(i, j) if w[k] in _VERB_HEADS)
    if inner_verbs:
        f["verbs=" + _bucket(inner_verbs)] = 1.0
    if s.text[s.toks[i][0]].isupper():
        f["cap_first"] = 1.0
    if i == 0 or s.seg[i - 1] == -1:
        f["seg_start"] = 1.0
    if j == len(w) or s.seg[j] == -1:
        f["seg_end"] = 1.0
    if s.seg[i] == 0:
        f["first_seg"] = 1.0
    if w[i] in _VERB_HEADS:
        f["verb_first"] = 1.0
    if any(y in phrase for y in YARDSTICKS):
        f["yardstick"] = 1.0
    if s.lex is not None:
        _lexical(s, i, j, f)
    if is_base_phrase(phrase):
        f["base_phrase"] = 1.0
    if "tỷ lệ" in phrase or "tỉ lệ" in phrase:
        f["rate_word"] = 1.0
    return f


LEX_FIELDS = ("start", "end", "before", "after", "inside")


def _lexical(s: Sent, i: int, j: int, f: dict[str, float]) -> None:
    """Dense features from the learned word statistics: how subject-like the span's edges and words are."""
    lex, w = s.lex, s.words
    zero = (0.0,) * len(LEX_FIELDS)
    f["lx_start"] = lex.get(w[i], zero)[0]
    f["lx_end"] = lex.get(w[j - 1], zero)[1]
    if i > 0 and s.seg[i - 1] != -1 and s.is_word[i - 1]:
        f["lx_before"] = lex.get(w[i - 1], zero)[2]
    if j < len(w) and s.seg[j] != -1 and s.is_word[j]:
        f["lx_after"] = lex.get(w[j], zero)[3]
    inside = [lex.get(w[k], zero)[4] for k in range(i, j) if s.is_word[k]]
    f["lx_in_min"] = min(inside)
    f["lx_in_mean"] = sum(inside) / len(inside)


def _overlap(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    rest = list(b)
    common = 0
    for t in a:
        if t in rest:
            rest.remove(t)
            common += 1
    return 0.0 if not common else 2 * common / (len(a) + len(b))


def span_text(s: Sent, i: int, j: int) -> str:
    """The original-cased text of token span [i, j)."""
    return s.text[s.toks[i][0]:s.toks[j - 1][1]]


def words_of(phrase: str | None) -> list[str]:
    """Folded word tokens of a phrase, punctuation dropped (as the scorer compares)."""
    return [m.group(0) for m in _TOKEN.finditer((phrase or "").lower()) if _is_word(m.group(0))]


def tok_index(s: Sent, pos: int) -> int:
    """Index of the first token starting at or after character offset pos."""
    starts = s.cache.get("starts")
    if starts is None:
        starts = s.cache["starts"] = [a for a, _b in s.toks]
    return bisect_left(starts, pos)


def _prefix(s: Sent) -> tuple[list[int], list[int], list[int]]:
    """Prefix counts of words, clause breaks and semicolons over the tokens (cached per sentence)."""
    got = s.cache.get("prefix")
    if got is None:
        pw, pb, ps = [0], [0], [0]
        for t, x in enumerate(s.words):
            pw.append(pw[-1] + s.is_word[t])
            pb.append(pb[-1] + (x in ",;:()"))
            ps.append(ps[-1] + (x == ";"))
        got = s.cache["prefix"] = (pw, pb, ps)
    return got


def dynamic(s: Sent, k: int, fig_a: int, fig_b: int, kind: str, unit: str | None, figs_tok: list[int],
            rule_subj: list[str], prev_subj: list[str], rule_sure: bool = False) -> dict[str, float]:
    """Features of span k for the figure whose tokens are [fig_a, fig_b)."""
    i, j = s.spans[k]
    w = s.words
    f: dict[str, float] = {}
    if j <= fig_a:
        d, lo, hi = "L", j, fig_a
    elif i >= fig_b:
        d, lo, hi = "R", fig_b, i
    else:
        d, lo, hi = "U", i, i  # begins at the figure's own unit words
    if j > fig_b and i < fig_b:
        f["past_unit"] = 1.0
    pw, pb, ps = _prefix(s)
    gap, breaks, semis = pw[hi] - pw[lo], pb[hi] - pb[lo], ps[hi] - ps[lo]
    others = sum(1 for t in figs_tok if lo <= t < hi)
    dk = d + ":" + kind
    if figs_tok and j <= min(figs_tok):
        f["before_all=" + kind] = 1.0  # the sentence's topic, named before any figure
        if others:
            f["topic_far"] = 1.0
    f["dir=" + dk] = 1.0
    f["gap=" + d + _bucket(gap)] = 1.0
    f["gapk=" + dk + _bucket(gap)] = 1.0
    f["breaks=" + d + _bucket(breaks)] = 1.0
    if semis:
        f["semi_between"] = 1.0
    f["others=" + d + _bucket(others)] = 1.0
    if d == "L":
        for t in range(max(lo, hi - 3), hi):
            if s.is_word[t]:
                f["gw=" + s.v(t)] = 1.0
        if fig_a > 0:
            f["before_fig=" + s.v(fig_a - 1) + "|" + kind] = 1.0
    elif gap == 0 and breaks == 0:
        f["right_adj=" + kind] = 1.0
    words = [x for x in w[i:j]]
    if unit:
        uw = unit.lower().split("/")[0].split()
        if uw and all(u in words for u in uw):
            f["has_unit=" + kind] = 1.0
            if words == uw:
                f["is_unit"] = 1.0
    if rule_subj:
        ov = _overlap(words, rule_subj)
        if words == rule_subj:
            f["rule_exact"] = 1.0
            f["rule_exact_sure" if rule_sure else "rule_exact_suspect"] = 1.0
        elif ov >= 0.5:
            f["rule_ov"] = ov
            if all(x in rule_subj for x in words):
                f["rule_inside"] = 1.0
            elif all(x in words for x in rule_subj):
                f["rule_contains"] = 1.0
            if words[1:] == rule_subj[1:] or words[:-1] == rule_subj[:-1] or words == rule_subj[1:] \
                    or words == rule_subj[:-1] or words[1:] == rule_subj or words[:-1] == rule_subj:
                f["rule_edge1"] = 1.0  # one word more or less than the rules' span at one end
    if prev_subj:
        if words == prev_subj:
            f["prev_exact=" + d] = 1.0
        elif _overlap(words, prev_subj) >= 0.5:
            f["prev_ov"] = 1.0
    return f
