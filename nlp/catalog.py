"""The indicator catalog: concepts with their synonyms and admitted kinds, read lazily from a yaml file.

Matching runs on a canonical form of the text (lowercase, new-style tones, punctuation blanked, common
abbreviations spelled out: "BHXH" -> "bảo hiểm xã hội"), so the catalog and the articles may use either form.
One Aho-Corasick automaton holds every synonym; a text is scanned once whatever the catalog size.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlp.figure import KINDS
from nlp.sentences import fold, nfc

CATALOG_PATH = Path(__file__).with_name("indicators.yaml")
# The shipped yaml as JSON (`make catalog` writes it), read instead of the yaml while their hashes agree:
# libyaml still builds every node in Python (~0.07 s), a tenth of a small `solieu reprocess`.
SNAPSHOT_PATH = Path(__file__).with_name("indicators.snapshot.json")
DOMAINS = ("economy", "markets", "social", "health_edu_env", "local")
_FIELDS = {"key", "domain", "kinds", "unit", "synonyms", "context_synonyms", "context"}
# Spelling variants and abbreviations, applied word by word on folded text (both catalog and articles).
_WORDS = {
    "tỉ": "tỷ", "bhxh": "bảo hiểm xã hội", "bhyt": "bảo hiểm y tế", "bhtn": "bảo hiểm thất nghiệp",
    "dn": "doanh nghiệp", "lđ": "lao động", "ntm": "nông thôn mới", "thpt": "trung học phổ thông",
    "thcs": "trung học cơ sở", "tthc": "thủ tục hành chính", "dvc": "dịch vụ công", "heo": "lợn",
    "hêrôin": "heroin", "ôtô": "ô tô", "tnxh": "tệ nạn xã hội", "tngt": "tai nạn giao thông", "vn": "việt nam",
    "kcn": "khu công nghiệp", "ccn": "cụm công nghiệp", "nsnn": "ngân sách nhà nước", "nhnn": "ngân hàng nhà nước",
    "tmcp": "thương mại cổ phần", "xnk": "xuất nhập khẩu", "ptth": "phổ thông", "bv": "bệnh viện",
    "tcm": "tay chân miệng", "sxh": "sốt xuất huyết", "tphcm": "thành phố hồ chí minh", "tw": "trung ương",
    "t.ư": "trung ương", "ubnd": "ủy ban nhân dân", "hđnd": "hội đồng nhân dân", "ron95": "ron 95",
    "ron92": "ron 92", "e5ron92": "e5 ron 92", "e10ron95": "e10 ron 95", "tp": "thành phố", "gam": "g",
}
_TOKEN = re.compile(r"[\w.]+", re.UNICODE)


@lru_cache(maxsize=8192)  # a pure function of the text, asked of each figure's sentence and subject forms
def canon(text: str) -> str:
    """Canonical matching form: folded, punctuation blanked, abbreviations expanded, one space between words.

    >>> canon("Số người tham gia BHXH (bắt buộc)"), canon("Tỉ lệ hộ nghèo")
    ('số người tham gia bảo hiểm xã hội bắt buộc', 'tỷ lệ hộ nghèo')
    """
    words = []
    for tok in _TOKEN.findall(fold(nfc(text)).replace("_", " ")):
        tok = tok.strip(".")
        if not tok:
            continue
        if tok not in _WORDS and "." in tok and not re.fullmatch(r"[\d.]+", tok):
            words.extend(_WORDS.get(t, t) for t in tok.split(".") if t)
            continue
        words.append(_WORDS.get(tok, tok))
    return " ".join(words)


@dataclass(frozen=True)
class Concept:
    """One catalog entry: the concept's name (the key stem), its domain, the kinds it admits, a count unit."""

    key: str
    domain: str
    kinds: frozenset[str]
    unit: str | None
    synonyms: tuple[tuple[str, frozenset[str]], ...]          # (canonical form, kinds it names)
    context_synonyms: tuple[tuple[str, frozenset[str]], ...] = ()  # only when a `context` term is in the sentence
    context: tuple[str, ...] = ()


class _Matcher:
    """An automaton over canonical phrases -> [(concept, kinds)]; finds whole-word occurrences."""

    def __init__(self, table: dict[str, list[tuple[Concept, frozenset[str]]]]):
        import ahocorasick  # local import: only needed when keys are computed

        self._auto = ahocorasick.Automaton()
        for form, entries in table.items():
            self._auto.add_word(f" {form} ", (form, tuple(entries)))
        self._empty = not table
        if table:
            self._auto.make_automaton()

    def find(self, canonical: str, kind: str) -> list[tuple[int, int, Concept]]:
        if self._empty or not canonical:
            return []
        out = []
        for end, (form, entries) in self._auto.iter(f" {canonical} "):
            start = end - len(form) - 1  # offsets into `canonical` (the padding space shifts by one)
            out.extend((start, start + len(form), c) for c, kinds in entries if kind in kinds)
        return out


class Catalog:
    """Concepts and automata over their canonical synonyms (plain and context-bound)."""

    def __init__(self, concepts: list[Concept]):
        self.concepts = tuple(concepts)
        plain: dict[str, list] = {}
        bound: dict[str, list] = {}
        for c in concepts:
            for form, kinds in c.synonyms:
                plain.setdefault(form, []).append((c, kinds))
            for form, kinds in c.context_synonyms:
                bound.setdefault(form, []).append((c, kinds))
        self._plain, self._bound = _Matcher(plain), _Matcher(bound)
        self._by_form = plain

    def __len__(self) -> int:
        return len(self.concepts)

    def exact(self, canonical: str, kind: str) -> Concept | None:
        """The concept one of whose (plain) synonyms is exactly this canonical text, admitting kind; else None."""
        return next((c for c, kinds in self._by_form.get(canonical, ()) if kind in kinds), None)

    def find(self, canonical: str, kind: str) -> list[tuple[int, int, Concept]]:
        """Every (start, end, concept) whose synonym occurs as whole words in a canonical text and admits kind."""
        return self._plain.find(canonical, kind)

    def find_bound(self, canonical: str, kind: str, sentence: str) -> list[tuple[int, int, Concept]]:
        """Context-bound synonyms in a canonical text whose concept has a context term in the (canonical) sentence."""
        padded = f" {sentence} "
        return [m for m in self._bound.find(canonical, kind) if any(f" {t} " in padded for t in m[2].context)]


def _forms(items: object, kinds: list[str], where: str, name: str) -> list[tuple[str, frozenset[str]]]:
    if not isinstance(items, list):
        raise ValueError(f"{where}: '{name}' must be a list")
    out = []
    for item in items:
        own = kinds
        if isinstance(item, dict) and len(item) == 1:
            item, own = next(iter(item.items()))
            if not isinstance(own, list) or not own or any(k not in kinds for k in own):
                raise ValueError(f"{where}: the kinds of {item!r} must be a non-empty list within {kinds}")
        if not isinstance(item, (str, int, float)) or isinstance(item, bool):
            raise ValueError(f"{where}: '{name}' items must be strings or {{phrase: [kinds]}}, not {item!r}")
        form = canon(str(item))
        if form:
            out.append((form, frozenset(own)))
    return out


def _concepts(data: object, source: str) -> list[Concept]:
    if not isinstance(data, list):
        raise ValueError(f"{source}: the catalog must be a yaml list of concepts")
    seen: dict[str, int] = {}
    owner: dict[tuple[str, str, bool], str] = {}
    out = []
    for n, entry in enumerate(data, 1):
        where = f"{source}: entry {n}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: expected a mapping with key, kinds and synonyms")
        unknown = set(entry) - _FIELDS
        if unknown:
            raise ValueError(f"{where}: unknown field(s) {sorted(unknown)}; allowed: {sorted(_FIELDS)}")
        key = entry.get("key")
        if not isinstance(key, str) or not canon(key):
            raise ValueError(f"{where}: 'key' must be a non-empty string")
        key = " ".join(nfc(key).split())
        where = f"{source}: entry {n} ({key!r})"
        if key in seen:
            raise ValueError(f"{where}: duplicate key (first at entry {seen[key]})")
        seen[key] = n
        domain = entry.get("domain", "other")
        if domain not in DOMAINS + ("other",):
            raise ValueError(f"{where}: domain must be one of {DOMAINS}")
        kinds = entry.get("kinds", list(KINDS))
        if not isinstance(kinds, list) or not kinds or any(k not in KINDS for k in kinds):
            raise ValueError(f"{where}: 'kinds' must be a non-empty list of {KINDS}")
        unit = entry.get("unit")
        if unit is not None and (not isinstance(unit, str) or not unit.strip()):
            raise ValueError(f"{where}: 'unit' must be a non-empty string when given")
        syns = _forms(entry.get("synonyms", []), kinds, where, "synonyms")
        if not any(f == canon(key) for f, _ in syns):
            syns.append((canon(key), frozenset(kinds)))
        bound = _forms(entry.get("context_synonyms", []), kinds, where, "context_synonyms")
        context = _forms(entry.get("context", []), kinds, where, "context")
        if bound and not context:
            raise ValueError(f"{where}: 'context_synonyms' need a 'context' list of terms")
        for forms, is_bound in ((syns, False), (bound, True)):
            for form, own in forms:
                for kind in own:
                    other = owner.setdefault((form, kind, is_bound), key)
                    if other != key and not is_bound:
                        raise ValueError(f"{where}: synonym {form!r} for kind {kind!r} already belongs to {other!r}")
        out.append(Concept(key, domain, frozenset(kinds), unit, tuple(syns), tuple(bound),
                           tuple(f for f, _ in context)))
    return out


def read_catalog(path: str | Path) -> Catalog:
    """Read and validate a catalog yaml file; ValueError says which entry is wrong and why."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the catalog: {exc}") from exc
    data = _snapshot_data(text)
    if data is None:
        data = _yaml(text, path)
    return Catalog(_concepts(data or [], str(path)))


def _yaml(text: str, path: Path) -> object:
    import yaml  # local import: only needed when keys are computed and no snapshot stands in

    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml: ~10x faster
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: not valid yaml: {exc}") from exc


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _snapshot_data(text: str) -> object | None:
    """The snapshot's data when it was made from exactly this yaml text, else None (then the yaml is read)."""
    try:
        snap = json.loads(SNAPSHOT_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(snap, dict) or snap.get("sha256") != _digest(text):
        return None
    return snap.get("data")


def snapshot(path: str | Path = CATALOG_PATH) -> dict:
    """The JSON snapshot of a catalog yaml file: its data and the hash of its text (`make catalog` writes it)."""
    text = Path(path).read_text(encoding="utf-8")
    data = _yaml(text, Path(path))
    _concepts(data or [], str(path))  # a snapshot of an invalid catalog is refused (ValueError)
    return {"note": f"generated from {Path(path).name} by `make catalog`: edit the yaml, not this",
            "sha256": _digest(text), "data": data}


@lru_cache(maxsize=4)
def load_catalog(path: str | None = None) -> Catalog:
    """The catalog at path (default nlp/indicators.yaml), read and compiled once."""
    return read_catalog(path or CATALOG_PATH)
