"""Typed diacritics count: a query word written with them matches only that word, exactly.

The FTS5 index folds every diacritic (so "ho ngheo" finds "hộ nghèo"); `exact_filter` turns a
query into a check on an article's own text that the words typed *with* diacritics ("hồ", "Hạnh",
"đường") appear as written, up to case, NFC/NFD and old/new tone placement ("hoà" = "hòa").
Words typed without diacritics keep matching folded. Pure functions, no SQL.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any, Callable

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_OLD_TONE = re.compile(f"([ou])([aey])([{_TONES}])")  # hoà -> hòa, thuỷ -> thủy (after NFD)
_OPERATORS = re.compile(r"\b(?:OR|NOT|NEAR)\b|[()^{}]")
_TOKEN = re.compile(r'"([^"]*)"|(\S+)')


def canon(text: str) -> str:
    """Text in one comparable form: lower case, NFC, tone marks placed the new way.

    >>> canon("Thuỷ lợi HOÀ BÌNH") == canon("thủy lợi hòa bình")
    True
    """
    nfd = unicodedata.normalize("NFD", (text or "").lower())
    return unicodedata.normalize("NFC", _OLD_TONE.sub(r"\1\3\2", nfd))


def fold(text: str) -> str:
    """Text without any diacritic, đ included, lower case ("Đường" -> "duong")."""
    nfd = unicodedata.normalize("NFD", (text or "").lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(ch for ch in nfd if not unicodedata.combining(ch))


def has_diacritics(word: str) -> bool:
    """True when the word carries a Vietnamese diacritic or đ.

    >>> has_diacritics("hồ"), has_diacritics("ho"), has_diacritics("đi")
    (True, False, True)
    """
    return fold(word) != (word or "").lower()


def _words(text: str) -> list[str]:
    return re.findall(r"\w+\*?", text)


_COLUMNS = (("title", 10.0, 15), ("sapo", 4.0, 40), ("text", 1.0, 600))  # weight, typical length in words


def exact_filter(query: str) -> Callable[[dict[str, Any]], float | None] | None:
    """A scorer of an article row (title, sapo, text) for the query's diacritic words and phrases:
    None for a row without them all, else a BM25-like score of the exact hits (higher is better).
    None instead of a scorer when nothing was typed with diacritics or the query uses OR/NOT/NEAR."""
    if _OPERATORS.search(query):
        return None
    patterns = []
    for phrase, bare in _TOKEN.findall(unicodedata.normalize("NFC", query)):
        words = _words(phrase if phrase else bare.split(":", 1)[-1])
        if not any(has_diacritics(w) for w in words):
            continue
        parts = []
        for w in words:
            stem, star = (w[:-1], r"\w*") if w.endswith("*") else (w, "")
            parts.append(re.escape(canon(stem)) + star if has_diacritics(stem) else _folded_word(stem) + star)
        if phrase:
            patterns.append(re.compile(r"(?<!\w)" + r"[\W_]+".join(parts) + r"(?!\w)"))
        else:
            patterns += [re.compile(r"(?<!\w)" + p + r"(?!\w)") for p, w in zip(parts, words) if has_diacritics(w)]
    if not patterns:
        return None

    def score(row: dict[str, Any]) -> float | None:
        cols = [(canon(row.get(c) or ""), w, typical) for c, w, typical in _COLUMNS]
        total, found = 0.0, 0
        for p in patterns:
            hits = 0
            for text, weight, typical in cols:
                tf = len(p.findall(text))
                hits += tf
                if tf:
                    size = max(1, text.count(" ") + 1)
                    total += weight * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * size / typical))
            found += hits > 0
        return total if found == len(patterns) else None
    return score


def _folded_word(word: str) -> str:
    """A regex matching word with any diacritics on it (the query typed none)."""
    variants = _variants()
    return "".join(variants.get(ch, re.escape(ch)) for ch in fold(word))


@functools.cache  # ~20 ms over the Latin blocks: built when a search first needs it, not at import
def _variants() -> dict[str, str]:
    out: dict[str, set[str]] = {}
    for cp in range(0xC0, 0x1EFA):
        ch = chr(cp)
        if ch.isalpha() and len(fold(ch)) == 1 and fold(ch) != ch.lower() and ch == ch.lower():
            out.setdefault(fold(ch), {fold(ch)}).add(ch)
    return {base: "[" + "".join(sorted(chars)) + "]" for base, chars in out.items()}


def keep_span(query: str) -> Callable[[str], bool]:
    """For snippets: does a highlighted span (matched folded) match a query word as typed?"""
    typed = [w.rstrip("*") for w in _words(unicodedata.normalize("NFC", query))]
    exact = {canon(w) for w in typed if has_diacritics(w)}
    loose = {fold(w) for w in typed if not has_diacritics(w)}

    def keep(span: str) -> bool:
        c = canon(span)
        return fold(span) in loose or c in exact or any(c.startswith(e) for e in exact)
    return keep
