"""Watches (terms, entities, indicators staff follow) and what alert runs already reported."""
from __future__ import annotations

from typing import Any, Sequence

import sqlite_utils

from db.origin import ORIGIN_COLUMNS, from_observations
from db.store import utcnow

WATCH_KINDS = ("term", "entity", "indicator")


class WatchError(ValueError):
    """A watch cannot be added or removed (duplicate, unknown id, bad kind)."""


def ensure_alerts(db: sqlite_utils.Database) -> None:
    """Create the watch and alert tables if missing (idempotent)."""
    if {"watches", "alert_runs", "alerts_sent"} <= set(db.table_names()):
        return
    with db.atomic():
        if not db["watches"].exists():
            db["watches"].create({"id": int, "kind": str, "value": str, "created_at": str}, pk="id",
                                 not_null={"kind", "value"})
            db["watches"].create_index(["kind", "value"], unique=True, if_not_exists=True)
        if not db["alert_runs"].exists():
            db["alert_runs"].create({"id": int, "ran_at": str, "items": int, "delivered_to": str}, pk="id")
        if not db["alerts_sent"].exists():
            db["alerts_sent"].create(
                {"watch_id": int, "item_kind": str, "item_id": int, "run_id": int},
                pk=("watch_id", "item_kind", "item_id"),
                foreign_keys=[("watch_id", "watches", "id"), ("run_id", "alert_runs", "id")],
            )


def add_watch(db: sqlite_utils.Database, kind: str, value: str) -> int:
    """Start watching a term, entity or indicator; returns the watch id."""
    value = " ".join(value.split())
    if kind not in WATCH_KINDS:
        raise WatchError(f"unknown watch kind {kind!r}; use one of {', '.join(WATCH_KINDS)}")
    if not value:
        raise WatchError("empty watch value")
    with db.atomic():
        if db.execute("SELECT 1 FROM watches WHERE kind = ? AND value = ?", [kind, value]).fetchone():
            raise WatchError(f"already watching {kind} {value!r}")
        return db["watches"].insert({"kind": kind, "value": value, "created_at": utcnow()}).last_pk


def list_watches(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every watch with how many items were already reported for it."""
    return list(db.query(
        "SELECT w.id, w.kind, w.value, w.created_at, COUNT(s.item_id) AS reported FROM watches w "
        "LEFT JOIN alerts_sent s ON s.watch_id = w.id GROUP BY w.id ORDER BY w.id"))


def remove_watch(db: sqlite_utils.Database, ident: str) -> int:
    """Stop a watch given its id or its exact value; returns how many were removed."""
    with db.atomic():
        rows = db.execute("SELECT id FROM watches WHERE CAST(id AS TEXT) = ? OR value = ?", [ident, ident]).fetchall()
        if not rows:
            raise WatchError(f"no watch with id or value {ident!r}")
        for (wid,) in rows:
            db.execute("DELETE FROM alerts_sent WHERE watch_id = ?", [wid])
            db.execute("DELETE FROM watches WHERE id = ?", [wid])
    return len(rows)


def last_run(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """The latest alert run, or None."""
    rows = list(db.query("SELECT * FROM alert_runs ORDER BY id DESC LIMIT 1"))
    return rows[0] if rows else None


def reported(db: sqlite_utils.Database, watch_id: int, item_kind: str) -> set[int]:
    """Ids of the items (articles or observations) already reported for a watch."""
    return {r[0] for r in db.execute(
        "SELECT item_id FROM alerts_sent WHERE watch_id = ? AND item_kind = ?", [watch_id, item_kind])}


def articles_by_id(db: sqlite_utils.Database, ids: Sequence[int], since: str | None = None) -> list[dict[str, Any]]:
    """Articles (id, source, title, url, published_at, fetched_at) with these ids, newest first."""
    if not ids:
        return []
    out: list[dict[str, Any]] = []
    ids = list(ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        sql = (f"SELECT id, source, title, url, published_at, fetched_at FROM articles WHERE id IN "
               f"({', '.join('?' for _ in chunk)})")
        params: list[Any] = list(chunk)
        if since:
            sql += " AND COALESCE(published_at, fetched_at) >= ?"
            params.append(since)
        out += list(db.query(sql, params))
    return sorted(out, key=lambda r: (r["published_at"] or "", r["id"]), reverse=True)


def indicator_observations(db: sqlite_utils.Database, indicator: str, since: str | None = None) -> list[dict[str, Any]]:
    """Observations of an indicator key (exact), else whose subject or key contains the text; figures from
    documents too (with their document_id and page)."""
    base = ("SELECT o.id, o.indicator, o.subject, o.value, o.value_max, o.kind, o.unit, o.qualifier, o.period, "
            f"o.sentence, o.published_at, {ORIGIN_COLUMNS} {from_observations(db)} WHERE ")
    tail, extra = " ORDER BY o.published_at DESC, o.id", []
    if since:
        base_since = " AND COALESCE(o.published_at, a.fetched_at, d.fetched_at) >= ?"
        extra = [since]
    else:
        base_since = ""
    rows = list(db.query(base + "o.indicator = ?" + base_since + tail, [indicator, *extra]))
    if rows:
        return rows
    like = "%" + indicator.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return list(db.query(base + "(o.indicator LIKE ? ESCAPE '\\' OR o.subject LIKE ? ESCAPE '\\')" + base_since
                         + tail, [like, like, *extra]))


def record_run(db: sqlite_utils.Database, items: Sequence[tuple[int, str, int]], delivered_to: str | None) -> int:
    """Remember an alert run and the (watch_id, item_kind, item_id) it reported; returns the run id."""
    with db.atomic():
        run_id = db["alert_runs"].insert({"ran_at": utcnow(), "items": len(items),
                                          "delivered_to": delivered_to}).last_pk
        for watch_id, kind, item_id in items:
            db.execute("INSERT OR IGNORE INTO alerts_sent (watch_id, item_kind, item_id, run_id) VALUES (?, ?, ?, ?)",
                       [watch_id, kind, item_id, run_id])
    return run_id
