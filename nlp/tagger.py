"""Lazy, bounded access to underthesea: one pos_tag call per sentence, at most, shared by figures and entities.

pos_tag segments words (word_tokenize) and tags them, so its tokens answer both questions the
extractor asks — where the multi-syllable words are ("doanh nghiệp") and which tokens are nouns —
from one call, made only for sentences that need it and cached.
"""
from __future__ import annotations

import re
from functools import lru_cache

MAX_CHARS = 1200  # longer sentences are analysed on their first MAX_CHARS characters only

_STATE: dict[str, object] = {}


def _pos_fn():
    if "fn" not in _STATE:
        try:
            import underthesea  # noqa: F401  # loaded once, lazily
            from nlp.crf import pos_tag  # underthesea's models, compiled feature templates
            _STATE["fn"] = pos_tag
        except Exception:  # pragma: no cover - underthesea missing or broken
            _STATE["fn"] = None
    return _STATE["fn"]


_SEEDED: dict[str, tuple[tuple[int, int, str], ...]] = {}
_SEEDED_MAX = 512


def _spans(text: str, tagged) -> tuple[tuple[int, int, str], ...]:
    out: list[tuple[int, int, str]] = []
    pos = 0
    for tok, tag, *_rest in tagged:
        j = text.find(tok, pos)
        if j < 0:
            continue
        out.append((j, j + len(tok), tag))
        pos = j + len(tok)
    return tuple(out)


def remember_tags(sentence: str, tagged) -> None:
    """Keep POS tags another underthesea stage already computed for sentence (ner() returns them too).

    >>> remember_tags("Hà Nội có 30 quận", [("Hà Nội", "Np"), ("có", "V"), ("30", "M"), ("quận", "N")])
    >>> pos_spans("Hà Nội có 30 quận")[-1]
    (13, 17, 'N')
    """
    if len(_SEEDED) >= _SEEDED_MAX:
        _SEEDED.clear()
    _SEEDED[sentence] = _spans(sentence, tagged)


def pos_spans(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, tag) of each underthesea pos_tag token found in the sentence (first MAX_CHARS characters).

    Tags remembered from an earlier stage (remember_tags) are used instead of tagging again.

    >>> [(s, e, t) for s, e, t in pos_spans("Có 12 doanh nghiệp") if t == "N"]
    [(6, 18, 'N')]
    """
    if not isinstance(sentence, str):
        raise ValueError("sentence must be a str")
    seeded = _SEEDED.get(sentence)
    return seeded if seeded is not None else _tag(sentence)


@lru_cache(maxsize=1024)
def _tag(sentence: str) -> tuple[tuple[int, int, str], ...]:
    return _spans(sentence[:MAX_CHARS], tagged(sentence))


@lru_cache(maxsize=1024)
def tagged(sentence: str) -> tuple[tuple[str, str], ...]:
    """underthesea's (word, POS) tokens of the sentence's first MAX_CHARS characters, computed once.

    The figure extractor and the entity recogniser both read these: one tagging pass per sentence.

    >>> tagged("Có 12 doanh nghiệp")[-1]
    ('doanh nghiệp', 'N')
    """
    if not isinstance(sentence, str):
        raise ValueError("sentence must be a str")
    fn = _pos_fn()
    text = sentence[:MAX_CHARS]
    if fn is None or not text.strip():
        return ()
    try:
        return tuple((w, t) for w, t in fn(text))
    except Exception:
        return ()


def compound_spaces(sentence: str) -> frozenset[int]:
    """Offsets of spaces that sit inside a multi-syllable word ("doanh nghiệp"), per underthesea.

    >>> sorted(compound_spaces("Có 12 doanh nghiệp"))
    [11]
    """
    if not isinstance(sentence, str):
        raise ValueError("sentence must be a str")
    return frozenset(k for start, end, _tag in pos_spans(sentence)
                     for k in range(start, end) if sentence[k] == " ")


_DIGITS_OR_CUE = re.compile(r"\d|một nửa|phần (?:hai|ba|tư|năm|mười)|gấp (?:đôi|rưỡi|ba)|(?:nghìn|triệu|tỷ|tỉ)\b")


def needs_analysis(folded: str) -> bool:
    """Cheap prefilter: only sentences with a digit or a spelled-number cue go further."""
    return bool(_DIGITS_OR_CUE.search(folded))
