"""Commands over figures: figures (stdin JSON lines), observations, reprocess."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from db import queries
from solieu.cli.io import ExportError, emit, format_option
from solieu.cli.util import DB_OPTION, open_or_fail as _open
from solieu.output import observation_row


@click.command()
def figures() -> None:
    """Read JSON lines {"id", "text"} on stdin; write {"id", "figures": [...]} per line."""
    from nlp import extract_figures

    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            text = obj.get("text", obj.get("sentence")) if isinstance(obj, dict) else None
            if not isinstance(text, str):
                raise ValueError('expected an object with a "text" string')
        except ValueError as exc:
            raise click.ClickException(f"stdin line {n}: not a JSON object with a text: {exc}") from exc
        figs = extract_figures(text, published=obj.get("published"))
        click.echo(json.dumps({"id": obj.get("id"), "figures": [f.to_dict() for f in figs]}, ensure_ascii=False))


OBS_COLUMNS = ["id", "published_at", "value", "kind", "unit", "subject", "indicator", "qualifier", "reference",
               "period", "period_start", "period_end", "granularity", "place", "place_area", "source", "article_id",
               "article_url"]


@click.command()
@DB_OPTION
@click.option("--subject", help="Subject or indicator contains this text.")
@click.option("--source", help="Only this source.")
@click.option("--since", help="Published on or after (YYYY-MM-DD).")
@click.option("--until", help="Published before (YYYY-MM-DD).")
@click.option("--kind", type=click.Choice(["percent", "ratio", "money", "count", "measure"]))
@click.option("--indicator", help="Only this indicator key (see `solieu indicators`).")
@click.option("--qualifier", type=click.Choice(["actual", "target", "change", "other"]))
@click.option("--period", help="Only periods inside this one: 2025, 2025-Q1, 2025-H1, 2025-9M, 2025-10, 2021-2025.")
@click.option("--place", help="Only this province or city (old names map to the current province).")
@click.option("--article", "article_id", type=click.IntRange(1), help="Only the figures of this article id.")
@click.option("--limit", type=click.IntRange(1), default=None)
@format_option()
def observations(db_path, subject, source, since, until, kind, indicator, qualifier, period, place, article_id,
                 limit, fmt, output) -> None:
    """List extracted observations with their subject, period, place and source article."""
    from solieu.cli.lookup import LookupFailed, resolve_indicator, resolve_period, resolve_place

    db = _open(db_path)
    try:
        key = resolve_indicator(db, indicator) if indicator else None
        span = resolve_period(db, period) if period else None
        where = resolve_place(db, place) if place else None
    except LookupFailed as exc:
        raise click.ClickException(str(exc)) from exc
    rows = queries.observations(db, subject=subject, source=source, since=since, until=until, kind=kind,
                                indicator=key, qualifier=qualifier, span=span, place=where, article_id=article_id,
                                limit=limit)
    if fmt == "table":
        rows = [observation_row(o) for o in rows]
        columns = ["id", "published_at", "value", "kind", "subject", "qualifier", "period", "place", "source",
                   "article"]
    else:
        columns = OBS_COLUMNS + ["value_max", "denominator", "approx", "text", "sentence", "article_title"]
    try:
        emit({"observations": (rows, columns)}, fmt, output, f"{len(rows)} observations")
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc


# `indicators` is in solieu/cli/facts.py (catalog indicators, --unmapped).


@click.command()
@DB_OPTION
@click.option("--source", help="Only this source.")
@click.option("--rekey", is_flag=True, help="Only recompute the indicator keys of stored observations (fast).")
@click.option("--catalog", "catalog_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Your own catalog YAML, used on top of nlp/indicators.yaml.")
def reprocess(db_path, source, rekey, catalog_path) -> None:
    """Run the current figure extractor again over stored articles, replacing their observations."""
    import nlp
    from crawler.jobs import article_observations
    from db.store import replace_observations

    db = _open(db_path)
    if catalog_path:
        from solieu.cli.catalog import CatalogError, use_catalog

        try:
            use_catalog(catalog_path)
        except CatalogError as exc:
            raise click.ClickException(str(exc)) from exc
    if rekey:
        changed = queries.rekey_observations(db, nlp.indicator_key)
        click.echo(f"Re-keyed observations: {changed} changed indicator.")
        return
    total = 0
    rows = queries.articles_for_reprocess(db, source=source)
    for row in rows:
        obs = article_observations(row, queries.source_place(db, row["source"]))
        replace_observations(db, row["id"], obs, nlp.EXTRACTOR_VERSION)
        total += len(obs)
    click.echo(f"Reprocessed {len(rows)} articles with extractor {nlp.EXTRACTOR_VERSION}: {total} observations.")


COMMANDS = [figures, observations, reprocess]
