"""Full-text search over article title, sapo and body (SQLite FTS5), diacritic-insensitive.

Design: a shadow table `article_search` holds each article's title/sapo/text with đ/Đ folded to
d/D (the unicode61 tokenizer's remove_diacritics does not decompose đ). SQL triggers on
`articles` keep it current with the built-in replace() (so every connection, the crawler's
included, maintains it), and sqlite-utils' `enable_fts(create_triggers=True)` keeps the FTS5
index `article_search_fts` current from the shadow table. The tokenizer strips the remaining
diacritics, so "ho ngheo" finds "hộ nghèo", NFD text matches NFC queries, and "hoà" = "hòa".
Folding đ→d keeps lengths, so highlight offsets map back to the original text for snippets.
Words typed *with* diacritics must match as typed ("hồ" is not "hỗ"): the folded index finds
candidates, db/diacritics checks them against the article's own text (NFC, tone placement aside).
"""
from __future__ import annotations

import re
import sqlite3
import unicodedata
from typing import Any

import sqlite_utils

from db.diacritics import exact_filter, keep_span
from db.filters import conditions

SEARCH_TABLE = "article_search"
FTS_TABLE = "article_search_fts"
TOKENIZE = "unicode61 remove_diacritics 2"
_COLS = ("title", "sapo", "text")
WEIGHTS = (10.0, 4.0, 1.0)  # bm25 column weights: a hit in the title counts most
_HL_OPEN, _HL_CLOSE = "\x02", "\x03"


class SearchError(ValueError):
    """The search query cannot be run (FTS5 syntax the engine rejects, empty query)."""


def _fold_sql(col: str) -> str:
    return f"replace(replace({col}, 'đ', 'd'), 'Đ', 'D')"


def fold_query(text: str) -> str:
    """A user's query in the indexed form: NFC, đ/Đ -> d/D (the tokenizer strips the rest)."""
    return unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")


def ensure_fts(db: sqlite_utils.Database) -> None:
    """Create the shadow table, its triggers and the FTS5 index if missing; backfill once."""
    if FTS_TABLE in db.table_names() and "articles_search_ai" in {t.name for t in db.triggers}:
        return
    cols = ", ".join(_COLS)
    new_vals = ", ".join(_fold_sql(f"new.{c}") for c in _COLS)
    sets = ", ".join(f"{c} = {_fold_sql('new.' + c)}" for c in _COLS)
    with db.atomic():
        db.execute(f"CREATE TABLE IF NOT EXISTS {SEARCH_TABLE} (id INTEGER PRIMARY KEY, title TEXT, sapo TEXT, "
                   "text TEXT)")
        if FTS_TABLE not in db.table_names():
            db[SEARCH_TABLE].enable_fts(list(_COLS), create_triggers=True, tokenize=TOKENIZE)
        db.execute(f"CREATE TRIGGER IF NOT EXISTS articles_search_ai AFTER INSERT ON articles BEGIN "
                   f"INSERT INTO {SEARCH_TABLE} (id, {cols}) VALUES (new.id, {new_vals}); END")
        db.execute(f"CREATE TRIGGER IF NOT EXISTS articles_search_au AFTER UPDATE OF title, sapo, text ON articles "
                   f"BEGIN UPDATE {SEARCH_TABLE} SET {sets} WHERE id = new.id; END")
        db.execute(f"CREATE TRIGGER IF NOT EXISTS articles_search_ad AFTER DELETE ON articles BEGIN "
                   f"DELETE FROM {SEARCH_TABLE} WHERE id = old.id; END")
        db.execute(f"INSERT INTO {SEARCH_TABLE} (id, {cols}) SELECT id, "
                   + ", ".join(_fold_sql(c) for c in _COLS)
                   + f" FROM articles WHERE id NOT IN (SELECT id FROM {SEARCH_TABLE})")


def as_phrase(term: str) -> str:
    """A plain term as one FTS5 phrase ("hộ nghèo" = those words in a row); FTS syntax is kept as is."""
    term = unicodedata.normalize("NFC", term)
    if re.search(r'["*()^:]|\b(?:AND|OR|NOT|NEAR)\b', term):
        return term
    words = re.findall(r"\w+", term)
    return '"' + " ".join(words) + '"' if words else term


def matching_ids(db: sqlite_utils.Database, query: str) -> list[int]:
    """Ids of the articles matching an FTS5 query (see `search` for the query language)."""
    check = exact_filter(query)
    if check is None:
        return [r["id"] for r in _run(db, "SELECT rowid AS id FROM {fts} WHERE {fts} MATCH ?", [], query)]
    rows = _run(db, "SELECT a.id, a.title, a.sapo, a.text FROM {fts} JOIN articles a ON a.id = {fts}.rowid "
                "WHERE {fts} MATCH ?", [], query)
    return [r["id"] for r in rows if check(r) is not None]


def search(
    db: sqlite_utils.Database, query: str, *, source: str | None = None, since: str | None = None,
    limit: int | None = 20,
) -> list[dict[str, Any]]:
    """Articles matching query, best first (bm25), each with a highlighted snippet.

    The query is FTS5 syntax (words, "phrases", prefix*, NEAR(a b), AND/OR/NOT); if the engine
    rejects it, it is retried as plain words; if that fails too, SearchError."""
    where, params = conditions(("a.source = ?", source), ("COALESCE(a.published_at, a.fetched_at) >= ?", since))
    check = exact_filter(query)
    if check is not None:  # diacritics typed: keep the candidates whose own text has the words as typed
        order = (f"SELECT a.id, a.title, a.sapo, a.text, bm25({{fts}}, {', '.join(map(str, WEIGHTS))}) AS score "
                 "FROM {fts} JOIN articles a ON a.id = {fts}.rowid WHERE {fts} MATCH ?"
                 + "".join(f" AND {w}" for w in where) + " ORDER BY score, a.published_at DESC")
        scored = [(check(r), n, r["id"]) for n, r in enumerate(_run(db, order, list(params), _boost_phrase(query)))]
        ids = [i for _, _, i in sorted((-s, n, i) for s, n, i in scored if s is not None)]  # exact hits first
        ids = ids[:limit] if limit is not None else ids
        if not ids:
            return []
        where, params, limit = [f"a.id IN ({', '.join('?' for _ in ids)})"], list(ids), None
    keep = keep_span(query) if check is not None else None
    hl = ", ".join(f"highlight({{fts}}, {i}, char(2), char(3)) AS hl_{c}" for i, c in enumerate(_COLS))
    sql = ("SELECT a.id, a.source, a.published_at, a.url, a.title, a.sapo, a.text, " + hl + ", "
           f"bm25({{fts}}, {', '.join(map(str, WEIGHTS))}) AS score "
           "FROM {fts} JOIN articles a ON a.id = {fts}.rowid WHERE {fts} MATCH ?"
           + "".join(f" AND {w}" for w in where) + " ORDER BY score, a.published_at DESC")
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    out = []
    rows = _run(db, sql, params, _boost_phrase(query))
    if check is not None:
        rank = {i: n for n, i in enumerate(ids)}
        rows.sort(key=lambda r: rank[r["id"]])
    for r in rows:
        out.append({"id": r["id"], "source": r["source"], "published_at": r["published_at"],
                    "date": (r["published_at"] or "")[:10], "title": r["title"], "url": r["url"],
                    "score": round(-r["score"], 3), "snippet": _snippet(r, keep=keep)})
    return out


def _run(db: sqlite_utils.Database, sql: str, params: list[Any], query: str) -> list[dict[str, Any]]:
    sql = sql.replace("{fts}", FTS_TABLE)
    folded = fold_query(query).strip()
    if not folded:
        raise SearchError("empty search query")
    attempts = [folded]
    plain = _plain(folded)
    if plain and plain != folded:
        attempts.append(plain)
    error: Exception | None = None
    for q in attempts:
        try:
            return list(db.query(sql, [q, *params]))
        except sqlite3.OperationalError as exc:
            error = exc
    raise SearchError(f"cannot search for {query!r}: {error}")


def _boost_phrase(query: str) -> str:
    """Plain words "a b" -> '"a b" OR ("a" "b")': all words still required, the phrase ranks first."""
    query = fold_query(query)
    phrase = as_phrase(query)
    words = re.findall(r"\w+", query)
    if phrase == query or len(words) < 2:
        return query
    return f"{phrase} OR ({_plain(query)})"


def _plain(query: str) -> str:
    """The query as plain words, each quoted: FTS5 operators and punctuation lose their meaning."""
    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"' for w in words)


def _snippet(row: dict[str, Any], width: int = 180, keep=None) -> str:
    """A window of original text around the first hit, hits wrapped in ** (from highlight offsets);
    keep(span text) may leave out hits that matched only folded."""
    for col in ("text", "sapo", "title"):
        marked = row.get(f"hl_{col}") or ""
        if _HL_OPEN not in marked:
            continue
        original = row.get(col) or ""
        spans, plain_pos, i = [], 0, 0
        start = None
        for ch in marked:
            if ch == _HL_OPEN:
                start = plain_pos
            elif ch == _HL_CLOSE and start is not None:
                spans.append((start, plain_pos))
                start = None
            else:
                plain_pos += 1
            i += 1
        stripped = marked.replace(_HL_OPEN, "").replace(_HL_CLOSE, "")
        text = original if len(original) == len(stripped) else stripped
        if keep is not None:
            spans = [(a, b) for a, b in spans if keep(text[a:b])]
            if not spans:
                continue
        first = spans[0][0]
        lo = max(0, first - 50)
        lo = text.rfind(" ", 0, lo) + 1 if lo else 0
        hi = min(len(text), lo + width)
        pieces, pos = [], lo
        for a, b in spans:
            if a < lo or b > hi:
                continue
            pieces += [text[pos:a], "**", text[a:b], "**"]
            pos = b
        pieces.append(text[pos:hi])
        out = " ".join("".join(pieces).split())
        return ("…" if lo else "") + out + ("…" if hi < len(text) else "")
    return " ".join((row.get("sapo") or row.get("text") or "")[:width].split())
