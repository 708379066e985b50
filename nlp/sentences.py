"""Text normalisation (NFC, tone placement, HTML leftovers) and sentence splitting with offsets."""
from __future__ import annotations

import re
import unicodedata

# Old-style tone placement ("hoà", "thuý") -> new style ("hòa", "thúy"); same length, used for matching only.
_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_OLD_RE = re.compile(r"(?<![qQ])(" + "|".join(_OLD_TONES) + r")(?![\w])")
_HTML_RE = re.compile(r"<[^<>\n]{0,300}>|&(?:[a-zA-Z]{2,8}|#\d{1,6});")
_ABBREV = ("tp", "tt", "ts", "ths", "pgs", "gs", "bs", "ks", "th", "q", "p", "mr", "ms", "dr", "st", "no", "vs", "hcm")
_SPLIT_RE = re.compile(r"(?:[.!?…]+[\"'”’»)]*)(?=\s+[\"'“‘«(\[]?[A-ZĐÀ-Ỹ0-9])|\n+")


def nfc(text: str) -> str:
    """NFC-normalise text (offsets of figures index this form)."""
    return unicodedata.normalize("NFC", text)


def _safe_lower(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def fold(text: str) -> str:
    """Lowercase, new-style tone placement, HTML tags blanked; always the same length as `text`."""
    out = _safe_lower(text)
    out = _OLD_RE.sub(lambda m: _OLD_TONES[m.group(1)], out)
    out = _HTML_RE.sub(lambda m: " " * len(m.group(0)), out)
    out = out.replace("\u00a0", " ").replace("\u2212", "-")
    return out


def split_sentences(text: str, folded: str | None = None) -> list[tuple[int, int]]:
    """Split into sentence spans (start, end) over `text`; abbreviations like "TP." do not split.

    >>> t = "Năm 2023 có 5 hộ. TP. HCM đạt 90%."
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['Năm 2023 có 5 hộ.', 'TP. HCM đạt 90%.']
    """
    if not isinstance(text, str):
        raise ValueError("text must be a str")
    folded = fold(text) if folded is None else folded
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SPLIT_RE.finditer(text):
        if m.group(0)[0] == ".":
            j = m.start()
            k = j
            while k > start and text[k - 1].isalpha():
                k -= 1
            word = folded[k:j]
            if word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
        end = m.end()
        _push(text, start, end, spans)
        start = end
    _push(text, start, len(text), spans)
    return spans


def _push(text: str, a: int, b: int, spans: list[tuple[int, int]]) -> None:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if b > a:
        spans.append((a, b))
