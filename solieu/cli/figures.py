"""Commands over figures: figures (stdin JSON lines), observations, reprocess."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from db import queries
from solieu.cli.io import ExportError, emit, format_option, since_option, until_option
from solieu.cli.util import DB_OPTION, BadArgument, open_or_fail as _open, unknown_name
from solieu.output import observation_row


@click.command()
def figures() -> None:
    """Read JSON lines {"id", "text"[, "published"]} on stdin; write {"id", "figures": [...]} per line.

    A line that cannot be read gets {"id", "error"} instead and the rest go on; the exit code is
    then 1."""
    from nlp import extract_figures

    bad: list[int] = []
    for n, raw in enumerate(sys.stdin.buffer, 1):
        if not raw.strip():
            continue
        try:
            ident, text, published = _figures_input(raw)
            out = {"id": ident, "figures": [f.to_dict() for f in extract_figures(text, published=published)]}
        except _BadLine as exc:
            bad.append(n)
            out = {"id": exc.ident, "error": f"line {n}: {exc}"}
        except ValueError as exc:  # the extractor's own refusal (a bad published date, …)
            bad.append(n)
            out = {"id": ident, "error": f"line {n}: {exc}"}
        click.echo(json.dumps(out, ensure_ascii=False))
    if bad:
        where = ", ".join(map(str, bad[:10])) + (", …" if len(bad) > 10 else "")
        click.echo(f"Error: {len(bad)} input line(s) could not be read (line {where}); see their \"error\" "
                   "on stdout", err=True)
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


OBS_COLUMNS = ["id", "published_at", "value", "kind", "unit", "subject", "indicator", "qualifier", "reference",
               "period", "period_start", "period_end", "granularity", "place", "place_area", "source", "article_id",
               "article_url", "document_id", "page", "document_number"]


@click.command()
@DB_OPTION
@click.option("--subject", help="Subject or indicator contains this text.")
@click.option("--source", help="Only this source.")
@since_option()
@until_option()
@click.option("--kind", type=click.Choice(["percent", "ratio", "money", "count", "measure"]))
@click.option("--indicator", help="Only this indicator key (see `solieu indicators`).")
@click.option("--qualifier", type=click.Choice(["actual", "target", "change", "other"]))
@click.option("--period", help="Only periods inside this one: 2025, 2025-Q1, 2025-H1, 2025-9M, 2025-10, 2021-2025.")
@click.option("--place", help="Only this province or city (old names map to the current province).")
@click.option("--article", "article_id", type=click.IntRange(1), help="Only the figures of this article id.")
@click.option("--document", "document_id", type=click.IntRange(1),
              help="Only the figures of this document id (see `solieu documents`).")
@click.option("--limit", type=click.IntRange(1), default=None)
@format_option()
def observations(db_path, subject, source, since, until, kind, indicator, qualifier, period, place, article_id,
                 document_id, limit, fmt, output) -> None:
    """List extracted observations with their subject, period, place and origin: the article, or the
    document and page (source "văn bản"; `--source "văn bản"` lists only those)."""
    from solieu.cli.lookup import LookupFailed, resolve_indicator, resolve_period, resolve_place

    db = _open(db_path)
    try:
        key = resolve_indicator(db, indicator) if indicator else None
        span = resolve_period(db, period) if period else None
        where = resolve_place(db, place) if place else None
    except LookupFailed as exc:
        raise BadArgument(str(exc)) from exc
    rows = queries.observations(db, subject=subject, source=source, since=since, until=until, kind=kind,
                                indicator=key, qualifier=qualifier, span=span, place=where, article_id=article_id,
                                document_id=document_id, limit=limit)
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
@click.option("--workers", type=click.IntRange(1), help="Processes extracting figures (default: the cores).")
@click.option("--documents/--no-documents", default=True, show_default=True,
              help="Also read the stored documents again from their kept original bytes.")
def reprocess(db_path, source, rekey, catalog_path, workers, documents) -> None:
    """Run the current figure extractor again over stored articles and documents, replacing their observations."""
    import nlp

    db = _open(db_path)
    if source and source not in queries.source_names(db):
        raise unknown_name("source", source, queries.source_names(db))
    if catalog_path:
        from solieu.cli.catalog import CatalogError, use_catalog

        try:
            use_catalog(catalog_path)
        except CatalogError as exc:
            raise click.ClickException(str(exc)) from exc
    if rekey:
        changed = queries.rekey_observations(db, nlp.indicator_keys)
        click.echo(f"Re-keyed observations: {changed} changed indicator.")
        return
    from crawler.reprocess import reprocess as run

    done = run(db, source=source, workers=workers, documents=documents)
    click.echo(f"Reprocessed {done.articles} articles with extractor {nlp.EXTRACTOR_VERSION}: "
               f"{done.observations} observations ({done.rewritten} articles rewritten, {done.unchanged} unchanged).")
    if done.documents:
        click.echo(f"Documents read again: {done.documents.get('updated', 0)} updated "
                   f"({done.document_observations} observations), {done.documents.get('failed', 0)} failed.")


COMMANDS = [figures, observations, reprocess]
