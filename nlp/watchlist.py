"""Watchlist matching: an article's entities resolved against the names staff follow (pure, no I/O)."""
from __future__ import annotations

from typing import Any

from nlp.entities import WatchName, entity_key, extract_entities, match_watchlist, resolve
from nlp.gazetteer import strip_admin

LEAD_PARAGRAPHS = 2  # NER reads the title, the sapo, this many body paragraphs and attribution sentences


def canonical(name: str, watchlist: list[WatchName]) -> str:
    """The watchlist name for name when it is a name or alias there, else name unchanged."""
    key = entity_key(name)
    for w in watchlist:
        if key in {entity_key(a) for a in (w.name, *w.aliases)}:
            return w.name
    return name


def lead_end(body: str, paragraphs: int = LEAD_PARAGRAPHS) -> int:
    """Offset in body where its first `paragraphs` paragraphs (lines) end.

    >>> lead_end("Một.\\nHai.\\nBa.", 2)
    9
    """
    at = -1
    for _ in range(paragraphs):
        at = body.find("\n", at + 1)
        if at < 0:
            return len(body)
    return at


def _merge_key(e_kind: str, name: str, longer: list[str]) -> str:
    """Variants of one name share a key: places without "quận"/"TP", a short form of a longer name seen."""
    if e_kind == "place":
        return entity_key(strip_admin(name))
    key = entity_key(name)
    for other in longer:
        if other != key and (other.startswith(key + " ") if e_kind == "organization" else other.endswith(" " + key)):
            return other
    return key


def article_entities(article: dict[str, Any], watchlist: list[WatchName]) -> list[dict[str, Any]]:
    """Worker job: one row per distinct entity of an article (title + sapo + body), with mentions.

    Watchlist names are found everywhere; NER reads the lead and attribution sentences; variants merge."""
    parts = [p for p in (article.get("title"), article.get("sapo")) if p]
    body = article.get("text") or ""
    head = "\n".join(parts) + ("\n" if parts and body else "")
    text = head + body
    mentions = resolve(extract_entities(text, lead=len(head) + lead_end(body)), watchlist)
    mentions += match_watchlist(text, watchlist)
    by_kind: dict[str, list[str]] = {}
    for e in mentions:
        if not e.watch:
            by_kind.setdefault(e.kind, []).append(entity_key(e.text))
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for e in sorted(mentions, key=lambda e: (e.start, not e.watch)):
        if not e.watch and any(w.watch and w.start <= e.start < w.end for w in mentions):
            continue  # the watchlist hit over the same words wins
        name = e.name or (strip_admin(e.text) if e.kind == "place" else e.text)
        key = entity_key(name) if e.watch else _merge_key(e.kind, e.text, sorted(by_kind.get(e.kind, []), key=len))
        row = rows.setdefault((e.kind, key), {
            "name": name, "kind": e.kind, "key": key, "watch": e.watch, "mentions": 0,
            "first_offset": e.start, "spans": set()})
        if len(name) > len(row["name"]) and not row["watch"]:
            row["name"] = name
        if (e.start, e.end) not in row["spans"]:
            row["spans"].add((e.start, e.end))
            row["mentions"] += 1
    for row in rows.values():
        del row["spans"]
    return list(rows.values())
