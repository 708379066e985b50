"""Watchlist names found in a whole text at once: one Aho–Corasick automaton (pyahocorasick) over folded text.

Text and names are folded the same way (nlp.sentences.fold: lowercase, NFC, new-style tone placement, same
length as the text) and runs of spaces are squeezed, so "Sở LĐTBXH  Hà Nội" and "sở lđtbxh hà nội" match
"Sở LĐTBXH Hà Nội", while diacritics still count ("Hòa" is not "Hoa"). A hit must start and end on word
boundaries; overlapping hits keep the longest.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from typing import Iterable, Sequence

from nlp.sentences import fold

_SPACES = re.compile(r"\s+")


def squeeze(text: str) -> tuple[str, list[int], list[int]]:
    """fold(text) with whitespace runs as one space, plus a map back to offsets in text."""
    folded = fold(unicodedata.normalize("NFC", text))
    out, starts, shifts, pos, removed = [], [0], [0], 0, 0
    for m in _SPACES.finditer(folded):
        out.append(folded[pos:m.start()])
        out.append(" ")
        pos = m.end()
        if m.end() - m.start() > 1:
            removed += m.end() - m.start() - 1
            starts.append(m.start() + 1 - removed)  # first squeezed offset after this run
            shifts.append(removed)
    out.append(folded[pos:])
    return "".join(out), starts, shifts


def _back(k: int, starts: list[int], shifts: list[int]) -> int:
    return k + shifts[bisect.bisect_right(starts, k) - 1]


class Matcher:
    """An automaton over many names; find() returns (start, end, value) hits in a text."""

    def __init__(self, names: Iterable[tuple[str, object]]):
        import ahocorasick

        self._auto = ahocorasick.Automaton()
        for name, value in names:
            key = squeeze(name)[0].strip()
            if key and key not in self._auto:
                self._auto.add_word(key, (len(key), value))
        self._empty = len(self._auto) == 0
        if not self._empty:
            self._auto.make_automaton()

    def find(self, text: str) -> list[tuple[int, int, object]]:
        """Whole-word hits (offsets into text), longest first where they overlap, in text order."""
        if self._empty or not text:
            return []
        s, starts, shifts = squeeze(text)
        hits = []
        for end, (length, value) in self._auto.iter(s):
            a, b = end - length + 1, end + 1
            if (a > 0 and s[a - 1].isalnum()) or (b < len(s) and s[b].isalnum()):
                continue
            hits.append((a, b, value))
        out: list[tuple[int, int, object]] = []
        for a, b, value in sorted(hits, key=lambda h: h[0] - h[1]):  # longest first
            if any(a < y and x < b for x, y, _ in out):
                continue
            out.append((a, b, value))
        return sorted((_back(a, starts, shifts), _back(b - 1, starts, shifts) + 1, v) for a, b, v in out)


def build(watchlist: Sequence) -> Matcher:
    """A Matcher over every name and alias of watchlist entries (value: the entry)."""
    return Matcher((alias, w) for w in watchlist for alias in (w.name, *w.aliases))
