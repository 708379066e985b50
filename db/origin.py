"""Where an observation comes from — its article, or its document and page — as SQL shared by every read.

A figure found in a report (observations.document_id, .page) is listed, merged into facts, charted,
reported and alerted on like a figure found in an article: the reads join both with LEFT JOINs and
name the origin with the columns below (a document's `source` is "văn bản").
"""
from __future__ import annotations

import sqlite_utils

DOCUMENT_SOURCE = "văn bản"  # the `source` of a figure from a document (as `solieu search` names document pages)
_DOC_COLUMNS = ("id", "title", "name", "url", "source", "issuer", "number", "doc_type", "issued", "fetched_at")
_FROM = ("FROM observations o LEFT JOIN articles a ON a.id = o.article_id "
         "LEFT JOIN {documents} d ON d.id = o.document_id")
SOURCE = f"(CASE WHEN o.article_id IS NULL AND o.document_id IS NOT NULL THEN '{DOCUMENT_SOURCE}' ELSE a.source END)"
ORIGIN_COLUMNS = (
    f"{SOURCE} AS source, COALESCE(a.title, d.title, d.name) AS article_title, "
    "COALESCE(a.url, d.url) AS article_url, o.article_id, o.document_id, o.page, d.title AS document_title, "
    "d.number AS document_number, d.issuer AS document_issuer"
)


def from_observations(db: sqlite_utils.Database) -> str:
    """'FROM observations o LEFT JOIN articles a … LEFT JOIN documents d …' (a database from before
    documents, opened read-only, gets an empty stand-in for the documents table)."""
    if "documents" in db.table_names():
        return _FROM.format(documents="documents")
    stub = "(SELECT " + ", ".join(f"NULL AS {c}" for c in _DOC_COLUMNS) + ")"
    return _FROM.format(documents=stub)
