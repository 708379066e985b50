"""Commands over facts: facts (merged observations, conflicts), series, indicators, article."""
from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from solieu.cli.io import emit_or_fail, format_option
from solieu.cli.lookup import LookupFailed, catalog_keys, is_catalog, resolve_indicator, resolve_period, resolve_place
from solieu.cli.util import DB_OPTION, BadArgument, open_or_fail
from nlp.timespan import span_columns
from solieu.output import cite, format_value, shorten

COMMANDS: list[click.Command] = []
QUALIFIERS = ("actual", "target", "change", "other")


def _command(f: click.Command) -> click.Command:
    COMMANDS.append(f)
    return f


def _lookup(fn, *args):
    try:
        return fn(*args)
    except LookupFailed as exc:
        raise BadArgument(str(exc)) from exc  # exit code 2, like every unknown name


def _sources_cell(sources, width: int = 200) -> str:
    return shorten("; ".join(f"{cite(s)} {(s.get('published_at') or '')[:10]}" if s.get("document_id")
                             else f"#{s['article_id']} {s['source']} {(s.get('published_at') or '')[:10]}"
                             for s in sources), width)


FACT_COLUMNS = ["id", "indicator", "place", "period", "qualifier", "value", "articles", "documents", "outlets",
                "first_seen", "last_seen", "conflict"]


@_command
@click.command()
@DB_OPTION
@click.option("--indicator", help="An indicator key (see `solieu indicators`); words of a key work too.")
@click.option("--place", help="A province or city (old names map to the current province), or 'Việt Nam'.")
@click.option("--period", help="Facts inside this period: 2025, 2025-Q1, 2025-H1, 2025-9M, 2025-10, 2021-2025.")
@click.option("--qualifier", type=click.Choice(QUALIFIERS))
@click.option("--conflicts", is_flag=True, help="Only facts stated with different values, with every source.")
@click.option("--limit", type=click.IntRange(1), default=None)
@format_option()
def facts(db_path, indicator, place, period, qualifier, conflicts, limit, fmt, output) -> None:
    """Facts: observations that state the same thing (indicator, place, period, qualifier, value within
    rounding) merged into one, with their sources; --conflicts lists the same fact with different values."""
    from db.facts import facts as load_facts

    db = open_or_fail(db_path)
    key = _lookup(resolve_indicator, db, indicator) if indicator else None
    where = _lookup(resolve_place, db, place) if place else None
    span = _lookup(resolve_period, db, period) if period else None
    rows = load_facts(db, indicator=key, place=where, span=span, qualifier=qualifier, conflicts=conflicts,
                      limit=limit, span_fn=span_columns)
    for r in rows:
        r["value_text"] = format_value(r)
        r["article_urls"] = [s["url"] for s in r["sources"]]
    if fmt == "table":
        shown = [{**r, "value": r["value_text"], "conflict": "xung đột" if r["conflict"] else "",
                  "period": r["period"] or f"{r['period_end']} (ngày đăng)",
                  "sources": _sources_cell(r["sources"]), "first_seen": (r["first_seen"] or "")[:10],
                  "last_seen": (r["last_seen"] or "")[:10]} for r in rows]
        cols = FACT_COLUMNS + (["conflict_group", "sources"] if conflicts else [])
        what = "conflicting facts" if conflicts else "facts"
        emit_or_fail({"facts": (shown, cols)}, fmt, output, title=f"{len(rows)} {what}")
        if conflicts and rows:
            for r in rows:
                for s in r["sources"]:
                    click.echo(f"  [{r['conflict_group']}] {r['value_text']:>14}  {r['indicator']} {r['period'] or ''}"
                               f"  ← {cite(s)} {(s.get('published_at') or '')[:10]} {s['url']}")
        return
    cols = FACT_COLUMNS + ["value_text", "value_max", "kind", "unit", "place_area", "period_start", "period_end",
                           "granularity", "conflict_group", "article_urls"]
    if fmt == "json":
        cols = cols + ["sources"]
    elif fmt != "xlsx":
        rows = [{**r, "article_urls": " ".join(r["article_urls"])} for r in rows]
    emit_or_fail({"facts": (rows, cols)}, fmt, output)


SERIES_COLUMNS = ["line", "period", "date", "value", "articles", "documents", "conflict", "sources"]


@_command
@click.command()
@click.argument("indicator")
@DB_OPTION
@click.option("--place", help="Only this province or city (default: the place with the most facts).")
@click.option("--qualifier", type=click.Choice(QUALIFIERS), help="Only results, targets or changes.")
@format_option()
@click.option("--chart", type=click.Path(dir_okay=False), help="Draw it: .png, .svg or .html (chart + sources).")
def series(indicator, db_path, place, qualifier, fmt, output, chart) -> None:
    """One INDICATOR over time: one line per (qualifier, granularity), a point per fact with its sources.

    A quarter is never joined to a year, nor a result to a target; targets are dashed."""
    from collections import Counter

    from db.facts import facts as load_facts
    from solieu.charts import ChartError
    from solieu.series_chart import points_table, series_lines, sources_text, write_series_chart

    db = open_or_fail(db_path)
    key = _lookup(resolve_indicator, db, indicator)
    where = _lookup(resolve_place, db, place) if place else None
    rows = load_facts(db, indicator=key, place=where, qualifier=qualifier, span_fn=span_columns)
    if not rows:
        raise click.ClickException(f"no facts of {key!r}" + (f" in {where}" if where else "")
                                   + (f" as {qualifier}" if qualifier else ""))
    places = Counter(r["place"] for r in rows)
    if where is None and len(places) == 1:
        where = next(iter(places))
    elif where is None:
        where = places.most_common(1)[0][0]
        click.echo(f"{key!r} has facts in {len(places)} places; showing {where} (choose with --place).", err=True)
        rows = [r for r in rows if r["place"] == where]
    lines = series_lines(rows)
    title = f"{key} — {where or 'mọi nơi'}"
    if chart:
        try:
            write_series_chart(Path(chart), lines, title, rows[0]["kind"], rows[0]["unit"])
        except ChartError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Chart: {chart}", err=True)
    points = points_table(lines)
    for p in points:
        p.update(indicator=key, place=where, article_url=p["sources"][0]["url"] if p["sources"] else None,
                 sentence=p["sources"][0].get("sentence") if p["sources"] else None)
    if fmt == "table":
        shown = [{**p, "sources": sources_text(p["sources"])} for p in points]
        summary = ", ".join(f"{ln.label}: {len(ln.points)}" for ln in lines)
        emit_or_fail({"series": (shown, SERIES_COLUMNS)}, fmt, output, title=f"{title} ({summary})")
        return
    cols = ["indicator", "place", "qualifier", "granularity", "line", "period", "date", "value", "raw_value",
            "articles", "documents", "conflict", "article_url", "sentence"]
    if fmt == "json":
        cols.append("sources")
    elif fmt != "xlsx":
        points = [{**p, "sources": sources_text(p["sources"])} for p in points]
        cols.append("sources")
    emit_or_fail({"series": (points, cols)}, fmt, output)


@_command
@click.command()
@DB_OPTION
@click.option("--source", help="Only this outlet.")
@click.option("--unmapped", is_flag=True, help="Instead: frequent keys not in the catalog, to add to it.")
@click.option("--catalog", "catalog_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your own catalog YAML, on top of nlp/indicators.yaml.")
@click.option("--limit", type=click.IntRange(1), default=None)
@format_option()
def indicators(db_path, source, unmapped, catalog_path, limit, fmt, output) -> None:
    """Catalog indicators with their observations, articles, places and first/last period
    (--unmapped: the free keys found most often, to add to the catalog and `reprocess --rekey`)."""
    from db.facts import indicator_summary

    keys = _lookup(catalog_keys, catalog_path)
    rows = [r for r in indicator_summary(open_or_fail(db_path), source=source)
            if is_catalog(r["indicator"], keys) != unmapped]
    total = sum(r["observations"] for r in rows)
    rows = rows[:limit] if limit else rows
    cols = ["indicator", "kind", "observations", "articles", "documents", "outlets", "places", "first", "last"]
    title = (f"{len(rows)} keys outside the catalog ({total} observations)" if unmapped
             else f"{len(rows)} catalog indicators ({total} observations)")
    emit_or_fail({"indicators": (rows, cols)}, fmt, output, title=title)
    if unmapped and fmt == "table" and rows:
        top = rows[0]["indicator"]
        name = top.rsplit(" (", 1)[0]
        click.echo(f"To map one, add to {catalog_path or 'nlp/indicators.yaml'}:\n"
                   f"- key: {name}\n  kinds: [{rows[0]['kind']}]\n  synonyms: [{name}]\n"
                   f"then run `solieu reprocess --rekey{' --catalog ' + str(catalog_path) if catalog_path else ''}`.",
                   err=True)


@_command
@click.command()
@click.argument("ref")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def article(ref, db_path, fmt) -> None:
    """One article (by id or URL) with its figures highlighted in their sentences, and its entities."""
    from db import queries
    from db.entities import entities_of_article

    db = open_or_fail(db_path)
    row = queries.find_article(db, ref)
    if row is None:
        raise click.ClickException(f"no article {ref!r} (give an id from `solieu observations` or a stored URL)")
    obs = queries.observations(db, article_id=row["id"])
    obs.sort(key=lambda o: o["span_start"] or 0)
    ents = entities_of_article(db, row["id"])
    if fmt == "json":
        click.echo(json.dumps({"article": row, "observations": obs, "entities": ents}, ensure_ascii=False,
                              indent=2, default=str))
        return
    console = Console(highlight=False, width=None if Console().is_terminal else 160)
    console.print(f"[bold]#{row['id']} {escape(row['title'] or '')}[/bold]")
    console.print(f"{escape(row['source'])} · {escape((row['published_at'] or '')[:16])} · {escape(row['url'])}")
    if row.get("sapo"):
        console.print(escape(row["sapo"]), style="italic")
    console.print(f"\n[bold]{len(obs)} figures[/bold]")
    for o in obs:
        sentence = o["sentence"] or ""
        i = sentence.find(o["text"] or "\0")
        marked = (escape(sentence[:i]) + "[reverse]" + escape(o["text"]) + "[/reverse]"
                  + escape(sentence[i + len(o["text"]):])) if i >= 0 else escape(sentence)
        console.print(f"- [bold]{escape(format_value(o))}[/bold] {escape(o['qualifier'] or '')} · "
                      f"{escape(o['indicator'] or o['subject'] or '?')} · {escape(o['period'] or '')} · "
                      f"{escape(o['place'] or '')} (obs #{o['id']})\n  {marked}")
    console.print(f"\n[bold]{len(ents)} entities[/bold]: "
                  + escape(", ".join(f"{e['name']} ({e['kind']})" for e in ents)))


def print_story(db) -> None:
    """The end of `solieu demo`: the longest series of one indicator, and one conflict with its sources."""
    from collections import defaultdict

    from db.facts import facts as load_facts
    from solieu.output import render
    from solieu.series_chart import points_table, series_lines, sources_text

    rows = [f for f in load_facts(db, span_fn=span_columns) if f["granularity"] != "as-of"]
    lines: dict[tuple, set] = defaultdict(set)
    articles: dict[tuple, set] = defaultdict(set)
    for f in rows:
        k = (f["indicator"], f["place"], f["qualifier"], f["granularity"])
        lines[k].add(f["period_end"])
        articles[k] |= {(s.get("document_id"), s["article_id"]) for s in f["sources"]}
    best = max((k for k in lines if len(articles[k]) >= 3), key=lambda k: (len(lines[k]), len(articles[k])),
               default=None)
    if best is not None:
        mine = [f for f in rows if (f["indicator"], f["place"], f["qualifier"], f["granularity"]) == best]
        points = [{**p, "sources": sources_text(p["sources"])} for p in points_table(series_lines(mine))]
        render(points, "table", ["period", "value", "articles", "conflict", "sources"],
               title=f"Series: {best[0]} — {best[1]} ({len(points)} points; `solieu series` for all lines)")
    conflicts = [f for f in rows if f["conflict"]]
    if conflicts:
        group = max({f["conflict_group"] for f in conflicts},
                    key=lambda g: max(f["last_seen"] or "" for f in conflicts if f["conflict_group"] == g))
        mine = [f for f in conflicts if f["conflict_group"] == group]
        shown = [{"value": format_value(f), "sources": sources_text(f["sources"]),
                  "article": shorten(f["sources"][0]["title"], 60)} for f in mine]
        render(shown, "table", ["value", "sources", "article"],
               title=f"Conflict: {mine[0]['indicator']} {mine[0]['period']} ({len(conflicts)} conflicting facts; "
                     "`solieu facts --conflicts`)")
