"""Facts: observations that state the same thing, merged, with their sources; conflicts flagged.

A fact is one (indicator, place, area, period span, granularity, qualifier) and one value within
rounding ("1,2 nghìn tỷ" = "1.234 tỷ"); the same key with values that do not round to each other is a
conflict, kept with every source. The `facts` and `fact_observations` tables are rebuilt from the
observations whenever these changed (refresh_facts), so Datasette and the CLI read the same rows.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from decimal import Decimal
from typing import Any, Callable, Iterable

import sqlite_utils

from db.filters import conditions
from db.origin import SOURCE, from_observations

FACT_COLUMNS = {
    "id": int, "indicator": str, "place": str, "place_area": str, "period": str, "period_start": str,
    "period_end": str, "granularity": str, "qualifier": str, "value": float, "value_max": float, "kind": str,
    "unit": str, "observations": int, "articles": int, "outlets": int, "first_seen": str, "last_seen": str,
    "conflict": int, "conflict_group": int, "sources": str, "documents": int,
}
_OBS_SQL = """
SELECT o.id, o.article_id, o.document_id, o.page, o.indicator, o.value, o.value_max, o.kind, o.unit, o.qualifier, o.text, o.sentence,
  COALESCE(o.period, '') AS period, COALESCE(o.place, '') AS place, COALESCE(o.place_area, '') AS place_area,
  COALESCE(o.period_start, substr(o.published_at, 1, 10)) AS period_start,
  COALESCE(o.period_end, substr(o.published_at, 1, 10)) AS period_end,
  COALESCE(o.granularity, 'as-of') AS granularity, o.published_at, {SOURCE} AS source,
  COALESCE(a.url, d.url) AS url, COALESCE(a.title, d.title, d.name) AS title, d.number AS document_number
{FROM}
WHERE o.indicator IS NOT NULL AND o.value IS NOT NULL AND (o.period_start IS NOT NULL
  OR (o.period IS NULL AND o.published_at IS NOT NULL))
ORDER BY o.published_at, o.id
"""


def ensure_facts(db: sqlite_utils.Database) -> None:
    """Create the facts tables if missing (idempotent)."""
    if not db["facts"].exists():
        db["facts"].create(FACT_COLUMNS, pk="id")
        db["facts"].create_index(["indicator", "period_end"], if_not_exists=True)
    elif "documents" not in db["facts"].columns_dict:  # a database from before figures from documents
        db["facts"].add_column("documents", int)
    if not db["fact_observations"].exists():
        db["fact_observations"].create({"fact_id": int, "observation_id": int}, pk=("fact_id", "observation_id"))
        db["fact_observations"].create_index(["observation_id"], if_not_exists=True)
    if not db["facts_state"].exists():
        db["facts_state"].create({"id": int, "fingerprint": str, "built_at": str}, pk="id")


def significant(value: float) -> int:
    """Significant digits of a value as stored (at least 2: "100" is not "96" rounded).

    >>> significant(1.2e12), significant(1234000000000.0), significant(7.42), significant(100.0)
    (2, 4, 3, 2)
    """
    digits = Decimal(repr(float(value))).normalize().as_tuple().digits
    return max(2, len(digits))


def rounds_to(value: float, rep: float, digits: int) -> bool:
    """True when value rounded to `digits` significant digits equals rep rounded the same way."""
    return float(f"{value:.{digits}g}") == float(f"{rep:.{digits}g}")


def cluster_values(values: Iterable[tuple[float, float | None]]) -> list[list[tuple[float, float | None]]]:
    """Group (value, value_max) pairs that agree within the rounding of the less precise one.

    >>> [len(c) for c in cluster_values([(1.2e12, None), (1.234e12, None), (1.5e12, None)])]
    [2, 1]
    """
    clusters: list[list[tuple[float, float | None]]] = []
    reps: list[tuple[tuple[float, float | None], int]] = []
    for v in sorted(set(values), key=lambda p: (significant(p[0]), p[0])):
        for n, (rep, digits) in enumerate(reps):
            same_max = (v[1] is None) == (rep[1] is None) and (v[1] is None or rounds_to(v[1], rep[1], digits))
            if same_max and rounds_to(v[0], rep[0], digits):
                clusters[n].append(v)
                break
        else:
            clusters.append([v])
            reps.append((v, significant(v[0])))
    return clusters


def _fingerprint(db: sqlite_utils.Database) -> str:
    row = db.execute("SELECT COUNT(*), MAX(id), MAX(extracted_at), SUM(length(COALESCE(indicator, ''))), "
                     "SUM(length(COALESCE(place, '')) + length(COALESCE(period_start, ''))) FROM observations"
                     ).fetchone()
    return json.dumps(list(row), default=str)


def origin_key(o: dict[str, Any]) -> tuple[str, int | None]:
    """("article", id) or ("document", id): one source of a fact (a document's pages count once).

    >>> origin_key({"article_id": None, "document_id": 3}), origin_key({"article_id": 12, "document_id": None})
    (('document', 3), ('article', 12))
    """
    if o.get("article_id") is None and o.get("document_id") is not None:
        return "document", o["document_id"]
    return "article", o.get("article_id")


def _source_entry(o: dict[str, Any]) -> dict[str, Any]:
    entry = {"article_id": o["article_id"], "source": o["source"], "url": o["url"], "title": o["title"],
             "published_at": o["published_at"], "text": o["text"], "sentence": o["sentence"],
             "observation_id": o["id"]}
    if origin_key(o)[0] == "document":
        entry.update(document_id=o["document_id"], page=o.get("page"), number=o.get("document_number"))
    return entry


def build_facts(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[tuple[int, int]]]:
    """Observation rows -> (fact rows, (fact id, observation id) links); pure, for tests and refresh.

    A fact's sources are articles and documents alike: the same figure in a report and in the news is
    one fact with both."""
    groups: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[(r["indicator"], r["place"], r["place_area"], r["period_start"], r["period_end"],
                r["granularity"], r["qualifier"])].append(r)
    facts, links, group_no = [], [], 0
    for key, obs in groups.items():
        clusters = cluster_values((o["value"], o["value_max"]) for o in obs)
        conflict = (len(clusters) > 1 and key[5] != "as-of"
                    and len({origin_key(o) for o in obs}) > 1)
        group_no += 1
        for members in clusters:
            wanted = set(members)
            mine = [o for o in obs if (o["value"], o["value_max"]) in wanted]
            common = Counter((o["value"], o["value_max"]) for o in mine).most_common()
            top = max(c for _, c in common)
            value, value_max = max((v for v, c in common if c == top), key=lambda p: significant(p[0]))
            fid = len(facts) + 1
            first = mine[0]
            seen: dict[tuple[str, int | None], dict[str, Any]] = {}
            for o in mine:
                seen.setdefault(origin_key(o), _source_entry(o))
                links.append((fid, o["id"]))
            n_docs = sum(1 for kind, _ in seen if kind == "document")
            dates = [o["published_at"] for o in mine if o["published_at"]]
            facts.append({
                "id": fid, "indicator": key[0], "place": key[1] or None, "place_area": key[2] or None,
                "period": next((o["period"] for o in mine if o["period"]), None), "period_start": key[3],
                "period_end": key[4], "granularity": key[5], "qualifier": key[6], "value": value,
                "value_max": value_max, "kind": first["kind"], "unit": first["unit"], "observations": len(mine),
                "articles": len(seen) - n_docs, "documents": n_docs,
                "outlets": len({s["source"] for s in seen.values() if "document_id" not in s}),
                "first_seen": min(dates) if dates else None, "last_seen": max(dates) if dates else None,
                "conflict": int(conflict), "conflict_group": group_no if conflict else None,
                "sources": json.dumps(list(seen.values()), ensure_ascii=False),
            })
    return facts, links


def fill_spans(db: sqlite_utils.Database, span_fn: Callable[[str | None, str | None], dict[str, Any]]) -> int:
    """Give observations stored without a period span (older databases, other writers) one: span_fn(period,
    published_at) -> {period_start, period_end, granularity}. Returns how many were filled."""
    todo = db.execute("SELECT id, period, published_at FROM observations WHERE granularity IS NULL "
                      "AND (period IS NOT NULL OR published_at IS NOT NULL)").fetchall()
    with db.atomic():
        for oid, period, published in todo:
            cols = span_fn(period, published)
            db.execute("UPDATE observations SET period_start = ?, period_end = ?, granularity = ? WHERE id = ?",
                       [cols.get("period_start"), cols.get("period_end"), cols.get("granularity"), oid])
    return len(todo)


def refresh_facts(db: sqlite_utils.Database, force: bool = False,
                  span_fn: Callable[[str | None, str | None], dict[str, Any]] | None = None) -> bool:
    """Rebuild the facts tables when the observations changed since the last build; True if rebuilt.

    With span_fn, observations without a period span get one first (see fill_spans)."""
    ensure_facts(db)
    if span_fn is not None:
        fill_spans(db, span_fn)
    fp = _fingerprint(db)
    row = db.execute("SELECT fingerprint FROM facts_state WHERE id = 1").fetchone()
    if not force and row and row[0] == fp:
        return False
    facts, links = build_facts(list(db.query(_OBS_SQL.format(SOURCE=SOURCE, FROM=from_observations(db)))))
    with db.atomic():
        db.execute("DELETE FROM fact_observations")
        db.execute("DELETE FROM facts")
        if facts:
            db["facts"].insert_all(facts)
        if links:
            db["fact_observations"].insert_all([{"fact_id": f, "observation_id": o} for f, o in links])
        db.execute("INSERT OR REPLACE INTO facts_state (id, fingerprint, built_at) "
                   "VALUES (1, ?, datetime('now'))", [fp])
    return True


def facts(db: sqlite_utils.Database, *, indicator: str | None = None, place: str | None = None,
          span: tuple[str, str] | None = None, qualifier: str | None = None, conflicts: bool = False,
          granularity: str | None = None, limit: int | None = None,
          span_fn: Callable[[str | None, str | None], dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """Facts (refreshed first), filtered; span = (start, end) keeps facts whose period lies inside it."""
    refresh_facts(db, span_fn=span_fn)
    where, params = conditions(
        ("indicator = ?", indicator), ("place = ?", place), ("qualifier = ?", qualifier),
        ("granularity = ?", granularity), ("conflict = 1", conflicts),
        ("period_start >= ? AND period_end <= ?", tuple(span) if span else None),
    )
    sql = "SELECT * FROM facts" + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY indicator, conflict_group, period_end, qualifier, articles DESC, value"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    out = []
    for r in db.query(sql, params):
        r["sources"] = json.loads(r["sources"] or "[]")
        out.append(r)
    return out


def indicator_summary(db: sqlite_utils.Database, source: str | None = None) -> list[dict[str, Any]]:
    """Per indicator key: observations, articles, documents, outlets, places, first and last period."""
    where, params = conditions((f"{SOURCE} = ?", source))
    extra = "".join(f" AND {w}" for w in where)
    return list(db.query(
        "SELECT o.indicator, o.kind, COUNT(*) AS observations, COUNT(DISTINCT o.article_id) AS articles, "
        "COUNT(DISTINCT o.document_id) AS documents, COUNT(DISTINCT a.source) AS outlets, "
        "group_concat(DISTINCT o.place) AS places, "
        "MIN(COALESCE(o.period_start, substr(o.published_at, 1, 10))) AS first, "
        "MAX(COALESCE(o.period_end, substr(o.published_at, 1, 10))) AS last "
        f"{from_observations(db)} WHERE o.indicator IS NOT NULL" + extra +
        " GROUP BY o.indicator, o.kind ORDER BY observations DESC, o.indicator", params))
