"""The database schema: every table, index and view solieu keeps, created idempotently."""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from db.extras import ensure_extras

SCHEMA_VERSION = 1

TABLES: dict[str, dict] = {
    "sources": dict(
        columns={
            "name": str, "url": str, "place": str, "last_attempt": str, "last_success": str,
            "last_new_article": str, "consecutive_failures": int,
        },
        pk="name",
    ),
    "articles": dict(
        columns={
            "id": int, "source": str, "url": str, "title": str, "sapo": str, "author": str,
            "published_at": str, "modified_at": str, "fetched_at": str, "updated_at": str,
            "text": str, "content_hash": str, "html_gz": bytes, "language": str, "tags": str,
            "extractor_version": str,
        },
        pk="id",
        not_null={"url", "source", "fetched_at", "content_hash"},
        foreign_keys=[("source", "sources", "name")],
    ),
    "article_urls": dict(
        columns={"url": str, "article_id": int, "first_seen": str},
        pk="url",
        foreign_keys=[("article_id", "articles", "id")],
    ),
    "observations": dict(
        columns={
            "id": int, "article_id": int, "indicator": str, "subject": str, "value": float,
            "value_max": float, "kind": str, "unit": str, "denominator": float, "qualifier": str,
            "period": str, "approx": int, "place": str, "text": str, "sentence": str,
            "span_start": int, "span_end": int, "published_at": str, "extracted_at": str,
            "extractor_version": str,
            # facts/series: the period as a span of days, and the area (ward, former district) of the place
            "period_start": str, "period_end": str, "granularity": str, "place_area": str,
            "document_id": int, "page": int,  # a figure from a document (db/documents.py): its page
        },
        pk="id",
        not_null={"value", "kind"},  # article_id or document_id (db/documents.py): a figure's origin
        foreign_keys=[("article_id", "articles", "id")],
    ),
    "crawl_runs": dict(
        columns={
            "id": int, "started_at": str, "finished_at": str, "status": str, "sources": str,
            "pages": int, "articles_new": int, "articles_updated": int, "articles_unchanged": int,
            "dropped": int, "errors": int, "stats": str, "pid": int,
        },
        pk="id",
    ),
}

INDEXES: list[tuple[str, list[str], bool]] = [
    ("articles", ["url"], True),
    ("articles", ["source", "published_at"], False),
    ("articles", ["content_hash"], False),
    ("observations", ["article_id"], False),
    ("observations", ["indicator", "published_at"], False),
    ("observations", ["subject"], False),
    ("observations", ["indicator", "place", "period_end"], False),
    ("article_urls", ["article_id"], False),
    ("observations", ["document_id", "page"], False),
]


def default_db_path() -> Path:
    """$SOLIEU_DB, else $XDG_DATA_HOME/solieu/solieu.db (~/.local/share/solieu/solieu.db)."""
    env = os.environ.get("SOLIEU_DB")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "solieu" / "solieu.db"


class DatabaseError(RuntimeError):
    """The database file cannot be opened or created."""


def open_db(path: str | os.PathLike | None = None) -> sqlite_utils.Database:
    """Open (creating if needed) the solieu database at path, in WAL mode, schema ensured."""
    target = Path(path).expanduser() if path else default_db_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # execute_plugins=False: sqlite-utils plugins (found by scanning the entry points of every installed
        # distribution, ~15 ms a process) may add SQL functions; solieu's SQL uses none.
        db = sqlite_utils.Database(target, execute_plugins=False)
        db.execute("PRAGMA busy_timeout = 30000")
        db.execute("PRAGMA foreign_keys = ON")
        if db.journal_mode != "wal":
            db.enable_wal()
        # WAL + NORMAL: commits survive a crash of the process, only an OS crash/power loss may undo the last
        # ones; FULL fsyncs every commit (~12 ms here), which blocked the crawl's reactor once per article.
        db.execute("PRAGMA synchronous = NORMAL")
        ensure_schema(db)
    except (OSError, sqlite_utils.db.sqlite3.Error) as exc:
        raise DatabaseError(f"cannot open database {target}: {exc}") from exc
    return db


class MissingDatabase(DatabaseError):
    """A command that reads was pointed at a database file that does not exist."""


def open_existing(path: str | os.PathLike | None = None) -> sqlite_utils.Database:
    """Open an existing database for a command that reads: never creates one; read-only files work."""
    target = Path(path).expanduser() if path else default_db_path()
    if not target.is_file():
        raise MissingDatabase(f"no database at {target}; run `solieu crawl` or `solieu demo` first")
    if os.access(target, os.W_OK) and os.access(target.parent, os.W_OK):
        return open_db(target)
    return open_readonly(target)


def open_readonly(path: str | os.PathLike) -> sqlite_utils.Database:
    """Open a database without writing to it (mode=ro; immutable when a read-only directory forbids the WAL index)."""
    last: Exception | None = None
    for flags in ("mode=ro", "immutable=1"):
        try:
            conn = sqlite3.connect(f"file:{quote(str(Path(path).absolute()))}?{flags}", uri=True)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA query_only = 1")
            return sqlite_utils.Database(conn, execute_plugins=False)
        except sqlite3.Error as exc:
            last = exc
    raise DatabaseError(f"cannot open database {path} read-only: {last}")


def ensure_schema(db: sqlite_utils.Database) -> None:
    """Create the missing tables and indexes; existing data is never touched."""
    with db.atomic():
        for name, spec in TABLES.items():
            table = db.table(name)
            if not table.exists():
                table.create(
                    spec["columns"], pk=spec["pk"], not_null=spec.get("not_null"),
                    foreign_keys=spec.get("foreign_keys"),
                )
            else:
                missing = {c: t for c, t in spec["columns"].items() if c not in table.columns_dict}
                for col, typ in missing.items():
                    table.add_column(col, typ)
                if name == "observations" and any(c.name == "article_id" and c.notnull for c in table.columns):
                    table.transform(not_null={"article_id": False})  # figures from documents have no article
        for table, cols, unique in INDEXES:
            db.table(table).create_index(cols, unique=unique, if_not_exists=True)
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    ensure_extras(db)  # full-text search index, entities, watches/alerts: db/extras.py
