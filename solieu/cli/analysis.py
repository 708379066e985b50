"""Commands for analysts and communications staff (search, coverage, entities; see facts, alerts)."""
from __future__ import annotations

import json

import click

from solieu.cli.io import emit_or_fail, format_option, since_option
from solieu.charts import ChartError, fill_periods, write_bar_chart
from solieu.cli.util import DB_OPTION, open_or_fail
from solieu.output import shorten

COMMANDS: list[click.Command] = []


def _command(f: click.Command) -> click.Command:
    COMMANDS.append(f)
    return f


SEARCH_COLUMNS = ["rank", "date", "source", "title", "snippet", "url"]


@_command
@click.command()
@click.argument("query")
@DB_OPTION
@click.option("--source", help="Only this outlet.")
@since_option()
@click.option("--limit", type=click.IntRange(1), default=20, show_default=True)
@click.option("--documents/--no-documents", default=True, show_default=True,
              help="Also search the pages of stored documents (after the articles, within --limit, with their page).")
@format_option()
def search(query, db_path, source, since, limit, documents, fmt, output) -> None:
    """Full-text search of titles, sapos and bodies, best matches first; then document pages.

    Diacritics are optional ("ho ngheo" finds "hộ nghèo"). QUERY may use "phrases", prefix*,
    NEAR(a b, 5), AND / OR / NOT and title:word."""
    from db.documents import search_documents
    from db.search import SearchError, search as run_search

    db = open_or_fail(db_path)
    try:
        rows = run_search(db, query, source=source, since=since, limit=limit)
    except SearchError as exc:
        raise click.ClickException(str(exc)) from exc
    n_articles = len(rows)
    if documents and not source:
        try:
            found = search_documents(db, query, limit=limit)
        except SearchError:
            found = []  # article-only syntax (title:word): no document pages
        rows += [r for r in found if not since or (r["date"] and r["date"] >= since[:10])]
        rows = rows[:limit]
    for i, r in enumerate(rows, 1):
        r["rank"] = i
    if fmt == "table":
        rows = [{**r, "title": shorten(r["title"], 60), "snippet": shorten(r["snippet"], 160)} for r in rows]
    emit_or_fail({"search": (rows, SEARCH_COLUMNS + ([] if fmt == "table" else ["score", "id"]))}, fmt, output,
          title=f"{n_articles} articles and {len(rows) - n_articles} document pages matching {query}")


def _coverage_ids(db, term: str | None, entity: str | None) -> tuple[list[int], str]:
    if bool(term) == bool(entity):
        raise click.UsageError("give a TERM or --entity NAME (one of them)")
    if term:
        from db.search import SearchError, as_phrase, matching_ids

        try:
            return matching_ids(db, as_phrase(term)), term
        except SearchError as exc:
            raise click.ClickException(str(exc)) from exc
    from crawler.watchlist import WatchlistError, load_watchlist
    from nlp.watchlist import canonical
    from db.entities import entity_article_ids, find_entities
    from nlp.entities import entity_key

    try:
        name = canonical(entity, load_watchlist())
    except WatchlistError as exc:
        raise click.ClickException(str(exc)) from exc
    found = find_entities(db, entity_key(name))
    if not found:
        raise click.ClickException(f"no entity named {entity!r} in the database; see `solieu entities`")
    return entity_article_ids(db, [e["id"] for e in found]), " / ".join(e["name"] for e in found[:3])


@_command
@click.command()
@click.argument("term", required=False)
@click.option("--entity", help="A person, organization or place (watchlist aliases work) instead of a TERM.")
@DB_OPTION
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="month", show_default=True)
@click.option("--source", help="Only this outlet.")
@since_option()
@format_option()
@click.option("--chart", type=click.Path(dir_okay=False), help="Also draw articles per period: .png, .svg or .html.")
def coverage(term, entity, db_path, by, source, since, fmt, output, chart) -> None:
    """How much each outlet covers a TERM or an --entity, per day/week/month.

    TERM is a phrase ("hộ nghèo": the words in a row, diacritics optional) unless it uses search
    syntax ("quotes", prefix*, AND/OR/NOT, NEAR).

    Shows articles per outlet per period and as a share of the outlet's volume in that period,
    first and last seen, and the headlines with links; then (for a TERM, without --source) the
    stored documents whose pages contain it, per issuing body and period (date issued)."""
    from pathlib import Path

    from db.coverage import coverage as run_coverage, document_coverage
    from db.search import SearchError, as_phrase

    db = open_or_fail(db_path)
    ids, label = _coverage_ids(db, term, entity)
    cov = run_coverage(db, ids, by=by, source=source, since=since)
    docs = {"periods": [], "documents": []}
    if term and not source:
        try:
            docs = document_coverage(db, as_phrase(term), by=by, since=since)
        except SearchError:
            pass  # article-only syntax (title:word): no document pages
    cov["documents"] = docs
    for r in cov["periods"] + cov["outlets"] + docs["periods"]:
        r["share_pct"] = None if r["share"] is None else round(100 * r["share"], 1)
    if chart:
        periods = fill_periods({r["period"] for r in cov["periods"]}, by)  # empty months as zero
        groups = {s["source"]: [next((r["articles"] for r in cov["periods"] if r["source"] == s["source"]
                                      and r["period"] == p), 0) for p in periods] for s in cov["outlets"]}
        try:
            write_bar_chart(Path(chart), periods, groups, f"Articles on {label} per {by}")
        except ChartError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Chart: {chart}", err=True)
    if fmt == "json" and output is None:
        click.echo(json.dumps({"query": label, **cov}, ensure_ascii=False, indent=2))
        return
    period_cols = ["period", "source", "articles", "total", "share_pct"]
    outlet_cols = ["source", "articles", "total", "share_pct", "first_seen", "last_seen"]
    article_cols = ["date", "source", "title", "url"]
    doc_period_cols = ["period", "issuer", "documents", "total", "share_pct"]
    doc_cols = ["date", "id", "issuer", "number", "title", "pages", "url"]
    for d in docs["documents"]:
        d["pages"] = ", ".join(map(str, d["pages"])) if isinstance(d["pages"], list) else d["pages"]
    if fmt != "table":
        emit_or_fail({"coverage": (cov["periods"], period_cols), "outlets": (cov["outlets"], outlet_cols),
                      "articles": (cov["articles"], article_cols), "document_coverage": (docs["periods"],
                      doc_period_cols), "documents": (docs["documents"], doc_cols)}, fmt, output)
        return
    click.echo(f"{label}: {len(cov['articles'])} articles, first seen {cov['first_seen'] or '-'}, "
               f"last seen {cov['last_seen'] or '-'}")
    emit_or_fail({"o": (cov["outlets"], outlet_cols)}, fmt, output, title="Per outlet")
    emit_or_fail({"p": (cov["periods"], period_cols)}, fmt, output, title=f"Per {by} (share = % of the outlet's articles)")
    heads = [{**a, "title": shorten(a["title"], 80)} for a in cov["articles"]]
    emit_or_fail({"a": (heads, article_cols)}, fmt, output, title="Headlines")
    if docs["documents"]:
        click.echo(f"{label}: {len(docs['documents'])} documents, first seen {docs['first_seen'] or '-'}, "
                   f"last seen {docs['last_seen'] or '-'}")
        emit_or_fail({"dp": (docs["periods"], doc_period_cols)}, fmt, output,
                     title=f"Documents per issuing body per {by} (share = % of its documents)")
        shown = [{**d, "title": shorten(d["title"], 60)} for d in docs["documents"]]
        emit_or_fail({"d": (shown, doc_cols)}, fmt, output, title="Documents (pages that mention it)")


# `series` is in solieu/cli/facts.py (built on facts).


@_command
@click.command()
@DB_OPTION
@click.option("--kind", type=click.Choice(["person", "organization", "place"]))
@click.option("--source", help="Only this outlet.")
@since_option()
@click.option("--watch", "watch_only", is_flag=True, help="Only names from the watchlist.")
@click.option("--limit", type=click.IntRange(1), default=30, show_default=True)
@click.option("--article", "article_id", type=int, help="The entities of one article id instead.")
@click.option("--backfill", is_flag=True, help="First extract entities of stored articles that have none.")
@format_option()
def entities(db_path, kind, source, since, watch_only, limit, article_id, backfill, fmt, output) -> None:
    """People, organizations and places named in the articles, most covered first."""
    from db import entities as dbe

    db = open_or_fail(db_path)
    if backfill:
        from crawler.watchlist import load_watchlist
        from nlp.watchlist import article_entities

        wl = load_watchlist()
        todo = dbe.articles_missing_entities(db, source=source)
        for row in todo:
            with db.atomic():
                dbe.replace_article_entities(db, row["id"], article_entities(row, wl))
        click.echo(f"Extracted entities of {len(todo)} articles.", err=True)
    if article_id is not None:
        rows = dbe.entities_of_article(db, article_id)
        cols = ["name", "kind", "watch", "mentions", "first_offset"]
    else:
        rows = dbe.top_entities(db, kind=kind, source=source, since=since, watch_only=watch_only, limit=limit)
        cols = ["name", "kind", "watch", "articles", "mentions", "first_seen", "last_seen"]
    emit_or_fail({"entities": (rows, cols)}, fmt, output, title=f"{len(rows)} entities")
