"""Commands over figures: figures (stdin JSON lines), observations, indicators, reprocess."""
from __future__ import annotations

import json
import sys

import click

from db import queries
from solieu.cli.io import ExportError, emit, format_option, since_option, until_option
from solieu.cli.util import DB_OPTION, open_or_fail as _open, unknown_name
from solieu.output import FORMATS, observation_row, render


@click.command()
def figures() -> None:
    """Read JSON lines {"id", "text"[, "published"]} on stdin; write {"id", "figures": [...]} per line.

    A line that cannot be read gets {"id", "error"} instead and the rest go on; the exit code is
    then 1."""
    from nlp import extract_figures

    bad = 0
    for n, raw in enumerate(sys.stdin.buffer, 1):
        if not raw.strip():
            continue
        try:
            ident, text, published = _figures_input(raw)
            out = {"id": ident, "figures": [f.to_dict() for f in extract_figures(text, published=published)]}
        except _BadLine as exc:
            bad += 1
            out = {"id": exc.ident, "error": f"line {n}: {exc}"}
        except ValueError as exc:  # the extractor's own refusal (a bad published date, …)
            bad += 1
            out = {"id": ident, "error": f"line {n}: {exc}"}
        click.echo(json.dumps(out, ensure_ascii=False))
    if bad:
        click.echo(f"Error: {bad} input line(s) could not be read; see their \"error\"", err=True)
        sys.exit(1)


class _BadLine(ValueError):
    """An input line of `figures` that is not {"id", "text"} JSON."""

    def __init__(self, message: str, ident=None):
        super().__init__(message)
        self.ident = ident


def _figures_input(raw: bytes) -> tuple:
    """(id, text, published) of one stdin line, or _BadLine saying why not."""
    try:
        obj = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise _BadLine(f"not UTF-8: {exc}") from exc
    except RecursionError:
        raise _BadLine("JSON nested too deeply") from None
    except ValueError as exc:
        raise _BadLine(f"not JSON: {exc}") from exc
    if not isinstance(obj, dict):
        raise _BadLine('expected a JSON object {"id", "text"}')
    ident = obj.get("id")
    if not isinstance(ident, (str, int, float, type(None))) or isinstance(ident, bool):
        ident = None
    text, published = obj.get("text", obj.get("sentence")), obj.get("published")
    if not isinstance(text, str):
        raise _BadLine('expected a "text" string', ident)
    if published is not None and not isinstance(published, str):
        raise _BadLine('"published" must be an ISO date string such as "2024-05-01"', ident)
    for value in (text, published or "", ident if isinstance(ident, str) else ""):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise _BadLine("the line holds a lone surrogate (\\ud800-\\udfff), which is not Unicode text",
                           None if value is ident else ident) from None
    return ident, text, published


OBS_COLUMNS = ["published_at", "value", "kind", "unit", "subject", "qualifier", "period", "source", "article_url"]


@click.command()
@DB_OPTION
@click.option("--subject", help="Subject or indicator contains this text.")
@click.option("--source", help="Only this source.")
@since_option()
@until_option()
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
    if source and source not in queries.source_names(db):
        raise unknown_name("source", source, queries.source_names(db))
    total = 0
    rows = queries.articles_for_reprocess(db, source=source)
    for row in rows:
        obs = article_observations(row, queries.source_place(db, row["source"]))
        replace_observations(db, row["id"], obs, nlp.EXTRACTOR_VERSION)
        total += len(obs)
    click.echo(f"Reprocessed {len(rows)} articles with extractor {nlp.EXTRACTOR_VERSION}: {total} observations.")


COMMANDS = [figures, observations, indicators, reprocess]
