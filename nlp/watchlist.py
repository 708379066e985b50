"""Watchlist matching: an article's entities resolved against the names staff follow (pure, no I/O)."""
from __future__ import annotations

from typing import Any

from nlp.entities import WatchName, entity_key, extract_entities, match_watchlist, resolve


def canonical(name: str, watchlist: list[WatchName]) -> str:
    """The watchlist name for name when it is a name or alias there, else name unchanged."""
    key = entity_key(name)
    for w in watchlist:
        if key in {entity_key(a) for a in (w.name, *w.aliases)}:
            return w.name
    return name


def article_entities(article: dict[str, Any], watchlist: list[WatchName]) -> list[dict[str, Any]]:
    """Worker job: one row per distinct entity of an article (title + sapo + body), with mentions."""
    text = "\n".join(p for p in (article.get("title"), article.get("sapo"), article.get("text")) if p)
    mentions = resolve(extract_entities(text), watchlist) + match_watchlist(text, watchlist)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for e in sorted(mentions, key=lambda e: e.start):
        name = e.name or e.text
        row = rows.setdefault((e.kind, entity_key(name)), {
            "name": name, "kind": e.kind, "key": entity_key(name), "watch": e.watch, "mentions": 0,
            "first_offset": e.start, "spans": set()})
        if (e.start, e.end) not in row["spans"]:
            row["spans"].add((e.start, e.end))
            row["mentions"] += 1
    for row in rows.values():
        del row["spans"]
    return list(rows.values())
