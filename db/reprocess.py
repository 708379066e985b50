"""Reads and writes of `solieu reprocess`: stored articles and documents in id order, in batches,
their fresh observations compared with the stored ones and written in one transaction per batch."""
from __future__ import annotations

from typing import Any, Iterator

import sqlite_utils

from db.documents import document_bytes, read_fields, write_observations, write_pages
from db.store import OBSERVATION_FIELDS, _replace_observations, utcnow
from db.tags import TABLE as TAGS
from db.tags import write_tags


def count_articles(db: sqlite_utils.Database, source: str | None = None) -> int:
    """How many stored articles (of a source) reprocess reads."""
    sql, params = "SELECT COUNT(*) FROM articles", []
    if source:
        sql, params = sql + " WHERE source = ?", [source]
    return db.execute(sql, params).fetchone()[0]


def article_batches(db: sqlite_utils.Database, source: str | None = None,
                    size: int = 100) -> Iterator[list[dict[str, Any]]]:
    """Stored articles (id, source, text fields, home_place of their source, their kept tags as tagger and
    tags_blob: db.tags) in id order, size at a time.

    Read one batch at a time (a million-article archive is never in memory at once)."""
    if size < 1:
        raise ValueError(f"batch size must be at least 1, not {size}")
    last = 0
    where = "a.id > ?" + (" AND a.source = ?" if source else "")
    sql = ("SELECT a.id, a.source, a.url, a.title, a.sapo, a.text, a.published_at, s.place AS home_place, "
           f"t.tagger, t.tags AS tags_blob FROM articles a LEFT JOIN sources s ON s.name = a.source "
           f"LEFT JOIN [{TAGS}] t ON t.article_id = a.id WHERE {where} ORDER BY a.id LIMIT ?")
    while True:
        rows = list(db.query(sql, [last, *([source] if source else []), size]))
        if not rows:
            return
        yield rows
        last = rows[-1]["id"]


def _comparable(o: dict[str, Any], published_at: str | None) -> tuple:
    row = {k: o.get(k) for k in OBSERVATION_FIELDS}
    row["approx"] = int(bool(row["approx"]))
    return (*row.values(), published_at)


def _stored(db: sqlite_utils.Database, article_ids: list[int]) -> dict[int, list[tuple]]:
    marks = ", ".join("?" for _ in article_ids)
    cols = ", ".join(f"[{c}]" for c in OBSERVATION_FIELDS)
    out: dict[int, list[tuple]] = {}
    for row in db.execute(f"SELECT article_id, {cols}, published_at FROM observations "
                          f"WHERE article_id IN ({marks}) ORDER BY article_id, id", article_ids):
        out.setdefault(row[0], []).append(tuple(row[1:]))
    return out


def write_reprocessed(db: sqlite_utils.Database, results: list[tuple[dict[str, Any], list[dict[str, Any]]]],
                      extractor_version: str | None) -> tuple[int, int]:
    """Swap the observations of a batch of (article row, fresh observations) in one transaction.

    An article whose fresh observations equal the stored ones keeps its rows (only the version is
    recorded); an article row holding "analysis" (tags made afresh: db.tags) keeps those. Returns
    (articles rewritten, articles unchanged)."""
    if not results:
        return 0, 0
    changed = unchanged = 0
    now = utcnow()
    with db.atomic():
        stored = _stored(db, [a["id"] for a, _ in results])
        for article, obs in results:
            published = article.get("published_at")
            if stored.get(article["id"], []) == [_comparable(o, published) for o in obs]:
                db.execute("UPDATE observations SET extractor_version = ? WHERE article_id = ? "
                           "AND extractor_version IS NOT ?", [extractor_version, article["id"], extractor_version])
                unchanged += 1
            else:
                _replace_observations(db, article["id"], obs, published, extractor_version, now)
                changed += 1
            db.execute("UPDATE articles SET extractor_version = ? WHERE id = ? AND extractor_version IS NOT ?",
                       [extractor_version, article["id"], extractor_version])
            write_tags(db, article["id"], article.get("analysis"))
    return changed, unchanged


def stored_document_ids(db: sqlite_utils.Database, source: str | None = None) -> list[tuple[int, str | None]]:
    """(id, home place of its source) of every document whose original bytes were kept, in id order."""
    sql = ("SELECT d.id, s.place FROM documents d LEFT JOIN sources s ON s.name = d.source "
           "WHERE d.raw_gz IS NOT NULL" + (" AND d.source = ?" if source else "") + " ORDER BY d.id")
    if "documents" not in db.table_names():
        return []
    return [(r[0], r[1]) for r in db.execute(sql, [source] if source else [])]


def stored_document(db: sqlite_utils.Database, document_id: int) -> tuple[bytes | None, str | None]:
    """(original bytes, file name or URL) of a stored document."""
    name, url = db.execute("SELECT name, url FROM documents WHERE id = ?", [document_id]).fetchone()
    return document_bytes(db, document_id), name or url


def replace_document(db: sqlite_utils.Database, document_id: int, result: dict[str, Any],
                     version: str | None) -> str:
    """Write a document read again (crawler.documents.process_document's result) over its stored row.

    One transaction: its fields, pages (and so its search index) and observations. Returns 'updated';
    'failed' when it cannot be read now: the row, pages and figures stored before are kept and only
    the error is noted, so a regression loses nothing. Its id, URLs and links never change."""
    now = utcnow()
    with db.atomic():
        if result["status"] != "ok":
            db.execute("UPDATE documents SET error_code = ?, error = ? WHERE id = ? AND status = 'failed'",
                       [result["code"], result["reason"], document_id])
            return "failed"
        rec = result["record"]
        fields = {**read_fields(rec), "extractor_version": version}
        if rec.get("sha256"):
            fields["content_hash"] = rec["sha256"]
        db["documents"].update(document_id, fields)
        db.execute("DELETE FROM document_pages WHERE document_id = ?", [document_id])
        write_pages(db, document_id, rec["pages"])
        db.execute("DELETE FROM observations WHERE document_id = ?", [document_id])
        write_observations(db, document_id, result["observations"], rec["meta"].get("issued"), version, now)
    return "updated"
