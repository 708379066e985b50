"""What people type for an indicator, place or period -> the stored value, or an error naming the nearest."""
from __future__ import annotations

import difflib
import unicodedata
from pathlib import Path
from typing import Sequence

import click

from db import queries


class LookupFailed(ValueError):
    """An indicator, place or period that the database does not know."""


def _ascii(s: str) -> str:
    s = unicodedata.normalize("NFD", (s or "").lower().replace("đ", "d"))
    return " ".join("".join(c for c in s if not unicodedata.combining(c)).split())


def nearest(value: str, known: Sequence[str], n: int = 3) -> list[str]:
    """The known values closest to value (diacritics and case ignored), best first."""
    by_fold: dict[str, str] = {}
    for k in known:
        by_fold.setdefault(_ascii(k), k)
    target = _ascii(value)
    close = difflib.get_close_matches(target, list(by_fold), n=n, cutoff=0.3)
    words = set(target.split())
    if len(close) < n:  # share words ("ho ngheo" ~ "ty le ho ngheo (%)")
        ranked = sorted(by_fold, key=lambda f: (-len(words & set(f.split())), len(f)))
        close += [f for f in ranked if words & set(f.split()) and f not in close][: n - len(close)]
    return [by_fold[c] for c in close]


def _fail(what: str, value: str, known: Sequence[str], hint: str = "") -> LookupFailed:
    near = nearest(value, known)
    tail = f"; nearest: {', '.join(repr(k) for k in near)}" if near else ""
    return LookupFailed(f"no observations of {what} {value!r}{tail}{hint}")


def resolve_indicator(db, text: str) -> str:
    """An exact key, the same key without diacritics, or the most observed key containing the words."""
    known = queries.distinct_values(db, "indicator")
    if text in known:
        return text
    folded = _ascii(text)
    exact = [k for k in known if _ascii(k) == folded]
    if exact:
        return exact[0]
    partial = [k for k in known if folded and folded in _ascii(k)]
    if partial:
        counts = {k: n for k, n in db.execute(
            "SELECT indicator, COUNT(*) FROM observations WHERE indicator IN (SELECT value FROM json_each(?)) "
            "GROUP BY indicator", [__import__("json").dumps(partial)]).fetchall()}
        best = max(partial, key=lambda k: (counts.get(k, 0), -len(k)))
        if len(partial) > 1:
            click.echo(f"{text!r} matches {len(partial)} indicators; showing {best!r}. Give an exact key "
                       f"(`solieu indicators`) to choose.", err=True)
        return best
    raise _fail("indicator", text, known, "; `solieu indicators` lists the keys")


def resolve_place(db, text: str) -> str:
    """A place as stored: the current province a name stands for ("Bắc Giang" -> "Bắc Ninh")."""
    from nlp.place import gazetteer, normalize_place

    known = queries.distinct_values(db, "place")
    place = normalize_place(text)
    if place is not None and place.province in known:
        return place.province
    if place is None and text in known:
        return text
    if place is not None:
        raise LookupFailed(f"no observations in {place.province!r} ({text!r}); places with observations: "
                           f"{', '.join(known[:8]) or 'none'}")
    raise _fail("place", text, list(known) + sorted({p for p, _ in gazetteer().provinces.values()}))


def resolve_period(db, text: str) -> tuple[str, str]:
    """A period code -> its (first day, last day) as ISO dates."""
    from nlp.timespan import parse_period

    span = parse_period(text)
    if span is None:
        raise _fail("period", text, queries.distinct_values(db, "period"),
                    " (periods look like 2025, 2025-Q1, 2025-H1, 2025-9M, 2025-10, 2025-06-30, 2021-2025)")
    return span.start.isoformat(), span.end.isoformat()


def catalog_keys(extra: Path | None = None) -> frozenset[str]:
    """The catalog's concept keys (nlp/indicators.yaml, plus an extra catalog file), validated."""
    from nlp.catalog import load_catalog, read_catalog

    try:
        concepts = list(load_catalog().concepts) + (list(read_catalog(extra).concepts) if extra else [])
    except ValueError as exc:
        raise LookupFailed(f"bad catalog: {exc}") from exc
    return frozenset(c.key for c in concepts)


def is_catalog(indicator: str | None, keys: frozenset[str]) -> bool:
    """True when an indicator key ("tỷ lệ hộ nghèo (%)") is a catalog entry's key with its unit."""
    return bool(indicator) and indicator.rsplit(" (", 1)[0] in keys
