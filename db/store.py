"""Writes: sources, articles with their observations (atomically), crawl runs."""
from __future__ import annotations

import gzip
import hashlib
import json
from datetime import datetime, timezone
from typing import Any, Callable, Iterable

import sqlite_utils

from db.entities import replace_article_entities
from db.tags import write_tags

OBSERVATION_FIELDS = (
    "indicator", "subject", "value", "value_max", "kind", "unit", "denominator", "qualifier",
    "period", "approx", "place", "text", "sentence", "span_start", "span_end",
    "period_start", "period_end", "granularity", "place_area",
)


# zlib's own default: the size of gzip's default 9 (+0.4% on a 248 KB news page) for 16% less CPU (7.7 vs
# 9.2 ms there). The crawl compresses on its workers (crawler.jobs.process_page), not in the one writer.
HTML_GZIP_LEVEL = 6
_GZIP_MAGIC = b"\x1f\x8b"


def compress_html(html: str) -> bytes:
    """The page's HTML as stored in articles.html_gz (gzip; article_html reads it back)."""
    return gzip.compress(html.encode("utf-8"), compresslevel=HTML_GZIP_LEVEL, mtime=0)


def utcnow() -> str:
    """The current UTC time as ISO 8601 with offset, to the second."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def content_hash(title: str | None, text: str | None) -> str:
    """A stable hash of an article's visible content (title + body)."""
    h = hashlib.sha256()
    h.update((title or "").strip().encode("utf-8"))
    h.update(b"\0")
    h.update(" ".join((text or "").split()).encode("utf-8"))
    return h.hexdigest()


def upsert_source(db: sqlite_utils.Database, name: str, url: str, place: str | None = None) -> None:
    """Register a source (or refresh its URL and home place), keeping its health columns."""
    if db["sources"].count_where("name = ?", [name]):
        db.execute("UPDATE sources SET url = ?, place = ? WHERE name = ?", [url, place, name])
    else:
        db["sources"].insert({"name": name, "url": url, "place": place, "consecutive_failures": 0})


def known_url(db: sqlite_utils.Database, url: str) -> bool:
    """True when an article is already stored under this URL (canonical or alternate)."""
    return bool(db.execute("SELECT 1 FROM article_urls WHERE url = ? LIMIT 1", [url]).fetchone())


def save_article(
    db: sqlite_utils.Database,
    source: str,
    article: dict[str, Any],
    observations: Iterable[dict[str, Any]],
    *,
    html: str | None = None,
    html_gz: bytes | None = None,
    fetched_url: str | None = None,
    extractor_version: str | None = None,
    entities: Iterable[dict[str, Any]] | None = None,
) -> tuple[str, int]:
    """Store an article and replace its observations in one transaction.

    Entities (db.entities rows; default article["entities"]) are replaced in the same transaction.
    Returns (status, article_id) with status "new", "updated", "unchanged", "duplicate" (the same content
    already stored under another URL of the source: the URL is recorded) or "alternate" (a new URL whose
    canonical names another stored article: recorded as its alternate URL, its content untouched).
    html_gz: the HTML already compressed (compress_html's format, e.g. by a crawl worker) instead of html."""
    if html_gz is not None and not html_gz.startswith(_GZIP_MAGIC):
        raise ValueError("html_gz must be gzip data (db.store.compress_html)")
    url = article["canonical_url"] or article["url"]
    own_urls = [u for u in (fetched_url, article.get("url")) if u] or [url]
    digest = content_hash(article.get("title"), article.get("text"))
    now = utcnow()
    obs = list(observations)
    with db.atomic():
        row = _stored_by_url(db, own_urls)
        claimed = None if url in own_urls else _stored_by_url(db, [url])
        if claimed is not None and (row is None or claimed[0] != row[0]):
            # The page names another stored article as its canonical: never take over that article's
            # content. A new URL is recorded as an alternate of it at most; a stored one keeps its own URL.
            if row is None:
                _record_urls(db, claimed[0], own_urls, now)
                return ("unchanged" if claimed[1] == digest else "alternate"), claimed[0]
            url = db.execute("SELECT url FROM articles WHERE id = ?", [row[0]]).fetchone()[0]
        record = {
            "source": source, "url": url, "title": article.get("title"), "sapo": article.get("sapo"),
            "author": article.get("author"), "published_at": article.get("published_at"),
            "modified_at": article.get("modified_at"), "text": article.get("text"),
            "language": article.get("language"), "tags": json.dumps(article.get("tags") or [], ensure_ascii=False),
            "content_hash": digest, "extractor_version": extractor_version,
        }
        if html_gz is not None or html is not None:
            record["html_gz"] = html_gz if html_gz is not None else compress_html(html)
        if row is None:
            # The same story under another URL (mirror, AMP/print variant, tracking link): keep one.
            dup = db.execute(
                "SELECT id FROM articles WHERE source = ? AND content_hash = ? LIMIT 1", [source, digest]
            ).fetchone()
            if dup is not None:
                _record_urls(db, dup[0], [url, *own_urls], now)
                return "duplicate", dup[0]
            record["fetched_at"] = now
            article_id = db["articles"].insert(record).last_pk
            status = "new"
        else:
            article_id, old_hash, old_version = row
            if old_hash == digest and old_version == extractor_version:
                _record_urls(db, article_id, [url, *own_urls], now)
                return "unchanged", article_id
            record.update(fetched_at=now, updated_at=now)
            db["articles"].update(article_id, record)
            status = "updated"
        _record_urls(db, article_id, [url, *own_urls], now)
        _replace_observations(db, article_id, obs, article.get("published_at"), extractor_version, now)
        ents = entities if entities is not None else article.get("entities")  # set by NlpPipeline
        if ents is not None:
            replace_article_entities(db, article_id, list(ents))
        write_tags(db, article_id, article.get("analysis"))  # the POS tags its sentences needed (reprocess)
    return status, article_id


def _stored_by_url(db: sqlite_utils.Database, urls: list[str]) -> tuple | None:
    """(id, content_hash, extractor_version) of the article stored under one of urls, or None."""
    marks = ", ".join("?" for _ in urls)
    return db.execute(
        "SELECT a.id, a.content_hash, a.extractor_version FROM article_urls u "
        f"JOIN articles a ON a.id = u.article_id WHERE u.url IN ({marks}) LIMIT 1", list(urls),
    ).fetchone()


def _record_urls(db: sqlite_utils.Database, article_id: int, urls: Iterable[str | None], now: str) -> None:
    for u in {u for u in urls if u}:
        db.execute(
            "INSERT OR IGNORE INTO article_urls (url, article_id, first_seen) VALUES (?, ?, ?)",
            [u, article_id, now],
        )


def _replace_observations(
    db: sqlite_utils.Database, article_id: int, observations: list[dict[str, Any]],
    published_at: str | None, extractor_version: str | None, now: str,
) -> None:
    db.execute("DELETE FROM observations WHERE article_id = ?", [article_id])
    rows = []
    for o in observations:
        row = {k: o.get(k) for k in OBSERVATION_FIELDS}
        row["approx"] = int(bool(row["approx"]))
        row.update(article_id=article_id, published_at=published_at, extracted_at=now,
                   extractor_version=extractor_version)
        rows.append(row)
    if rows:
        _insert_rows(db, "observations", rows)


def _insert_rows(db: sqlite_utils.Database, table: str, rows: list[dict[str, Any]]) -> None:
    """INSERT rows that share their keys (scalars only) with one executemany; the table must exist (db.schema).

    sqlite-utils' insert_all cost ~1 ms an article here; a value SQLite cannot bind is an error, as there."""
    columns = list(rows[0])
    sql = f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) VALUES ({', '.join('?' * len(columns))})"
    db.conn.executemany(sql, [tuple(row.values()) for row in rows])


def replace_observations(
    db: sqlite_utils.Database, article_id: int, observations: Iterable[dict[str, Any]],
    extractor_version: str | None,
) -> None:
    """Atomically swap an article's observations for a fresh extraction (reprocess)."""
    with db.atomic():
        row = db.execute("SELECT published_at FROM articles WHERE id = ?", [article_id]).fetchone()
        if row is None:
            raise KeyError(f"no article with id {article_id}")
        _replace_observations(db, article_id, list(observations), row[0], extractor_version, utcnow())
        db.execute("UPDATE articles SET extractor_version = ? WHERE id = ?", [extractor_version, article_id])


def article_html(db: sqlite_utils.Database, article_id: int) -> str | None:
    """The stored raw HTML of an article, decompressed."""
    row = db.execute("SELECT html_gz FROM articles WHERE id = ?", [article_id]).fetchone()
    return gzip.decompress(row[0]).decode("utf-8") if row and row[0] else None


def start_run(db: sqlite_utils.Database, sources: list[str], pid: int | None = None) -> int:
    """Record the start of a crawl run; returns its id."""
    with db.atomic():
        return db["crawl_runs"].insert({
            "started_at": utcnow(), "status": "running", "sources": json.dumps(sources), "pid": pid,
            "pages": 0, "articles_new": 0, "articles_updated": 0, "articles_unchanged": 0,
            "dropped": 0, "errors": 0,
        }).last_pk


def finish_run(db: sqlite_utils.Database, run_id: int, status: str, counts: dict[str, int],
               stats: dict[str, Any]) -> None:
    """Record how a crawl run ended, with its counters and the full Scrapy stats."""
    record = {k: int(counts.get(k, 0)) for k in (
        "pages", "articles_new", "articles_updated", "articles_unchanged", "dropped", "errors")}
    record.update(finished_at=utcnow(), status=status, stats=json.dumps(stats, default=str, ensure_ascii=False))
    with db.atomic():
        db["crawl_runs"].update(run_id, record)


def record_source_health(db: sqlite_utils.Database, name: str, ok: bool, new_articles: int) -> None:
    """Update a source's last attempt/success/new-article times and its failure streak."""
    now = utcnow()
    with db.atomic():
        if ok:
            db.execute(
                "UPDATE sources SET last_attempt = ?, last_success = ?, consecutive_failures = 0, "
                "last_new_article = CASE WHEN ? > 0 THEN ? ELSE last_new_article END WHERE name = ?",
                [now, now, new_articles, now, name],
            )
        else:
            db.execute(
                "UPDATE sources SET last_attempt = ?, "
                "consecutive_failures = COALESCE(consecutive_failures, 0) + 1 WHERE name = ?",
                [now, name],
            )


def close_stale_runs(db: sqlite_utils.Database, alive: Callable[[int], bool]) -> list[int]:
    """Mark 'running' runs whose process is gone (killed, crashed) as 'crashed'; returns their ids."""
    stale = [run_id for run_id, pid in db.execute(
        "SELECT id, pid FROM crawl_runs WHERE status = 'running'").fetchall() if not pid or not alive(pid)]
    with db.atomic():
        for run_id in stale:
            db.execute("UPDATE crawl_runs SET status = 'crashed' WHERE id = ?", [run_id])
    return stale
