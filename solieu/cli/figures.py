"""Commands over figures: figures (stdin JSON lines), observations, indicators, reprocess."""
from __future__ import annotations

import json
import sys

import click

from db import queries
from solieu.cli.io import ExportError, emit, format_option
from solieu.cli.util import DB_OPTION, open_or_fail as _open
from solieu.output import FORMATS, observation_row, render


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


OBS_COLUMNS = ["published_at", "value", "kind", "unit", "subject", "qualifier", "period", "source", "article_url"]


@click.command()
@DB_OPTION
@click.option("--subject", help="Subject or indicator contains this text.")
@click.option("--source", help="Only this source.")
@click.option("--since", help="Published on or after (YYYY-MM-DD).")
@click.option("--until", help="Published before (YYYY-MM-DD).")
@click.option("--kind", type=click.Choice(["percent", "ratio", "money", "count", "measure"]))
@click.option("--limit", type=click.IntRange(1), default=None)
@format_option()
def observations(db_path, subject, source, since, until, kind, limit, fmt, output) -> None:
    """List extracted observations with their subject, period and source article."""
    db = _open(db_path)
    rows = queries.observations(db, subject=subject, source=source, since=since, until=until, kind=kind,
                                limit=limit)
    if fmt == "table":
        rows = [observation_row(o) for o in rows]
        columns = ["published_at", "value", "kind", "subject", "qualifier", "period", "source", "article"]
    else:
        columns = OBS_COLUMNS + ["indicator", "value_max", "denominator", "approx", "text", "sentence",
                                 "article_title"]
    try:
        emit({"observations": (rows, columns)}, fmt, output, f"{len(rows)} observations")
    except ExportError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command()
@DB_OPTION
@click.option("--source", help="Only this source.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def indicators(db_path, source, fmt) -> None:
    """List indicator keys with their number of observations, first and last dates."""
    rows = queries.indicators(_open(db_path), source=source)
    out = render(rows, fmt, title=f"{len(rows)} indicators")
    if out is not None:
        click.echo(out, nl=False)


@click.command()
@DB_OPTION
@click.option("--source", help="Only this source.")
def reprocess(db_path, source) -> None:
    """Run the current figure extractor again over stored articles, replacing their observations."""
    import nlp
    from crawler.jobs import article_observations
    from db.store import replace_observations

    db = _open(db_path)
    total = 0
    rows = queries.articles_for_reprocess(db, source=source)
    for row in rows:
        obs = article_observations(row, queries.source_place(db, row["source"]))
        replace_observations(db, row["id"], obs, nlp.EXTRACTOR_VERSION)
        total += len(obs)
    click.echo(f"Reprocessed {len(rows)} articles with extractor {nlp.EXTRACTOR_VERSION}: {total} observations.")


COMMANDS = [figures, observations, indicators, reprocess]
