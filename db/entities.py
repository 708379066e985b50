"""People, organizations and places per article: tables `entities` and `article_entities`, reads and writes."""
from __future__ import annotations

from typing import Any, Iterable, Sequence

import sqlite_utils

from db.filters import conditions


def ensure_entities(db: sqlite_utils.Database) -> None:
    """Create the entity tables and indexes if missing (idempotent)."""
    if {"entities", "article_entities"} <= set(db.table_names()):
        return
    with db.atomic():
        if not db["entities"].exists():
            db["entities"].create({"id": int, "name": str, "kind": str, "key": str, "watch": int}, pk="id",
                                  not_null={"name", "kind", "key"})
            db["entities"].create_index(["kind", "key"], unique=True, if_not_exists=True)
            db["entities"].create_index(["key"], if_not_exists=True)
        if not db["article_entities"].exists():
            db["article_entities"].create(
                {"article_id": int, "entity_id": int, "mentions": int, "first_offset": int},
                pk=("article_id", "entity_id"),
                foreign_keys=[("article_id", "articles", "id"), ("entity_id", "entities", "id")],
            )
            db["article_entities"].create_index(["entity_id"], if_not_exists=True)


def replace_article_entities(db: sqlite_utils.Database, article_id: int, rows: Iterable[dict[str, Any]]) -> None:
    """Swap an article's entity links for rows ({name, kind, key, watch, mentions, first_offset}).

    Runs in the caller's transaction (db.store.save_article)."""
    db.execute("DELETE FROM article_entities WHERE article_id = ?", [article_id])
    for r in rows:
        db.execute("INSERT OR IGNORE INTO entities (name, kind, key, watch) VALUES (?, ?, ?, ?)",
                   [r["name"], r["kind"], r["key"], int(bool(r.get("watch")))])
        if r.get("watch"):
            db.execute("UPDATE entities SET name = ?, watch = 1 WHERE kind = ? AND key = ?",
                       [r["name"], r["kind"], r["key"]])
        entity_id = db.execute("SELECT id FROM entities WHERE kind = ? AND key = ?", [r["kind"], r["key"]]).fetchone()[0]
        db.execute("INSERT OR REPLACE INTO article_entities (article_id, entity_id, mentions, first_offset) "
                   "VALUES (?, ?, ?, ?)", [article_id, entity_id, int(r.get("mentions") or 1), r.get("first_offset")])


def find_entities(db: sqlite_utils.Database, key: str, kind: str | None = None) -> list[dict[str, Any]]:
    """Entities whose key equals key, else whose key contains it (keys come from nlp.entities.entity_key)."""
    extra, params = ("AND kind = ?", [kind]) if kind else ("", [])
    rows = list(db.query(f"SELECT id, name, kind, watch FROM entities WHERE key = ? {extra}", [key, *params]))
    if rows:
        return rows
    return list(db.query(f"SELECT id, name, kind, watch FROM entities WHERE key LIKE ? ESCAPE '\\' {extra} "
                         "ORDER BY watch DESC, length(key)", [_like(key), *params]))


def _like(s: str) -> str:
    return "%" + s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def entity_article_ids(db: sqlite_utils.Database, entity_ids: Sequence[int]) -> list[int]:
    """Ids of the articles that mention any of the entities."""
    if not entity_ids:
        return []
    marks = ", ".join("?" for _ in entity_ids)
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT article_id FROM article_entities WHERE entity_id IN ({marks})", list(entity_ids))]


def top_entities(
    db: sqlite_utils.Database, *, kind: str | None = None, source: str | None = None, since: str | None = None,
    watch_only: bool = False, limit: int = 30,
) -> list[dict[str, Any]]:
    """Entities by number of articles mentioning them, with total mentions and first/last dates."""
    where, params = conditions(("e.kind = ?", kind), ("a.source = ?", source),
                               ("COALESCE(a.published_at, a.fetched_at) >= ?", since), ("e.watch = 1", watch_only))
    where.insert(0, "1 = 1")
    return list(db.query(
        "SELECT e.name, e.kind, e.watch, COUNT(DISTINCT ae.article_id) AS articles, SUM(ae.mentions) AS mentions, "
        "MIN(substr(a.published_at, 1, 10)) AS first_seen, MAX(substr(a.published_at, 1, 10)) AS last_seen "
        "FROM entities e JOIN article_entities ae ON ae.entity_id = e.id JOIN articles a ON a.id = ae.article_id "
        f"WHERE {' AND '.join(where)} GROUP BY e.id ORDER BY articles DESC, mentions DESC, e.name LIMIT ?",
        [*params, int(limit)]))


def entities_of_article(db: sqlite_utils.Database, article_id: int) -> list[dict[str, Any]]:
    """The entities of one article, watchlist names first, then by first mention."""
    return list(db.query(
        "SELECT e.name, e.kind, e.watch, ae.mentions, ae.first_offset FROM article_entities ae "
        "JOIN entities e ON e.id = ae.entity_id WHERE ae.article_id = ? ORDER BY e.watch DESC, ae.first_offset",
        [article_id]))


def articles_missing_entities(db: sqlite_utils.Database, source: str | None = None) -> list[dict[str, Any]]:
    """Articles (id, title, sapo, text) with no entity rows yet, for a backfill."""
    sql = ("SELECT id, title, sapo, text FROM articles WHERE id NOT IN (SELECT article_id FROM article_entities)")
    params: list[Any] = []
    if source:
        sql += " AND source = ?"
        params.append(source)
    return list(db.query(sql + " ORDER BY id", params))
