"""Documents (PDF/Word/Excel reports) as rows: the document, its pages, the articles that link it, its figures.

One transaction per document: the row, its pages, its URL and its observations are written together
or not at all. A document that cannot be read is stored as a row with status 'failed' and its reason
(so the crawl does not fetch it again), without pages or observations.
"""
from __future__ import annotations

import gzip
import json
from typing import Any, Iterable

import sqlite_utils

from db.search import TOKENIZE, _boost_phrase, _run, _snippet, _fold_sql

MAX_KEPT_BYTES = 20 * 1024 * 1024  # originals above this are not kept (re-fetch them to re-process)

TABLES: dict[str, dict] = {
    "documents": dict(columns={
        "id": int, "url": str, "name": str, "source": str, "kind": str, "title": str, "doc_type": str,
        "issuer": str, "number": str, "issued": str, "place": str, "content_hash": str, "bytes": int,
        "page_count": int, "text_layer": str, "ocr_pages": int, "ocr_confidence": float, "encoding": str,
        "status": str, "error_code": str, "error": str, "notes": str, "fetched_at": str,
        "extractor_version": str, "raw_gz": bytes,
    }, pk="id", not_null={"url", "status", "fetched_at"}),
    "document_pages": dict(columns={
        "id": int, "document_id": int, "page": int, "text": str, "source": str, "confidence": float,
    }, pk="id", foreign_keys=[("document_id", "documents", "id")]),
    "document_urls": dict(columns={"url": str, "document_id": int, "first_seen": str}, pk="url",
                          foreign_keys=[("document_id", "documents", "id")]),
    "document_links": dict(columns={"document_id": int, "article_url": str, "first_seen": str},
                           pk=("document_id", "article_url"), foreign_keys=[("document_id", "documents", "id")]),
}
SEARCH_TABLE, FTS_TABLE = "document_search", "document_search_fts"


def ensure_documents(db: sqlite_utils.Database) -> None:
    """Create the document tables, indexes and the page search index if missing (idempotent)."""
    with db.atomic():
        for name, spec in TABLES.items():
            if not db[name].exists():
                db[name].create(spec["columns"], pk=spec["pk"], not_null=spec.get("not_null"),
                                foreign_keys=spec.get("foreign_keys"))
        db["documents"].create_index(["url"], unique=True, if_not_exists=True)
        db["documents"].create_index(["content_hash"], if_not_exists=True)
        db["document_pages"].create_index(["document_id", "page"], if_not_exists=True)
        if SEARCH_TABLE not in db.table_names():
            db.execute(f"CREATE TABLE {SEARCH_TABLE} (id INTEGER PRIMARY KEY, text TEXT)")
            db[SEARCH_TABLE].enable_fts(["text"], create_triggers=True, tokenize=TOKENIZE)
        db.execute(f"CREATE TRIGGER IF NOT EXISTS document_pages_search_ai AFTER INSERT ON document_pages BEGIN "
                   f"INSERT INTO {SEARCH_TABLE} (id, text) VALUES (new.id, {_fold_sql('new.text')}); END")
        db.execute(f"CREATE TRIGGER IF NOT EXISTS document_pages_search_ad AFTER DELETE ON document_pages BEGIN "
                   f"DELETE FROM {SEARCH_TABLE} WHERE id = old.id; END")


def known_document(db: sqlite_utils.Database, url: str) -> int | None:
    """The id of the document stored under this URL (or one of its other URLs), else None."""
    row = db.execute("SELECT document_id FROM document_urls WHERE url = ?", [url]).fetchone()
    return row[0] if row else None


def link_document(db: sqlite_utils.Database, document_id: int, article_url: str | None, now: str) -> None:
    """Record that an article page links this document."""
    if article_url:
        db.execute("INSERT OR IGNORE INTO document_links (document_id, article_url, first_seen) VALUES (?, ?, ?)",
                   [document_id, article_url, now])


def save_document(db: sqlite_utils.Database, url: str, result: dict[str, Any], *, data: bytes | None,
                  now: str, source: str | None = None, name: str | None = None, linked_from: str | None = None,
                  version: str | None = None, keep_bytes: int = MAX_KEPT_BYTES,
                  also_urls: Iterable[str] = (), size: int | None = None) -> tuple[str, int]:
    """Store one processed document (crawler.documents.process_document's result) atomically.

    data is the original file (kept compressed up to keep_bytes); size its length when data is not
    given (a file too large to pass on). Returns (status, id): 'stored', 'duplicate' (same URL or same
    content already stored: only the URL and the link are recorded) or 'failed' (a row with the
    reason, no pages)."""
    with db.atomic():
        known = known_document(db, url)
        digest = (result.get("record") or {}).get("sha256") or result.get("sha256")
        if known is None and digest:
            row = db.execute("SELECT id FROM documents WHERE content_hash = ? AND status = 'ok' LIMIT 1",
                             [digest]).fetchone()
            known = row[0] if row else None
        if known is not None and result["status"] == "ok" and db.execute(
                "SELECT status FROM documents WHERE id = ?", [known]).fetchone()[0] == "failed":
            _forget(db, known)  # it failed before and reads now (a newer extractor, OCR installed)
            known = None
        if known is not None:
            for u in {url, *also_urls}:
                _urls(db, known, u, now)
            link_document(db, known, linked_from, now)
            return "duplicate", known
        base = {"url": url, "name": name, "source": source, "fetched_at": now, "extractor_version": version,
                "content_hash": digest, "bytes": len(data) if data is not None else size}
        if result["status"] != "ok":
            base.update(status="failed", error_code=result["code"], error=result["reason"])
            doc_id = db["documents"].insert(base).last_pk
            for u in {url, *also_urls}:
                _urls(db, doc_id, u, now)
            link_document(db, doc_id, linked_from, now)
            return "failed", doc_id
        rec = result["record"]
        base.update(read_fields(rec),
                    raw_gz=gzip.compress(data) if data is not None and len(data) <= keep_bytes else None)
        doc_id = db["documents"].insert(base).last_pk
        write_pages(db, doc_id, rec["pages"])
        for u in {url, *also_urls}:
            _urls(db, doc_id, u, now)
        link_document(db, doc_id, linked_from, now)
        write_observations(db, doc_id, result["observations"], rec["meta"].get("issued"), version, now)
    return "stored", doc_id


def read_fields(rec: dict[str, Any]) -> dict[str, Any]:
    """The documents-row columns a successful read gives (kind, metadata, pages, text layer, OCR)."""
    meta = rec["meta"]
    ocr = [p for p in rec["pages"] if p["source"] == "ocr"]
    return {
        "status": "ok", "error_code": None, "error": None, "kind": rec["kind"], "title": meta.get("title"),
        "doc_type": meta.get("doc_type"), "issuer": meta.get("issuer"), "number": meta.get("number"),
        "issued": meta.get("issued"), "place": meta.get("place"), "page_count": rec["page_count"],
        "text_layer": rec["text_layer"], "ocr_pages": len(ocr), "encoding": rec["encoding"],
        "ocr_confidence": round(sum(p["confidence"] or 0 for p in ocr) / len(ocr), 1) if ocr else None,
        "notes": json.dumps(rec["notes"], ensure_ascii=False) if rec["notes"] else None,
    }


def write_pages(db: sqlite_utils.Database, doc_id: int, pages: Iterable[dict[str, Any]]) -> None:
    """Insert a document's pages (the search index follows by trigger)."""
    rows = [{"document_id": doc_id, "page": p["page"], "text": p["text"], "source": p["source"],
             "confidence": p["confidence"]} for p in pages]
    if rows:
        db["document_pages"].insert_all(rows)


def _forget(db: sqlite_utils.Database, doc_id: int) -> None:
    for table in ("document_urls", "document_links", "document_pages"):
        db.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc_id])
    db.execute("DELETE FROM observations WHERE document_id = ?", [doc_id])
    db.execute("DELETE FROM documents WHERE id = ?", [doc_id])


def _urls(db: sqlite_utils.Database, doc_id: int, url: str, now: str) -> None:
    db.execute("INSERT OR IGNORE INTO document_urls (url, document_id, first_seen) VALUES (?, ?, ?)", [url, doc_id, now])


def write_observations(db: sqlite_utils.Database, doc_id: int, observations: Iterable[dict[str, Any]],
                       issued: str | None, version: str | None, now: str) -> None:
    """Insert a document's observations (dated by its date of issue)."""
    from db.store import OBSERVATION_FIELDS

    rows = []
    for o in observations:
        row = {k: o.get(k) for k in OBSERVATION_FIELDS}
        row.update(approx=int(bool(row["approx"])), document_id=doc_id, page=o.get("page"),
                   published_at=issued, extracted_at=now, extractor_version=version)
        rows.append(row)
    if rows:
        db["observations"].insert_all(rows)


def document_bytes(db: sqlite_utils.Database, document_id: int) -> bytes | None:
    """The original bytes of a stored document, when they were kept."""
    row = db.execute("SELECT raw_gz FROM documents WHERE id = ?", [document_id]).fetchone()
    return gzip.decompress(row[0]) if row and row[0] else None


def list_documents(db: sqlite_utils.Database, limit: int | None = None) -> list[dict[str, Any]]:
    """Stored documents, newest first, with their figure and linking-article counts."""
    sql = ("SELECT d.id, d.status, d.kind, d.doc_type, d.number, d.issued, d.issuer, d.title, d.page_count, "
           "d.text_layer, d.ocr_pages, d.encoding, d.error, d.url, "
           "(SELECT COUNT(*) FROM observations o WHERE o.document_id = d.id) AS figures, "
           "(SELECT COUNT(*) FROM document_links l WHERE l.document_id = d.id) AS articles "
           "FROM documents d ORDER BY d.id DESC" + (" LIMIT ?" if limit else ""))
    return list(db.query(sql, [int(limit)] if limit else []))


def new_documents(db: sqlite_utils.Database, since: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """Documents stored (fetched) since a date, newest first, with up to 5 of their figures each."""
    sql = ("SELECT id, status, kind, doc_type, number, issued, issuer, title, page_count, text_layer, url, error "
           "FROM documents WHERE (? IS NULL OR substr(fetched_at, 1, 10) >= ?) "
           "ORDER BY id DESC LIMIT ?")
    docs = list(db.query(sql, [since, since, limit]))
    for d in docs:
        d["figures"] = list(db.query(
            "SELECT page, text, subject, qualifier, period FROM observations WHERE document_id = ? "
            "ORDER BY page, id LIMIT 5", [d["id"]]))
    return docs


def document_figures(db: sqlite_utils.Database, document_id: int | None = None,
                     limit: int | None = None) -> list[dict[str, Any]]:
    """Observations found in documents, with the document and the page they come from."""
    sql = ("SELECT o.document_id, d.title AS document, o.page, o.value, o.value_max, o.denominator, o.text, o.kind, "
           "o.subject, o.qualifier, o.period, o.unit, o.sentence FROM observations o JOIN documents d ON d.id = o.document_id "
           + ("WHERE o.document_id = ? " if document_id is not None else "")
           + "ORDER BY o.document_id, o.page, o.id" + (" LIMIT ?" if limit else ""))
    params = ([document_id] if document_id is not None else []) + ([int(limit)] if limit else [])
    return list(db.query(sql, params))


def search_documents(db: sqlite_utils.Database, query: str, limit: int | None = 20) -> list[dict[str, Any]]:
    """Document pages matching query (FTS5, diacritics optional), best first, snippets with the page."""
    sql = ("SELECT p.document_id AS id, p.page, d.issued, d.url, d.title, d.issuer, p.text, "
           "highlight({fts}, 0, char(2), char(3)) AS hl_text, bm25({fts}) AS score "
           "FROM {fts} JOIN document_pages p ON p.id = {fts}.rowid JOIN documents d ON d.id = p.document_id "
           "WHERE {fts} MATCH ? ORDER BY score" + (" LIMIT ?" if limit else ""))
    rows = _run(db, sql.replace("{fts}", FTS_TABLE), [int(limit)] if limit else [], _boost_phrase(query))
    return [{"id": r["id"], "page": r["page"], "source": "văn bản", "published_at": r["issued"],
             "date": r["issued"] or "", "title": r["title"] or r["url"], "url": r["url"],
             "score": round(-r["score"], 3),
             "snippet": (f"(trang {r['page']}) " if r["page"] else "") + _snippet(r)} for r in rows]


def matching_documents(db: sqlite_utils.Database, query: str, since: str | None = None) -> list[dict[str, Any]]:
    """Stored documents whose pages match query (FTS5, as search_documents), newest first, each with the
    pages that match; since keeps those issued (else stored) on or after that date."""
    pages: dict[int, list[int]] = {}
    for r in search_documents(db, query, limit=None):
        pages.setdefault(r["id"], []).append(r["page"])
    if not pages:
        return []
    rows = list(db.query(
        "SELECT id, source, issuer, number, doc_type, title, name, url, issued, fetched_at, "
        "substr(COALESCE(issued, fetched_at), 1, 10) AS date FROM documents "
        "WHERE id IN (SELECT value FROM json_each(?)) AND status = 'ok' AND (? IS NULL OR "
        "substr(COALESCE(issued, fetched_at), 1, 10) >= substr(?, 1, 10)) ORDER BY date DESC, id DESC",
        [json.dumps(list(pages)), since, since]))
    for r in rows:
        r["pages"] = sorted({p for p in pages[r["id"]] if p is not None})
        r["title"] = r["title"] or r["name"] or r["url"]
    return rows


def document_counts(db: sqlite_utils.Database, since: str | None = None) -> list[dict[str, Any]]:
    """Stored documents per issuing body (else the outlet that linked them, or "ingest") and day
    (issued, else stored): the totals coverage shares are taken of."""
    return list(db.query(
        "SELECT COALESCE(issuer, source, '') AS issuer, substr(COALESCE(issued, fetched_at), 1, 10) AS d, "
        "COUNT(*) AS n FROM documents WHERE status = 'ok' AND (? IS NULL OR "
        "substr(COALESCE(issued, fetched_at), 1, 10) >= substr(?, 1, 10)) GROUP BY 1, 2", [since, since]))
