"""People, organizations and places named in Vietnamese text (underthesea NER, cleaned) + watchlist matching.

Pure: no I/O besides loading underthesea's models and the gazetteer lazily on first use. NER reuses the POS
tags of nlp.tagger (the figure extractor reads the same cached tags: one tagging pass per sentence) and runs
only on sentences with a capitalized word after the first one, and — when the caller says where the lead
ends (`lead`) — only in the lead and in sentences that attribute words to someone.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Callable, Iterable, Sequence

from nlp.entity_rules import ADMIN, CONNECT, ORG_HEADS, cap, extend_org, judge
from nlp.sentences import split_sentences

MAX_SENTENCE = 1200  # = nlp.tagger.MAX_CHARS: longer sentences are read on their first characters only
KINDS = {"PER": "person", "ORG": "organization", "LOC": "place"}
# A sentence attributing words or figures to someone: quotes, "cho biết", "theo ông …".
_ATTRIBUTION = re.compile(r"[\"“”]|(?<!\w)(?:cho biết|nói|phát biểu|khẳng định|nhấn mạnh|chia sẻ|thông tin|"
                          r"đề nghị|yêu cầu|kết luận|[Tt]heo (?:ông|bà|anh|chị|đại diện|lãnh đạo|[A-ZĐÀ-Ỹ]))(?!\w)")
_ner: Callable[[str], list] | None = None


@dataclass(frozen=True)
class Entity:
    """One mention: its text as written, kind (person/organization/place), offsets, canonical name."""

    text: str
    kind: str
    start: int
    end: int
    name: str | None = None  # canonical (watchlist) name when an alias matched
    watch: bool = False

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (picklable, JSON-able)."""
        return asdict(self)


def entity_key(name: str) -> str:
    """Comparison key: NFC, lowercase, no diacritics, đ -> d, single spaces, no punctuation."""
    s = unicodedata.normalize("NFC", name).lower().replace("đ", "d")
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w&]+", " ", s).split())


def _default_ner(sentence: str) -> list:
    """(word, POS, NER label) per token: the shared POS tags of nlp.tagger + underthesea's NER model."""
    from nlp.crf import ner_tags
    from nlp.tagger import tagged

    tokens = tagged(sentence)
    return [(w, t, label) for (w, t), label in zip(tokens, ner_tags(tokens))]


def _sentences(text: str) -> Iterable[tuple[int, str]]:
    """The same sentences the figure extractor reads (numbers like "1.120" and "TP." don't split)."""
    for start, end in split_sentences(text):
        yield start, text[start:end]


def worth_tagging(sentence: str) -> bool:
    """True when the sentence has a capitalized word beyond its first (a name may be there)."""
    words = sentence.split()[1:]
    return any(w.lstrip("\"'“‘(«").strip()[:1].isupper() for w in words)


def attributes(sentence: str) -> bool:
    """True for a sentence that attributes words to someone (a quote, "cho biết", "theo ông").

    >>> attributes("Bà Lê Thị Hoa cho biết số ca giảm."), attributes("Số ca giảm mạnh.")
    (True, False)
    """
    return bool(_ATTRIBUTION.search(sentence))


def extract_entities(text: str, ner: Callable[[str], list] | None = None, lead: int | None = None) -> list[Entity]:
    """Named people, organizations and places in text, in order, with offsets into text.

    With `lead`, sentences starting at or after that offset are read only when they attribute (attributes()).

    >>> [(e.kind, e.text) for e in extract_entities("Theo ông Nguyễn Văn An, quận Hoàng Mai có 5 trường.")]
    [('person', 'Nguyễn Văn An'), ('place', 'quận Hoàng Mai')]
    """
    text = unicodedata.normalize("NFC", text or "")
    tag = ner or _default_ner
    found: list[Entity] = []
    for offset, sent in _sentences(text):
        if not worth_tagging(sent) or (lead is not None and offset >= lead and not attributes(sent)):
            continue
        sent = sent[:MAX_SENTENCE]
        tokens = [(t[0], t[1] if len(t) > 2 else "", t[-1]) for t in tag(sent)]
        pos, offsets = 0, []
        for word, _, _ in tokens:
            at = sent.find(word, pos)
            offsets.append((at, at + len(word)) if at >= 0 else None)
            pos = at + len(word) if at >= 0 else pos
        for i, j, label in _spans(tokens):
            if offsets[i] is None or offsets[j - 1] is None:
                continue
            a, b = offsets[i][0], offsets[j - 1][1]
            kept = judge(sent[a:b], KINDS[label], tokens[i - 1][0] if i else "", offsets[i][0] == 0)
            if kept is None:
                continue
            b = a + len(kept[0]) if sent[a:a + len(kept[0])] == kept[0] else b
            found.append(Entity(sent[a:b], kept[1], offset + a, offset + b))
    return found


def plausible(name: str, label: str) -> bool:
    """False for tagger noise (numerals, one-syllable and common-word names, places outside the gazetteer)."""
    return judge(name, KINDS.get(label, label), "", False) is not None


def _spans(tokens: Sequence[tuple[str, str, str]]) -> list[tuple[int, int, str]]:
    """Token index spans [i, j) with a label: trimmed NER spans plus organisation-head spans, at full length."""
    raw: list[list] = []
    for k, (_, _, tagv) in enumerate(tokens):
        if tagv.startswith("B-") or (tagv.startswith("I-") and (not raw or raw[-1][1] != k or raw[-1][2] != tagv[2:])):
            raw.append([k, k + 1, tagv[2:]])
        elif tagv.startswith("I-"):
            raw[-1][1] = k + 1
    spans = []
    for i, j, label in raw:
        if label not in KINDS:
            continue
        while i < j and not cap(tokens[i][0]) and not (label == "LOC" and tokens[i][0] in ADMIN
                                                        and i + 1 < j and cap(tokens[i + 1][0])):
            i += 1
        while j > i and not cap(tokens[j - 1][0]):
            j -= 1
        if j > i and label == "LOC" and i > 0 and tokens[i - 1][0] in ADMIN:
            i -= 1  # "quận Hoàng Mai", not "Hoàng Mai"
        j = next((k for k in range(i + 1, j - 1) if tokens[k][0] in CONNECT and tokens[k + 1][0] in ORG_HEADS), j)
        if j > i:  # ("Văn phòng Bộ Công an và Cục Hàng hải": two organisations, cut before "và Cục")
            org = tokens[i][0] in ORG_HEADS
            spans.append((i, extend_org(tokens, i, j) if org else j, "ORG" if org else label))
    for i, (word, _, _) in enumerate(tokens):
        if word in ORG_HEADS:
            j = extend_org(tokens, i, i + 1)
            if j > i + 1:
                spans.append((i, j, "ORG"))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str]] = []
    for s in spans:
        if out and s[0] < out[-1][1]:
            continue  # inside (or overlapping) a longer span that starts earlier
        out.append(s)
    return out


@dataclass(frozen=True)
class WatchName:
    """A name staff care about: canonical name, kind and aliases (case, NFC/NFD and tone placement insensitive)."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()


@lru_cache(maxsize=8)
def _matcher(watchlist: tuple[WatchName, ...]):
    from nlp.matcher import build

    return build(watchlist)


def match_watchlist(text: str, watchlist: Sequence[WatchName]) -> list[Entity]:
    """Mentions of watchlist names or aliases in text, whole words, one Aho–Corasick pass (nlp.matcher).

    >>> [e.name for e in match_watchlist("Sở y tế họp.", [WatchName("Sở Y tế Hà Nội", "organization", ("Sở Y tế",))])]
    ['Sở Y tế Hà Nội']
    """
    norm = unicodedata.normalize("NFC", text or "")
    return [Entity(norm[a:b], w.kind, a, b, name=w.name, watch=True)
            for a, b, w in _matcher(tuple(watchlist)).find(norm)]


def resolve(entities: Iterable[Entity], watchlist: Sequence[WatchName]) -> list[Entity]:
    """Give NER entities whose text is a watchlist name or alias that canonical name."""
    index = {entity_key(a): w for w in watchlist for a in (w.name, *w.aliases)}
    out = []
    for e in entities:
        w = index.get(entity_key(e.text))
        out.append(Entity(e.text, w.kind, e.start, e.end, name=w.name, watch=True) if w else e)
    return out
