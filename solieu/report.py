"""`solieu report`: one self-contained HTML file (inline CSS and SVG, no requests) a staffer can email."""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any, Sequence

import jinja2
import sqlite_utils
from markupsafe import Markup

from solieu.charts import fill_periods, svg_bar_chart
from solieu.output import cite, format_value
from solieu.series_chart import series_lines, svg_series
from db.coverage import coverage, document_coverage, outlet_volume
from db.facts import facts as load_facts
from db.documents import new_documents
from db.search import SearchError, as_phrase, matching_ids
from db.store import utcnow

TEMPLATE_PATH = Path(__file__).with_name("report_template.html")
MAX_INDICATORS = 12
MAX_CHARTS = 6
MAX_HEADLINES = 15


class ReportError(RuntimeError):
    """The report cannot be built or written."""


def build(db: sqlite_utils.Database, since: str | None, terms: Sequence[str]) -> dict[str, Any]:
    """Everything the report shows, as plain data (text unescaped; the template escapes it)."""
    outlets = outlet_volume(db, since=since)
    term_sections = []
    for term in terms:
        try:
            ids = matching_ids(db, as_phrase(term))
        except SearchError as exc:
            term_sections.append({"term": term, "error": str(exc)})
            continue
        cov = coverage(db, ids, by="week", since=since)
        try:
            docs = document_coverage(db, as_phrase(term), by="week", since=since)["documents"]
        except SearchError:
            docs = []
        periods = fill_periods({r["period"] for r in cov["periods"]}, "week")  # empty weeks as zero
        groups = {o["source"]: [sum(r["articles"] for r in cov["periods"] if r["source"] == o["source"]
                                    and r["period"] == p) for p in periods] for o in cov["outlets"]}
        chart = svg_bar_chart(periods, groups, f"“{term}”: articles per week") if periods else ""
        term_sections.append({"term": term, "outlets": cov["outlets"], "first_seen": cov["first_seen"],
                              "last_seen": cov["last_seen"], "articles": cov["articles"][:MAX_HEADLINES],
                              "more": max(0, len(cov["articles"]) - MAX_HEADLINES), "chart": Markup(chart),
                              "documents": docs[:MAX_HEADLINES]})
    indicators, count = figures_section(db, since)
    return {"generated_at": utcnow(), "since": since, "terms": list(terms), "outlets": outlets,
            "total_articles": sum(o["articles"] for o in outlets), "term_sections": term_sections,
            "indicators": indicators, "observation_count": count,
            "documents": new_documents(db, since=since)}


def figures_section(db: sqlite_utils.Database, since: str | None) -> tuple[list[dict[str, Any]], int]:
    """Facts with a source published since `since`, per indicator (most observed first), each with the
    chart of its whole series (one line per qualifier and granularity) and its sources."""
    from nlp.timespan import span_columns

    everything = load_facts(db, span_fn=span_columns)
    fresh = [f for f in everything
             if not since or any((s.get("published_at") or "")[:10] >= since for s in f["sources"])]
    by_indicator: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in fresh:
        f["value_text"] = format_value(f)
        by_indicator[f["indicator"]].append(f)
    ranked = sorted(by_indicator.items(), key=lambda kv: (-sum(f["observations"] for f in kv[1]), kv[0]))
    out, charts = [], 0
    for key, facts in ranked[:MAX_INDICATORS]:
        chart = ""
        if charts < MAX_CHARTS:
            place = Counter(f["place"] for f in facts).most_common(1)[0][0]
            lines = series_lines([f for f in everything if f["indicator"] == key and f["place"] == place])
            if sum(len(ln.points) for ln in lines) >= 2:
                chart = svg_series(lines, f"{key} — {place or ''}", facts[0]["kind"], facts[0]["unit"])
                charts += 1
        facts.sort(key=lambda f: (f["period_end"] or "", f["qualifier"]))
        out.append({"indicator": key, "facts": facts, "chart": Markup(chart)})
    return out, sum(f["observations"] for f in fresh)


def safe_url(url: Any) -> str:
    """The URL when it is http(s), else '#' (a scraped javascript: link must not become clickable)."""
    u = str(url or "").strip()
    return u if u.lower().startswith(("http://", "https://")) else "#"


def render(data: dict[str, Any]) -> str:
    """The report HTML (Jinja2 with autoescape: scraped text can never become markup)."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["safe_url"] = safe_url
    env.filters["cite"] = cite
    env.filters["pct"] = lambda v: "" if v is None else f"{100 * v:.1f}%"
    return env.from_string(TEMPLATE_PATH.read_text(encoding="utf-8")).render(**data)


def write_report(db: sqlite_utils.Database, path: Path, since: str | None, terms: Sequence[str]) -> dict[str, Any]:
    """Build and write the report; returns its data (for a summary line)."""
    data = build(db, since, terms)
    try:
        path.write_text(render(data), encoding="utf-8")
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {exc}") from exc
    return data
