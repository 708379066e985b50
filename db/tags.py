"""Kept POS tags: the underthesea output an article's sentences needed, stored once so that `reprocess`
after an extractor upgrade runs the new extractor without tagging (or even loading the tagger) again.

One row per article: the tagger that made them (nlp.tagger.tagger_version) and the tags of each
sentence by its key (nlp.tagger.sentence_key), as zlib-compressed JSON. Tags from another tagger
version are ignored by their reader and replaced on the next write.
"""
from __future__ import annotations

import json
import zlib
from typing import Any

import sqlite_utils

TABLE = "article_tags"


def ensure_tags(db: sqlite_utils.Database) -> None:
    """Create the kept-tags table if missing."""
    if not db[TABLE].exists():
        db[TABLE].create({"article_id": int, "tagger": str, "tags": bytes}, pk="article_id",
                         foreign_keys=[("article_id", "articles", "id")])


def encode(sentences: dict[str, list[list[str]]]) -> bytes:
    """The stored form of {sentence key: [[word, tag], ...]}.

    >>> decode(encode({"ab12": [["doanh nghiệp", "N"]]}))
    {'ab12': [['doanh nghiệp', 'N']]}
    """
    return zlib.compress(json.dumps(sentences, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))


def decode(blob: bytes | None) -> dict[str, list[list[str]]]:
    """{sentence key: tags} from the stored form; {} for none, and ValueError for a damaged value."""
    if not blob:
        return {}
    try:
        data = json.loads(zlib.decompress(blob).decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"damaged kept tags: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError("damaged kept tags: not a mapping")
    return data


def write_tags(db: sqlite_utils.Database, article_id: int, analysis: dict[str, Any] | None) -> None:
    """Keep an article's tags ({"tagger": version, "sentences": {key: tags}}), replacing older ones.

    Call inside the transaction that writes the article; None writes nothing, no sentences drops the
    article's kept tags (they were of another tagger, or damaged)."""
    if not analysis:
        return
    if not analysis.get("sentences"):
        db.execute(f"DELETE FROM [{TABLE}] WHERE article_id = ?", [article_id])
        return
    db.execute(f"INSERT OR REPLACE INTO [{TABLE}] (article_id, tagger, tags) VALUES (?, ?, ?)",
               [article_id, analysis["tagger"], encode(analysis["sentences"])])
