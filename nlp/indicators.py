"""Indicator keys: a normalised key for (subject, kind, unit), resolved through nlp/indicators.yaml."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from nlp.figure import KINDS
from nlp.sentences import fold, nfc

CATALOG_PATH = Path(__file__).with_name("indicators.yaml")
_LEADING = re.compile(r"^(?:tổng số lượng|tổng số|số lượng|tổng cộng|tổng|số)\s+(?=\S+\s+\S)")
_KIND_UNIT = {"percent": "%", "ratio": "tỷ lệ"}
# Subjects that name a reference, not a measured quantity: "đạt 96% kế hoạch", "tổng kinh phí 7 tỷ đồng".
# Observations keep them as subject, but they get no indicator key, so no series mixes unrelated plans.
_GENERIC = frozenset(_g for _g in (
    "ke hoach", "ke hoach nam", "ke hoach de ra", "ke hoach giao", "du toan", "du toan giao", "chi tieu",
    "chi tieu giao", "chi tieu de ra", "muc tieu", "cung ky", "tong kinh phi", "kinh phi", "tong von",
    "tong muc dau tu", "von dau tu", "so tien", "tong so tien", "muc ho tro", "so luong", "tong cong",
))


def _norm(s: str) -> str:
    s = fold(nfc(s))
    s = re.sub(r"[^\w\s()%/]", " ", s)
    s = re.sub(r"\(\s*\)", " ", s)
    return " ".join(s.split())


def _ascii(s: str) -> str:
    """Diacritics-free lowercase form, for comparing against the generic-subject list."""
    s = unicodedata.normalize("NFD", s.lower().replace("đ", "d"))
    return "".join(c for c in s if not unicodedata.combining(c))


def _short(s: str) -> str:
    s = re.sub(r"\([^)]*\)", " ", s)
    return " ".join(s.split())


@lru_cache(maxsize=1)
def load_catalog() -> tuple[tuple[str, frozenset[str], str | None, tuple[str, ...]], ...]:
    """The catalog (key, kinds, unit, normalised synonyms), read once from indicators.yaml."""
    import yaml  # local import: only needed when keys are computed

    with CATALOG_PATH.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh) or []
    out = []
    for entry in data:
        syns = tuple(sorted({_short(_norm(str(s))) for s in entry.get("synonyms", [])} | {_short(_norm(entry["key"]))},
                            key=len, reverse=True))
        out.append((str(entry["key"]), frozenset(entry.get("kinds", KINDS)), entry.get("unit"), syns))
    return tuple(out)


def indicator_key(subject: str | None, kind: str, unit: str | None = None) -> str | None:
    """A normalised indicator key such as "tỷ lệ hộ nghèo (%)"; catalog synonyms map to one key.

    >>> indicator_key("hộ nghèo", "percent"), indicator_key("Tổng số doanh nghiệp thành lập mới", "count", "doanh nghiệp")
    ('tỷ lệ hộ nghèo (%)', 'doanh nghiệp thành lập mới (doanh nghiệp)')
    >>> indicator_key("kế hoạch năm", "percent") is None  # a reference, not an indicator
    True
    """
    if subject is not None and not isinstance(subject, str):
        raise ValueError("subject must be a str or None")
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    if unit is not None and not isinstance(unit, str):
        raise ValueError("unit must be a str or None")
    if not subject or not subject.strip():
        return None
    s = _short(_norm(subject))
    s = _LEADING.sub("", s)
    if not s or _ascii(s) in _GENERIC:
        return None
    suffix = unit if kind in ("money", "count", "measure") and unit else _KIND_UNIT.get(kind, kind)
    best: tuple[int, str, str | None] | None = None
    for key, kinds, cat_unit, syns in load_catalog():
        if kind not in kinds:
            continue
        for syn in syns:
            if s == syn:
                return f"{key} ({cat_unit or suffix})"
            if len(syn.split()) >= 2 and re.search(r"(?<![\w])" + re.escape(syn) + r"(?![\w])", s):
                if best is None or len(syn) > best[0]:
                    best = (len(syn), key, cat_unit)
    if best is not None:
        return f"{best[1]} ({best[2] or suffix})"
    return f"{s} ({suffix})"
