"""Loading the watchlist of names staff care about (crawler/watchlist.yaml); matching is nlp.watchlist."""
from __future__ import annotations

import os
from pathlib import Path

import yaml

from nlp.entities import KINDS, WatchName

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
