"""Coverage of a term or entity: matching articles per outlet per period, as counts and shares."""
from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import date
from typing import Any, Sequence

import sqlite_utils

from db.filters import conditions
from db.origin import ORIGIN_COLUMNS, from_observations

PERIODS = ("day", "week", "month")
_DATE_SQL = "substr(COALESCE(published_at, fetched_at), 1, 10)"


def period_key(day: str, by: str) -> str:
    """'2024-02-29' -> '2024-02-29' (day), '2024-W09' (ISO week) or '2024-02' (month)."""
    if by == "month":
        return day[:7]
    if by == "week":
        try:
            y, w, _ = date.fromisoformat(day).isocalendar()
        except ValueError:
            return day
        return f"{y}-W{w:02d}"
    return day


def _filters(source: str | None, since: str | None) -> tuple[str, list[Any]]:
    where, params = conditions(("source = ?", source), (f"{_DATE_SQL} >= ?", since))
    return "".join(f" AND {w}" for w in where), params


def matched_articles(db: sqlite_utils.Database, ids: Sequence[int], *, source: str | None = None,
                     since: str | None = None) -> list[dict[str, Any]]:
    """The articles with these ids (date, source, title, url), newest first, filtered."""
    extra, params = _filters(source, since)
    return list(db.query(
        f"SELECT id, source, {_DATE_SQL} AS date, published_at, title, url FROM articles "
        f"WHERE id IN (SELECT value FROM json_each(?)){extra} ORDER BY date DESC, id DESC",
        [json.dumps(list(ids)), *params]))


def coverage(db: sqlite_utils.Database, ids: Sequence[int], *, by: str = "month", source: str | None = None,
             since: str | None = None) -> dict[str, Any]:
    """Per outlet and period: matching articles, the outlet's total, the share; per outlet totals;
    first and last seen; the matching articles."""
    if by not in PERIODS:
        raise ValueError(f"--by must be one of {', '.join(PERIODS)}")
    articles = matched_articles(db, ids, source=source, since=since)
    extra, params = _filters(source, since)
    totals: Counter[tuple[str, str]] = Counter()
    outlet_totals: Counter[str] = Counter()
    for r in db.query(f"SELECT source, {_DATE_SQL} AS d, COUNT(*) AS n FROM articles WHERE 1 = 1{extra} "
                      "GROUP BY source, d", params):
        totals[(r["source"], period_key(r["d"] or "", by))] += r["n"]
        outlet_totals[r["source"]] += r["n"]
    hits: Counter[tuple[str, str]] = Counter()
    seen: dict[str, list[str]] = defaultdict(list)
    for a in articles:
        hits[(a["source"], period_key(a["date"] or "", by))] += 1
        seen[a["source"]].append(a["date"] or "")
    periods = [{"period": p, "source": s, "articles": n, "total": totals[(s, p)],
                "share": round(n / totals[(s, p)], 4) if totals[(s, p)] else None}
               for (s, p), n in sorted(hits.items(), key=lambda kv: (kv[0][1], kv[0][0]))]
    outlets = [{"source": s, "articles": len(d), "total": outlet_totals[s],
                "share": round(len(d) / outlet_totals[s], 4) if outlet_totals[s] else None,
                "first_seen": min(d), "last_seen": max(d)}
               for s, d in sorted(seen.items(), key=lambda kv: -len(kv[1]))]
    dates = [a["date"] for a in articles if a["date"]]
    return {"by": by, "periods": periods, "outlets": outlets, "articles": articles,
            "first_seen": min(dates) if dates else None, "last_seen": max(dates) if dates else None}


def document_coverage(db: sqlite_utils.Database, query: str, *, by: str = "month",
                      since: str | None = None) -> dict[str, Any]:
    """Documents whose pages match an FTS5 query, per issuing body (else source) and period (date issued,
    else stored), with that body's total documents in the period and the share; the documents."""
    from db.documents import document_counts, matching_documents

    if by not in PERIODS:
        raise ValueError(f"--by must be one of {', '.join(PERIODS)}")
    docs = matching_documents(db, query, since=since)
    totals: Counter[tuple[str, str]] = Counter()
    for r in document_counts(db, since=since):
        totals[(r["issuer"], period_key(r["d"] or "", by))] += r["n"]
    hits: Counter[tuple[str, str]] = Counter()
    for d in docs:
        d["issuer_or_source"] = d["issuer"] or d["source"] or ""
        hits[(d["issuer_or_source"], period_key(d["date"] or "", by))] += 1
    periods = [{"period": p, "issuer": i, "documents": n, "total": totals[(i, p)],
                "share": round(n / totals[(i, p)], 4) if totals[(i, p)] else None}
               for (i, p), n in sorted(hits.items(), key=lambda kv: (kv[0][1], kv[0][0]))]
    dates = [d["date"] for d in docs if d["date"]]
    return {"periods": periods, "documents": docs, "first_seen": min(dates) if dates else None,
            "last_seen": max(dates) if dates else None}


def outlet_volume(db: sqlite_utils.Database, *, since: str | None = None) -> list[dict[str, Any]]:
    """Articles per outlet since a date, with first and last publication dates."""
    extra, params = _filters(None, since)
    return list(db.query(
        f"SELECT source, COUNT(*) AS articles, MIN({_DATE_SQL}) AS first, MAX({_DATE_SQL}) AS last "
        f"FROM articles WHERE 1 = 1{extra} GROUP BY source ORDER BY articles DESC, source", params))


def new_observations(db: sqlite_utils.Database, *, since: str | None = None, limit: int = 500) -> list[dict[str, Any]]:
    """The newest observations (up to limit) of articles (or documents) published since a date, with their origin.

    Newest first, so the limit drops the oldest observations, not the indicators late in the alphabet."""
    extra, params = ("", []) if not since else (
        " AND substr(COALESCE(a.published_at, a.fetched_at, d.issued, d.fetched_at), 1, 10) >= ?", [since])
    return list(db.query(
        "SELECT o.id, o.indicator, o.subject, o.value, o.value_max, o.kind, o.unit, o.denominator, o.qualifier, "
        f"o.period, o.sentence, o.published_at, {ORIGIN_COLUMNS} "
        f"{from_observations(db)} WHERE o.indicator IS NOT NULL{extra} "
        "ORDER BY o.published_at DESC, o.id DESC LIMIT ?", [*params, int(limit)]))


def series(db: sqlite_utils.Database, indicator: str) -> list[dict[str, Any]]:
    """Every observation of one indicator key (exact, else key or subject containing the text)."""
    base = ("SELECT o.id, o.indicator, o.subject, o.value, o.value_max, o.kind, o.unit, o.denominator, "
            f"o.qualifier, o.period, o.approx, o.place, o.sentence, o.published_at, {ORIGIN_COLUMNS} "
            f"{from_observations(db)} WHERE ")
    rows = list(db.query(base + "o.indicator = ?", [indicator]))
    if not rows:
        like = "%" + indicator.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        rows = list(db.query(base + "(o.indicator LIKE ? ESCAPE '\\' OR o.subject LIKE ? ESCAPE '\\')",
                             [like, like]))
    return rows
