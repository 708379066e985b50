"""underthesea's CRF POS and NER taggers with a compiled feature template (same features, ~10x cheaper).

underthesea builds each token's CRF features by re-parsing every template string with a regex and
rebuilding the sentence's columns per feature — O(n²) Python work that costs more than the tagging
itself. Here each template is parsed once into (offset, offset2, column, function) and columns are
built once per sentence; the feature strings are identical (tests/nlp/test_crf.py checks the tags
against underthesea's own pos_tag/ner), then underthesea's own model files tag them.
Models are loaded once, lazily.
"""
from __future__ import annotations

import re
from typing import Callable, Sequence

_TEMPLATE = re.compile(r"T\[(?P<index1>\-?\d+)(\,(?P<index2>\-?\d+))?\](\[(?P<column>.*)\])?(\.(?P<function>.*))?")
_STATE: dict[str, object] = {}


def _istitle(word: str) -> bool:
    if not word:
        return False
    try:
        return all(s[0].istitle() for s in word.split(" "))
    except IndexError:  # an empty part ("a  b"): underthesea answers False too
        return False


def _isallcap(word: str) -> bool:
    return all(c.istitle() for c in word)


def _functions() -> dict[str, Callable[[str], object]]:
    if "functions" not in _STATE:
        from underthesea.pipeline.ner.tagged_feature import lower_words

        _STATE["functions"] = {"lower": str.lower, "istitle": _istitle, "isallcap": _isallcap,
                               "isdigit": lambda w: str(w.isdigit()), "is_in_dict": lambda w: str(w.lower() in lower_words)}
    return _STATE["functions"]  # type: ignore[return-value]


def compile_template(template: Sequence[str]) -> list[tuple[str, int, int | None, int, Callable | None]]:
    """Parse underthesea feature templates ("T[-1,0][1]", "T[0].istitle") once."""
    out = []
    for syntax in template:
        m = _TEMPLATE.match(syntax)
        if m is None:
            raise ValueError(f"not a feature template: {syntax!r}")
        index2 = m.group("index2")
        func = m.group("function")
        out.append((f"{syntax}=", int(m.group("index1")), int(index2) if index2 else None,
                    int(m.group("column") or 0), _functions()[func] if func else None))
    return out


def featurize(sent: Sequence[Sequence[str]], compiled) -> list[list[str]]:
    """The CRF features of every token of sent (rows of columns), exactly as underthesea computes them."""
    n = len(sent)
    if not n:
        return []
    columns = [[row[j] for row in sent] for j in range(len(sent[0]))]
    out = []
    for i in range(n):
        feats = []
        for prefix, a, b, col, func in compiled:
            if i + a < 0:
                feats.append(prefix + "BOS")
                continue
            if i + a >= n or (b is not None and i + b >= n):
                feats.append(prefix + "EOS")
                continue
            word = " ".join(columns[col][i + a:i + b + 1]) if b is not None else sent[i + a][col]
            feats.append(f"{prefix}{func(word) if func is not None else word}")
        out.append(feats)
    return out


def _predictor(name: str):
    if name not in _STATE:
        if name == "pos":
            from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor as cls
        else:
            from underthesea.pipeline.ner.model_crf import CRFNERPredictor as cls
        model = cls.Instance()
        _STATE[name] = (model.model, compile_template(model.transformer.template))
    return _STATE[name]


def pos_tag(sentence: str) -> list[tuple[str, str]]:
    """underthesea.pos_tag(sentence): word-segmented tokens with their POS tags.

    >>> pos_tag("Hà Nội có 30 quận")[0]
    ('Hà Nội', 'Np')
    """
    from underthesea import word_tokenize

    words = word_tokenize(sentence)
    if not words:
        return []
    model, compiled = _predictor("pos")
    tags = model.tag(featurize([(w, "X") for w in words], compiled))
    return list(zip(words, tags))


def ner_tags(tagged: Sequence[tuple[str, str]]) -> list[str]:
    """underthesea's NER labels (B-PER, I-LOC, O…) for POS-tagged tokens; no chunking needed.

    underthesea's NER features read words, POS tags and (constant) previous labels, never the chunk
    column, so the chunker ner() runs first is skipped.

    >>> ner_tags(pos_tag("Ông Lê Văn Minh làm việc tại Hà Nội"))[-1]
    'B-LOC'
    """
    if not tagged:
        return []
    model, compiled = _predictor("ner")
    return list(model.tag(featurize([(w, t, "X", "X") for w, t in tagged], compiled)))
