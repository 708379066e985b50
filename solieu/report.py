"""`solieu report`: one self-contained HTML file (inline CSS and SVG, no requests) a staffer can email."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any, Sequence

import jinja2
import sqlite_utils
from markupsafe import Markup

from solieu.alerts import value_text
from solieu.charts import fill_periods, period_date, series_points, svg_bar_chart, svg_time_chart
from db.coverage import coverage, new_observations, outlet_volume, series
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
        periods = fill_periods({r["period"] for r in cov["periods"]}, "week")  # empty weeks as zero
        groups = {o["source"]: [sum(r["articles"] for r in cov["periods"] if r["source"] == o["source"]
                                    and r["period"] == p) for p in periods] for o in cov["outlets"]}
        chart = svg_bar_chart(periods, groups, f"“{term}”: articles per week") if periods else ""
        term_sections.append({"term": term, "outlets": cov["outlets"], "first_seen": cov["first_seen"],
                              "last_seen": cov["last_seen"], "articles": cov["articles"][:MAX_HEADLINES],
                              "more": max(0, len(cov["articles"]) - MAX_HEADLINES), "chart": Markup(chart)})
    by_indicator: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for o in new_observations(db, since=since):
        o["value_text"] = value_text(o)
        by_indicator[o["indicator"]].append(o)
    ranked = sorted(by_indicator.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:MAX_INDICATORS]
    indicators, charts = [], 0
    for key, obs in ranked:
        chart = ""
        if charts < MAX_CHARTS:
            pts = series_points(series(db, key))
            if sum(len(v) for v in pts.values()) >= 2:
                unit = "%" if obs[0]["kind"] == "percent" else (obs[0]["unit"] or "")
                chart = svg_time_chart(pts, key, unit)
                charts += 1
        obs.sort(key=lambda o: (str(period_date(o["period"], o["published_at"]) or ""), o["published_at"] or ""))
        indicators.append({"indicator": key, "observations": obs, "chart": Markup(chart)})
    return {"generated_at": utcnow(), "since": since, "terms": list(terms), "outlets": outlets,
            "total_articles": sum(o["articles"] for o in outlets), "term_sections": term_sections,
            "indicators": indicators, "observation_count": sum(len(v) for v in by_indicator.values())}


def safe_url(url: Any) -> str:
    """The URL when it is http(s), else '#' (a scraped javascript: link must not become clickable)."""
    u = str(url or "").strip()
    return u if u.lower().startswith(("http://", "https://")) else "#"


def render(data: dict[str, Any]) -> str:
    """The report HTML (Jinja2 with autoescape: scraped text can never become markup)."""
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    env.filters["safe_url"] = safe_url
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
