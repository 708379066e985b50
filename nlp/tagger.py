"""Lazy, bounded access to underthesea: one pos_tag call per sentence, at most, shared by figures and entities.

pos_tag segments words (word_tokenize) and tags them, so its tokens answer both questions the
extractor asks — where the multi-syllable words are ("doanh nghiệp") and which tokens are nouns —
from one call, made only for sentences that need it and cached.

The tags of the sentences an article needed can be kept (kept_tags) and given back on a later run
over the same text (`solieu reprocess` after an extractor upgrade): then the model is not even loaded.
"""
from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from functools import lru_cache
from typing import Iterator, Mapping, Sequence

MAX_CHARS = 1200  # longer sentences are analysed on their first MAX_CHARS characters only

_STATE: dict[str, object] = {}
_KNOWN: dict[str, Sequence[Sequence[str]]] = {}   # sentence key -> tags given back by kept_tags()
_RECORDING: list[dict[str, list[list[str]]]] = []  # the open kept_tags() blocks' records


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
    if seeded is not None:
        return seeded
    if _RECORDING:
        tagged(sentence)  # recorded even when the spans below come from the cache
    return _tag(sentence)


@lru_cache(maxsize=1024)
def _tag(sentence: str) -> tuple[tuple[int, int, str], ...]:
    return _spans(sentence[:MAX_CHARS], tagged(sentence))


def tagged(sentence: str) -> tuple[tuple[str, str], ...]:
    """underthesea's (word, POS) tokens of the sentence's first MAX_CHARS characters, computed once.

    The figure extractor and the entity recogniser both read these: one tagging pass per sentence.

    >>> tagged("Có 12 doanh nghiệp")[-1]
    ('doanh nghiệp', 'N')
    """
    if not isinstance(sentence, str):
        raise ValueError("sentence must be a str")
    out = _tagged(sentence)
    if _RECORDING and out:
        _RECORDING[-1][sentence_key(sentence)] = [list(t) for t in out]
    return out


@lru_cache(maxsize=1024)
def _tagged(sentence: str) -> tuple[tuple[str, str], ...]:
    text = sentence[:MAX_CHARS]
    if not text.strip():
        return ()
    if _KNOWN:
        known = _KNOWN.get(sentence_key(sentence))
        if known is not None:
            return tuple((w, t) for w, t in known)
    fn = _pos_fn()
    if fn is None:
        return ()
    try:
        return tuple((w, t) for w, t in fn(text))
    except Exception:
        return ()


def sentence_key(sentence: str) -> str:
    """The key a sentence's kept tags are stored under: a digest of the text the tagger reads.

    >>> len(sentence_key("Có 12 doanh nghiệp"))
    16
    """
    if not isinstance(sentence, str):
        raise ValueError("sentence must be a str")
    return hashlib.blake2b(sentence[:MAX_CHARS].encode("utf-8"), digest_size=8).hexdigest()


def tagger_version() -> str:
    """What produced the tags: underthesea's version and the characters read; kept tags of another are not used.

    >>> tagger_version().startswith("underthesea ")
    True
    """
    if "version" not in _STATE:
        from importlib.metadata import PackageNotFoundError, version

        try:
            _STATE["version"] = f"underthesea {version('underthesea')}; {MAX_CHARS} chars"
        except PackageNotFoundError:  # pragma: no cover
            _STATE["version"] = f"underthesea ?; {MAX_CHARS} chars"
    return _STATE["version"]  # type: ignore[return-value]


@contextmanager
def kept_tags(known: Mapping[str, Sequence[Sequence[str]]] | None = None) -> Iterator[dict[str, list[list[str]]]]:
    """Within the block, record the tags of every sentence tagged (by sentence_key) in the dict yielded;
    tags in known (an earlier record of the same tagger_version) are used instead of running the model.

    >>> with kept_tags({sentence_key("Có 12 doanh nghiệp"): [["Có", "V"], ["12", "M"], ["doanh nghiệp", "N"]]}) as rec:
    ...     _ = pos_spans("Có 12 doanh nghiệp")
    >>> rec[sentence_key("Có 12 doanh nghiệp")][-1]
    ['doanh nghiệp', 'N']
    """
    record: dict[str, list[list[str]]] = {}
    outer = dict(_KNOWN)
    if known:
        _KNOWN.update(known)
    _RECORDING.append(record)
    try:
        yield record
    finally:
        _RECORDING.pop()
        _KNOWN.clear()
        _KNOWN.update(outer)


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
