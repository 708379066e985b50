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
