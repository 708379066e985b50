"""Lazy, bounded access to underthesea word segmentation (one call per figure sentence)."""
from __future__ import annotations

import re
from functools import lru_cache

MAX_CHARS = 1200  # longer sentences are segmented on their first MAX_CHARS characters only

_STATE: dict[str, object] = {}


def _tokenizer():
    if "fn" not in _STATE:
        try:
            from underthesea import word_tokenize  # loaded once, lazily
            _STATE["fn"] = word_tokenize
        except Exception:  # pragma: no cover - underthesea missing or broken
            _STATE["fn"] = None
    return _STATE["fn"]


@lru_cache(maxsize=2048)
def compound_spaces(sentence: str) -> frozenset[int]:
    """Offsets of spaces that sit inside a multi-syllable word ("doanh nghiệp"), per underthesea."""
    if not isinstance(sentence, str):
        raise ValueError("sentence must be a str")
    fn = _tokenizer()
    text = sentence[:MAX_CHARS]
    if fn is None or not text.strip():
        return frozenset()
    try:
        tokens = fn(text)
    except Exception:
        return frozenset()
    inside: set[int] = set()
    pos = 0
    for tok in tokens:
        if " " not in tok:
            j = text.find(tok, pos)
            if j >= 0:
                pos = j + len(tok)
            continue
        j = text.find(tok, pos)
        if j < 0:
            continue
        for k in range(j, j + len(tok)):
            if text[k] == " ":
                inside.add(k)
        pos = j + len(tok)
    return frozenset(inside)


_DIGITS_OR_CUE = re.compile(r"\d|một nửa|phần (?:hai|ba|tư|năm|mười)|gấp (?:đôi|rưỡi|ba)|(?:nghìn|triệu|tỷ|tỉ)\b")


def needs_analysis(folded: str) -> bool:
    """Cheap prefilter: only sentences with a digit or a spelled-number cue go further."""
    return bool(_DIGITS_OR_CUE.search(folded))


_POS_STATE: dict[str, object] = {}


def _pos_fn():
    if "fn" not in _POS_STATE:
        try:
            from underthesea import pos_tag  # loaded once, lazily
            _POS_STATE["fn"] = pos_tag
        except Exception:  # pragma: no cover - underthesea missing or broken
            _POS_STATE["fn"] = None
    return _POS_STATE["fn"]


@lru_cache(maxsize=1024)
def pos_spans(sentence: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, tag) of each underthesea pos_tag token found in the sentence (first MAX_CHARS characters)."""
    if not isinstance(sentence, str):
        raise ValueError("sentence must be a str")
    fn = _pos_fn()
    text = sentence[:MAX_CHARS]
    if fn is None or not text.strip():
        return ()
    try:
        tagged = fn(text)
    except Exception:
        return ()
    out: list[tuple[int, int, str]] = []
    pos = 0
    for tok, tag in tagged:
        j = text.find(tok, pos)
        if j < 0:
            continue
        out.append((j, j + len(tok), tag))
        pos = j + len(tok)
    return tuple(out)
