"""People, organizations and places named in Vietnamese text (underthesea NER) + watchlist matching.

Pure: no I/O besides loading underthesea's model lazily on first use. To stay cheap, NER runs
once per sentence and only on sentences with a capitalized word after the first one; long
sentences are cut to MAX_SENTENCE characters.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass
from typing import Any, Callable, Iterable, Sequence

from nlp.sentences import split_sentences
from nlp.tagger import remember_tags

MAX_SENTENCE = 400
KINDS = {"PER": "person", "ORG": "organization", "LOC": "place"}
_OLD_TONES = {"oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa", "oè": "òe", "oé": "óe", "oẻ": "ỏe",
              "oẽ": "õe", "oẹ": "ọe", "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy"}
# Organisation heads underthesea's model rarely tags: "Sở Y tế Hà Nội", "Bộ Tài chính", "UBND TP Hà Nội".
ORG_HEADS = frozenset({
    "Sở", "Bộ", "Ủy ban", "Uỷ ban", "UBND", "HĐND", "Tổng cục", "Cục", "Viện", "Bệnh viện", "Trường", "Công ty",
    "Tập đoàn", "Ngân hàng", "Thành ủy", "Thành uỷ", "Quận ủy", "Huyện ủy", "Hội", "Trung tâm", "Văn phòng",
    "Quốc hội", "Chính phủ", "Tòa án", "Viện kiểm sát", "Công an", "Đại học",
})
ADMIN = frozenset({"quận", "huyện", "phường", "xã", "thị xã", "tỉnh", "thành phố", "TP", "TP.", "thị trấn"})
_NOISE = frozenset({"tây", "nam", "bắc", "đông", "bảy", "tết", "sở", "bộ", "quận", "huyện", "phường", "xã", "ông",
                    "bà", "anh", "chị", "thủ", "đô", "trung", "ương", "nhà", "nước"})
_CONNECT = frozenset({"-", "–", "&", "và"})
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
    global _ner
    if _ner is None:
        from underthesea import ner

        _ner = ner
    return _ner(sentence)


def _sentences(text: str) -> Iterable[tuple[int, str]]:
    """The same sentences the figure extractor reads (numbers like "1.120" and "TP." don't split)."""
    for start, end in split_sentences(text):
        if text[start:end].strip():
            yield start, text[start:end]


def worth_tagging(sentence: str) -> bool:
    """True when the sentence has a capitalized word beyond its first (a name may be there)."""
    words = sentence.split()[1:]
    return any(w.lstrip("\"'“‘(«").strip()[:1].isupper() for w in words)


def extract_entities(text: str, ner: Callable[[str], list] | None = None) -> list[Entity]:
    """Named people, organizations and places in text, in order, with offsets into text."""
    text = unicodedata.normalize("NFC", text or "")
    tag = ner or _default_ner
    found: list[Entity] = []
    for offset, sent in _sentences(text):
        if not worth_tagging(sent):
            continue
        whole = len(sent) <= MAX_SENTENCE
        sent = sent[:MAX_SENTENCE]
        tagged = tag(sent)
        if whole and tagged and len(tagged[0]) >= 4:  # ner(): (word, POS, chunk, NER); figures reuse the POS
            remember_tags(sent.strip(), tagged)
        tokens = [(t[0], t[-1]) for t in tagged]
        pos, offsets = 0, []
        for word, _ in tokens:
            at = sent.find(word, pos)
            offsets.append((at, at + len(word)) if at >= 0 else None)
            pos = at + len(word) if at >= 0 else pos
        for i, j, label in _spans(tokens):
            if offsets[i] is None or offsets[j - 1] is None:
                continue
            a, b = offsets[i][0], offsets[j - 1][1]
            if not plausible(sent[a:b], label):
                continue
            found.append(Entity(sent[a:b], KINDS[label], offset + a, offset + b))
    return found


def plausible(name: str, label: str) -> bool:
    """False for tagger noise: one-syllable directions and numerals, codes, acronyms tagged as people/places."""
    if any(c.isdigit() for c in name) or len(name) < 2:
        return False
    if label != "ORG" and (name.isupper() or "-" in name and name.replace("-", "").isupper()):
        return False
    return " " in name or name.lower() not in _NOISE


def _cap(word: str) -> bool:
    return word[:1].isupper()


def _spans(tokens: Sequence[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """Token index spans [i, j) with a label: cleaned NER spans plus organisation-head spans."""
    raw: list[list] = []
    for k, (word, tagv) in enumerate(tokens):
        if tagv.startswith("B-") or (tagv.startswith("I-") and (not raw or raw[-1][1] != k or raw[-1][2] != tagv[2:])):
            raw.append([k, k + 1, tagv[2:]])
        elif tagv.startswith("I-"):
            raw[-1][1] = k + 1
    spans = []
    for i, j, label in raw:
        if label not in KINDS:
            continue
        while i < j and not _cap(tokens[i][0]) and not (label == "LOC" and tokens[i][0] in ADMIN
                                                         and i + 1 < j and _cap(tokens[i + 1][0])):
            i += 1
        while j > i and not _cap(tokens[j - 1][0]):
            j -= 1
        if j > i:
            spans.append((i, j, "ORG" if tokens[i][0] in ORG_HEADS else label))
    for i, (word, _) in enumerate(tokens):
        if word not in ORG_HEADS:
            continue
        j = i + 1
        while j < len(tokens) and not (tokens[j][0] in _CONNECT and j + 1 < len(tokens)
                                       and tokens[j + 1][0] in ORG_HEADS) and (
                _cap(tokens[j][0]) or tokens[j][0] in _CONNECT or (
                tokens[j][0] in ADMIN and j + 1 < len(tokens) and _cap(tokens[j + 1][0]))):
            j += 1
        while j > i + 1 and tokens[j - 1][0] in _CONNECT:
            j -= 1
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
    """A name staff care about: canonical name, kind and aliases (all matched diacritic-insensitively)."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()


def _fold_tones(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    for old, new in _OLD_TONES.items():
        s = s.replace(old, new).replace(old.capitalize(), new.capitalize())
    return s


def match_watchlist(text: str, watchlist: Sequence[WatchName]) -> list[Entity]:
    """Mentions of watchlist names or aliases in text (case, NFC/NFD and tone placement insensitive)."""
    norm = _fold_tones(text or "")
    low = norm.lower()
    out: list[Entity] = []
    for w in watchlist:
        for alias in sorted({w.name, *w.aliases}, key=len, reverse=True):
            pat = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, _fold_tones(alias).lower().split())) + r"(?!\w)")
            for m in pat.finditer(low):
                if any(e.start <= m.start() < e.end for e in out):
                    continue
                out.append(Entity(norm[m.start():m.end()], w.kind, m.start(), m.end(), name=w.name, watch=True))
    return sorted(out, key=lambda e: e.start)


def resolve(entities: Iterable[Entity], watchlist: Sequence[WatchName]) -> list[Entity]:
    """Give NER entities whose text is a watchlist name or alias that canonical name."""
    index = {entity_key(a): w for w in watchlist for a in (w.name, *w.aliases)}
    out = []
    for e in entities:
        w = index.get(entity_key(e.text))
        out.append(Entity(e.text, w.kind, e.start, e.end, name=w.name, watch=True) if w else e)
    return out
