"""Tables for analysis features (full-text search, entities, watches and alerts), ensured with the schema."""
from __future__ import annotations

import sqlite_utils

from db.alerts import ensure_alerts
from db.documents import ensure_documents
from db.entities import ensure_entities
from db.facts import ensure_facts
from db.search import ensure_fts
from db.tags import ensure_tags


def ensure_extras(db: sqlite_utils.Database) -> None:
    """Create the search index, entity, alert, fact, document and kept-tag tables if missing (idempotent)."""
    ensure_fts(db)
    ensure_entities(db)
    ensure_alerts(db)
    ensure_facts(db)
    ensure_documents(db)
    ensure_tags(db)
