"""Commands for staff: watches and alerts, the emailable report, and Datasette (`solieu serve`)."""
from __future__ import annotations

from pathlib import Path

import click

from solieu.cli.io import since_option
from solieu.cli.util import DB_OPTION, open_or_fail, unknown_name
from solieu.output import render

COMMANDS: list[click.Command] = []


@click.group()
def watch() -> None:
    """Terms, entities and indicators to follow with `solieu alerts`."""


COMMANDS.append(watch)


@watch.command("add")
@click.argument("kind", type=click.Choice(["term", "entity", "indicator"]))
@click.argument("value")
@DB_OPTION
@click.option("--force", is_flag=True, help="Watch an indicator key or entity the database does not know yet.")
def watch_add(kind, value, db_path, force) -> None:
    """Watch a term ("hộ nghèo"), an entity (watchlist name or alias) or an indicator key."""
    from db.alerts import WatchError, add_watch

    db = open_or_fail(db_path)
    if not force:  # --force: watch a key before any observation of it is stored
        _check_watch_value(db, kind, value)
    try:
        wid = add_watch(db, kind, value)
    except WatchError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Watching {kind} {value!r} (id {wid}).")


def _check_watch_value(db, kind: str, value: str) -> None:
    """Refuse an indicator key or entity name the database and watchlist do not know (a typo)."""
    from db import queries

    if kind == "indicator":
        keys = queries.indicator_keys(db)
        if value not in keys:
            raise unknown_name("indicator", value, keys, see="`solieu indicators`")
    elif kind == "entity":
        from crawler.watchlist import WatchlistError, load_watchlist
        from db.entities import find_entities, top_entities
        from nlp.entities import entity_key
        from nlp.watchlist import canonical

        try:
            watchlist = load_watchlist()
        except WatchlistError as exc:
            raise click.ClickException(str(exc)) from exc
        names = {n for w in watchlist for n in (w.name, *w.aliases)}
        if canonical(value, watchlist) not in {w.name for w in watchlist} and \
                not find_entities(db, entity_key(value)):
            raise unknown_name("entity", value, names | {e["name"] for e in top_entities(db, limit=2000)},
                               see="`solieu entities` and crawler/watchlist.yaml")


@watch.command("list")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
def watch_list(db_path, fmt) -> None:
    """List the watches and how many items were already reported for each."""
    from db.alerts import list_watches

    out = render(list_watches(open_or_fail(db_path)), fmt, ["id", "kind", "value", "created_at", "reported"],
                 title="Watches")
    if out is not None:
        click.echo(out, nl=False)


@watch.command("remove")
@click.argument("ident")
@DB_OPTION
def watch_remove(ident, db_path) -> None:
    """Stop a watch, by id or exact value."""
    from db.alerts import WatchError, remove_watch

    try:
        n = remove_watch(open_or_fail(db_path), ident)
    except WatchError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Removed {n} watch{'es' if n > 1 else ''}.")


@click.command()
@DB_OPTION
@click.option("--since-last", is_flag=True, help="Only what earlier alert runs have not reported yet.")
@since_option()
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "html"]), default="text", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file.")
@click.option("--webhook", envvar="SOLIEU_ALERT_WEBHOOK",
              help="POST the alert as JSON to this http(s) URL (default: $SOLIEU_ALERT_WEBHOOK).")
@click.option("--webhook-timeout", type=click.FloatRange(0.1), default=15.0, show_default=True,
              help="Seconds the whole webhook delivery may take (redirects included).")
@click.option("--dry-run", is_flag=True, help="Show, but do not remember as reported.")
def alerts(db_path, since_last, since, fmt, output, webhook, webhook_timeout, dry_run) -> None:
    """What is new for the watches: articles mentioning watched terms or entities, observations
    of watched indicators. Remembers what it reported; --since-last leaves those out.

    Exit code 0 with output when something is new; 0 and "Nothing new." otherwise."""
    from solieu.alerts import AlertDeliveryError, collect, marks, payload, post_webhook, redact_url, render_alerts
    from db.alerts import list_watches, record_run

    db = open_or_fail(db_path)
    if not list_watches(db):
        raise click.ClickException("no watches: add one with `solieu watch add term \"hộ nghèo\"`")
    items = collect(db, since_last=since_last, since=since)
    if not items:
        click.echo("Nothing new.", err=True)
        return
    if webhook:
        try:
            status = post_webhook(webhook, payload(items), timeout=webhook_timeout)
        except AlertDeliveryError as exc:
            raise click.ClickException(f"{exc} (nothing marked as reported)") from exc
        click.echo(f"Posted {len(items)} items to the webhook (HTTP {status}).", err=True)
    if output or not webhook:
        text = render_alerts(items, fmt)
        if output:
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as exc:
                raise click.ClickException(f"cannot write {output}: {exc}") from exc
            click.echo(f"Wrote {output}", err=True)
        else:
            click.echo(text, nl=not text.endswith("\n"))
    if not dry_run:
        record_run(db, marks(items), redact_url(webhook))  # the URL's token stays out of the database


COMMANDS.append(alerts)


@click.command()
@DB_OPTION
@since_option(default="7d")
@click.option("--terms", "-t", multiple=True, help="A term to show coverage of (repeatable; default: the watched terms).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write.")
def report(db_path, since, terms, output) -> None:
    """Write one self-contained HTML report (no external requests) to email: coverage per outlet,
    new figures by indicator with charts, links to the source articles."""
    from solieu.report import ReportError, write_report
    from db.alerts import list_watches

    db = open_or_fail(db_path)
    if not terms:
        terms = [w["value"] for w in list_watches(db) if w["kind"] == "term"]
    try:
        data = write_report(db, output, since, terms)
    except ReportError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Wrote {output}: {data['total_articles']} articles, {data['observation_count']} figures, "
               f"{len(data['indicators'])} indicators, {len(terms)} terms.", err=True)


COMMANDS.append(report)


@click.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep it local).")
@click.option("--port", type=click.IntRange(0, 65535), default=8001, show_default=True)
@click.option("--refresh", type=click.FloatRange(0), default=60.0, show_default=True,
              help="Seconds between checks for newer crawls (0: keep the start-up snapshot).")
def serve(db_path, host, port, refresh) -> None:
    """Browse a read-only snapshot of the database in Datasette: tables with plain-language
    descriptions, facets, search, canned queries, CSV/JSON export (spreadsheet-safe). The
    snapshot follows newer crawls every --refresh seconds; watches and alert runs are not shown."""
    from solieu.serve import ServeError, exec_datasette, is_loopback
    from db import default_db_path

    path = Path(db_path or default_db_path())
    if not is_loopback(host):
        click.echo(f"Warning: listening on {host} makes the database readable from other machines.", err=True)
    click.echo(f"Datasette on http://{host}:{port}/ (read-only) — Ctrl-C to stop.", err=True)
    try:
        exec_datasette(path, host, port, refresh)
    except ServeError as exc:
        raise click.ClickException(str(exc)) from exc


COMMANDS.append(serve)
