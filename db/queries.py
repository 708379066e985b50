"""Reads: observations with their articles, summaries and run history."""
from __future__ import annotations

from typing import Any

import sqlite_utils

from db.filters import conditions
from db.origin import ORIGIN_COLUMNS, SOURCE, from_observations

OBSERVATION_COLUMNS = f"""
    o.id, o.indicator, o.subject, o.value, o.value_max, o.kind, o.unit, o.denominator,
    o.qualifier, o.period, o.approx, o.place, o.text, o.sentence, o.published_at,
    o.extractor_version, {ORIGIN_COLUMNS},
    o.period_start, o.period_end, o.granularity, o.place_area, o.span_start, o.span_end
"""


def observations(
    db: sqlite_utils.Database,
    *,
    subject: str | None = None,
    source: str | None = None,
    since: str | None = None,
    until: str | None = None,
    kind: str | None = None,
    indicator: str | None = None,
    limit: int | None = None,
    qualifier: str | None = None,
    place: str | None = None,
    span: tuple[str, str] | None = None,
    article_id: int | None = None,
    document_id: int | None = None,
) -> list[dict[str, Any]]:
    """Observations joined with their article or document, newest first, filtered by the given values.

    span = (first day, last day) keeps observations whose period lies inside it."""
    where, params = conditions(
        ("(o.subject LIKE ? ESCAPE '\\' OR o.indicator LIKE ? ESCAPE '\\')",
         (like_pattern(subject),) * 2 if subject else None),
        (f"{SOURCE} = ?", source), ("o.published_at >= ?", since), ("o.published_at < ?", until),
        ("o.kind = ?", kind), ("o.indicator = ?", indicator), ("o.qualifier = ?", qualifier),
        ("o.place = ?", place), ("o.period_start >= ? AND o.period_end <= ?", tuple(span) if span else None),
        ("o.article_id = ?", article_id), ("o.document_id = ?", document_id),
    )
    sql = f"SELECT o.*, {OBSERVATION_COLUMNS} {from_observations(db)}"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY o.published_at DESC, o.article_id DESC, o.document_id DESC, o.page, o.span_start"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return list(db.query(sql, params))


def like_pattern(text: str) -> str:
    """'%text%' for LIKE … ESCAPE '\\', with the user's own %, _ and \\ matched literally.

    >>> like_pattern("100%_x")
    '%100\\\\%\\\\_x%'
    """
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    """How many sources, articles and observations the database holds."""
    return {
        "sources": db.execute("SELECT COUNT(*) FROM sources").fetchone()[0],
        "articles": db.execute("SELECT COUNT(*) FROM articles").fetchone()[0],
        "observations": db.execute("SELECT COUNT(*) FROM observations").fetchone()[0],
    }


def source_names(db: sqlite_utils.Database) -> list[str]:
    """Names of the sources registered in the database."""
    return [r[0] for r in db.execute("SELECT name FROM sources ORDER BY name").fetchall()]


def indicator_keys(db: sqlite_utils.Database) -> list[str]:
    """Every indicator key that has observations."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT indicator FROM observations WHERE indicator IS NOT NULL ORDER BY indicator").fetchall()]


def runs(db: sqlite_utils.Database, limit: int = 10) -> list[dict[str, Any]]:
    """The most recent crawl runs, newest first."""
    return list(db.query(
        "SELECT id, started_at, finished_at, status, sources, pages, articles_new, articles_updated, "
        "articles_unchanged, dropped, errors FROM crawl_runs ORDER BY id DESC LIMIT ?", [limit]))


def last_run(db: sqlite_utils.Database) -> dict[str, Any] | None:
    """The most recent crawl run with its stats, or None."""
    rows = list(db.query("SELECT * FROM crawl_runs ORDER BY id DESC LIMIT 1"))
    return rows[0] if rows else None


def sources_health(db: sqlite_utils.Database) -> list[dict[str, Any]]:
    """Every registered source with its health and article counts."""
    return list(db.query(
        "SELECT s.name, s.url, s.place, s.last_attempt, s.last_success, s.last_new_article, "
        "s.consecutive_failures, COUNT(a.id) AS articles, MAX(a.published_at) AS newest_article "
        "FROM sources s LEFT JOIN articles a ON a.source = s.name GROUP BY s.name ORDER BY s.name"))


def indicators(db: sqlite_utils.Database, source: str | None = None) -> list[dict[str, Any]]:
    """Indicator keys with how many observations, articles, documents, and the first and last time stamps."""
    sql = ("SELECT o.indicator, o.kind, COUNT(*) AS observations, COUNT(DISTINCT o.article_id) AS articles, "
           "COUNT(DISTINCT o.document_id) AS documents, "
           "MIN(COALESCE(o.period, substr(o.published_at, 1, 10))) AS first, "
           "MAX(COALESCE(o.period, substr(o.published_at, 1, 10))) AS last "
           f"{from_observations(db)} WHERE o.indicator IS NOT NULL")
    params: list[Any] = []
    if source:
        sql += f" AND {SOURCE} = ?"
        params.append(source)
    sql += " GROUP BY o.indicator, o.kind ORDER BY observations DESC, o.indicator"
    return list(db.query(sql, params))


def find_article(db: sqlite_utils.Database, ref: str) -> dict[str, Any] | None:
    """One article by id or by any URL it was seen under, without its raw HTML."""
    ref = (ref or "").strip()
    cols = "id, source, url, title, sapo, author, published_at, modified_at, fetched_at, text, tags"
    if ref.isdigit():
        rows = list(db.query(f"SELECT {cols} FROM articles WHERE id = ?", [int(ref)]))
    else:
        rows = list(db.query(f"SELECT {cols} FROM articles WHERE id = (SELECT article_id FROM article_urls "
                             "WHERE url = ? UNION SELECT id FROM articles WHERE url = ? LIMIT 1)", [ref, ref]))
    return rows[0] if rows else None


def distinct_values(db: sqlite_utils.Database, column: str) -> list[str]:
    """Distinct non-empty values of an observations column (indicator, place, period, qualifier)."""
    if column not in ("indicator", "place", "period", "qualifier", "subject"):
        raise ValueError(f"no observations column {column!r}")
    return [r[0] for r in db.execute(f"SELECT DISTINCT {column} FROM observations WHERE {column} IS NOT NULL "
                                     f"AND {column} != '' ORDER BY {column}").fetchall()]


def rekey_observations(db: sqlite_utils.Database, keys, batch: int = 500) -> int:
    """Recompute every observation's indicator with keys(rows): the rows (dicts of subject, kind, unit, value,
    text, sentence) of one article or document page, in the order found, to their keys (nlp.indicator_keys).

    Read batch origins at a time, all written in one transaction; returns how many changed."""
    changed = 0
    cols = "id, article_id, document_id, page, subject, kind, unit, value, text, sentence, indicator"
    with db.atomic():
        for origin, ids in (("article_id", None), ("document_id", "page")):
            last = -1
            while True:
                marks = [r[0] for r in db.execute(
                    f"SELECT DISTINCT {origin} FROM observations WHERE {origin} > ? ORDER BY {origin} LIMIT ?",
                    [last, batch])]
                if not marks:
                    break
                last = marks[-1]
                rows = db.execute(f"SELECT {cols} FROM observations WHERE {origin} IN "
                                  f"({', '.join('?' * len(marks))}) ORDER BY {origin}, {ids or origin}, id", marks)
                groups: dict[tuple, list[dict]] = {}
                names = [c.strip() for c in cols.split(",")]
                for row in rows.fetchall():
                    r = dict(zip(names, row))
                    if origin == "document_id" and r["article_id"] is not None:
                        continue  # an article's figure: keyed with its article
                    groups.setdefault((r[origin], r["page"] if ids else None), []).append(r)
                for group in groups.values():
                    for r, new in zip(group, keys(group)):
                        if new != r["indicator"]:
                            db.execute("UPDATE observations SET indicator = ? WHERE id = ?", [new, r["id"]])
                            changed += 1
    return changed
