"""The watchlist of names staff care about (crawler/watchlist.yaml) and the entity job for workers."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from nlp.entities import KINDS, WatchName, entity_key, extract_entities, match_watchlist, resolve

WATCHLIST_PATH = Path(__file__).with_name("watchlist.yaml")


class WatchlistError(ValueError):
    """The watchlist file is missing or malformed."""


def load_watchlist(path: str | os.PathLike | None = None) -> list[WatchName]:
    """The names of the watchlist YAML ($SOLIEU_WATCHLIST, else the shipped crawler/watchlist.yaml)."""
    target = Path(path or os.environ.get("SOLIEU_WATCHLIST") or WATCHLIST_PATH)
    try:
        data = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise WatchlistError(f"cannot read watchlist {target}: {exc}") from exc
    out = []
    for n, entry in enumerate(data.get("names") or [], 1):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise WatchlistError(f"{target}: entry {n} has no name")
        kind = entry.get("kind", "organization")
        if kind not in KINDS.values():
            raise WatchlistError(f"{target}: {entry['name']}: kind must be one of {', '.join(KINDS.values())}")
        out.append(WatchName(str(entry["name"]), kind, tuple(str(a) for a in entry.get("aliases") or ())))
    return out


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
