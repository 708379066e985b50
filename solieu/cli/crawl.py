"""Commands for the daily crawl: crawl, demo, runs, sources (and sources check)."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from solieu.cli.util import DB_OPTION, NO_THROTTLE, open_or_fail as _open
from db import default_db_path
from db import queries
from crawler.lock import CrawlLock, CrawlLocked
from solieu.output import FORMATS, observation_row, render
from crawler.sources import SourceError, load_sources

@click.command()
@click.argument("names", nargs=-1)
@DB_OPTION
@click.option("--sources", "sources_path", type=click.Path(exists=True, dir_okay=False),
              help="A sources YAML file (default: the shipped crawler/sources.yaml).")
@click.option("--base-url", help="Crawl the source(s) from another base URL (a mirror or the demo site).")
@click.option("--max-pages", type=click.IntRange(1), help="Listing pages to follow per section.")
@click.option("--since", help="Skip older articles: a span back from now (12h, 2d, 1w) or a date (2024-05-01).")
@click.option("--jobdir", type=click.Path(file_okay=False), envvar="SOLIEU_JOBDIR",
              help="Keep the crawl queue on disk here; an interrupted crawl resumes from it.")
@click.option("--frontier", metavar="redis://HOST:PORT/DB", envvar="SOLIEU_FRONTIER",
              help="Share the crawl with other processes through Redis; items go there for `solieu store --from`.")
@click.option("-s", "--set", "set_pairs", multiple=True, metavar="NAME=VALUE", help="Any Scrapy setting.")
@click.option("--no-throttle", is_flag=True,
              help="Politeness delays off (AutoThrottle): only for local mirrors, tests and benchmarks.")
@click.option("--log-level", type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]), default="INFO",
              show_default=True)
def crawl(names, db_path, sources_path, base_url, max_pages, since, jobdir, frontier, set_pairs, no_throttle,
          log_level) -> None:
    """Crawl SOURCE... (default: every source in the sources file) into the database.

    Exit codes: 0 ok, 3 some sources failed or were interrupted, 4 another crawl holds the
    database, 1 fatal (bad arguments, unusable database)."""
    from crawler.runner import EXIT_LOCKED, exit_code, parse_settings_args, project_settings, run_crawl
    from solieu.timespec import parse_since

    try:
        since_iso = parse_since(since).isoformat() if since else None
        extra = parse_settings_args(set_pairs)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc

    try:
        known = load_sources(sources_path)
    except SourceError as exc:
        raise click.ClickException(str(exc)) from exc
    unknown = [n for n in names if n not in known]
    if unknown:
        raise click.ClickException(f"unknown source {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    chosen = [known[n] for n in (names or known)]
    if frontier:  # many workers, one writer (`solieu store`): no lock, the database is only read
        from solieu.cli.store import frontier_overrides

        extra = {**frontier_overrides(frontier, db_path, jobdir, project_settings()), **extra}
    else:
        _open(db_path).close()
    settings = project_settings(SOLIEU_DB=str(db_path or default_db_path()), SOLIEU_SOURCES=sources_path,
                                SOLIEU_MAX_PAGES=max_pages, LOG_LEVEL=log_level, SOLIEU_SINCE=since_iso,
                                SOLIEU_JOBDIR=jobdir, **(NO_THROTTLE if no_throttle else {}), **extra)
    try:
        if frontier:
            results = run_crawl(chosen, settings, base_url=base_url)
        else:
            with CrawlLock(db_path or default_db_path()):
                results = run_crawl(chosen, settings, base_url=base_url)
    except CrawlLocked as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    for r in results:
        s = r.stats
        click.echo(f"{r.source}: {r.status} — pages {s.get('downloader/response_count', 0)}, "
                   + (f"queued {s.get('solieu/queued', 0)} for the store, " if frontier else
                      f"new {s.get('solieu/articles/new', 0)}, updated {s.get('solieu/articles/updated', 0)}, ")
                   + f"observations {s.get('solieu/observations', 0)}", err=True)
    sys.exit(exit_code(results))


@click.command()
@DB_OPTION
@click.option("--limit", default=15, show_default=True, help="Observations to show.")
def demo(db_path, limit) -> None:
    """Serve the bundled demo news site on 127.0.0.1, crawl it, and show what was found."""
    from crawler.demo.site import serve
    from crawler.runner import project_settings, run_crawl
    from crawler.sources import get_source

    db_path = db_path or Path("solieu-demo.db")
    _open(db_path).close()
    settings = project_settings(SOLIEU_DB=str(db_path), LOG_LEVEL="WARNING", **NO_THROTTLE)
    try:
        with CrawlLock(db_path), serve() as server:
            click.echo(f"Demo site at {server.url} — crawling it with the hanoionline spider…", err=True)
            results = run_crawl([get_source("hanoionline")], settings, base_url=server.url)
    except CrawlLocked as exc:
        raise click.ClickException(str(exc)) from exc
    db = _open(db_path)
    totals = queries.counts(db)
    stats = results[0].stats
    click.echo(f"Database: {db_path}")
    seen = stats.get("solieu/articles/unchanged", 0) + stats.get("solieu/articles/duplicate", 0)
    click.echo(f"Run {results[0].status}: {stats.get('downloader/response_count', 0)} pages fetched; articles: "
               f"{stats.get('solieu/articles/new', 0)} new, {stats.get('solieu/articles/updated', 0)} updated, "
               f"{seen} already stored.")
    click.echo(f"Stored: {totals['articles']} articles, {totals['observations']} observations.")
    rows, per_article = [], {}
    for o in queries.observations(db, limit=limit * 20):  # the newest, at most 2 per article
        per_article[o["article_id"]] = per_article.get(o["article_id"], 0) + 1
        if per_article[o["article_id"]] <= 2 and len(rows) < limit:
            rows.append(observation_row(o))
    render(rows, "table", ["value", "kind", "subject", "qualifier", "period", "article"],
           title="Newest observations")


@click.command()
@DB_OPTION
@click.option("--limit", default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def runs(db_path, limit, fmt) -> None:
    """Show the last crawl runs: status, pages, new/updated articles, drops, errors."""
    rows = queries.runs(_open(db_path), limit=limit)
    out = render(rows, fmt, title="Crawl runs")
    if out is not None:
        click.echo(out, nl=False)


@click.group(invoke_without_command=True)
@DB_OPTION
@click.option("--sources", "sources_path", type=click.Path(exists=True, dir_okay=False),
              help="A sources YAML file (default: the shipped crawler/sources.yaml).")
@click.option("--stale-days", default=3, show_default=True, help="Flag sources with no new article for N days.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.pass_context
def sources(ctx, db_path, sources_path, stale_days, fmt) -> None:
    """List the sources with their health; `sources check NAME` probes one."""
    ctx.obj = {"sources_path": sources_path, "fmt": fmt}
    if ctx.invoked_subcommand is not None:
        return
    from solieu.health import source_health

    try:
        known = load_sources(sources_path)
    except SourceError as exc:
        raise click.ClickException(str(exc)) from exc
    rows = source_health(known, queries.sources_health(_open(db_path)), stale_days)
    out = render(rows, fmt, ["name", "url", "articles", "last_success", "last_new_article",
                             "consecutive_failures", "flag"], title="Sources")
    if out is not None:
        click.echo(out, nl=False)


@sources.command("check")
@click.argument("name")
@click.option("--base-url", help="Probe the source at another base URL (a mirror or the demo site).")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds per request.")
@click.pass_context
def sources_check(ctx, name, base_url, timeout) -> None:
    """Fetch one page of each discovery path of NAME (home, feeds, robots/sitemaps, a section).

    Exit code 0 when the homepage answered 200, 3 otherwise."""
    from crawler.check import check_source
    from crawler.sources import get_source

    try:
        src = get_source(name, ctx.obj["sources_path"])
    except SourceError as exc:
        raise click.ClickException(str(exc)) from exc
    if base_url:
        src = src.with_base(base_url)
    rows = check_source(src, timeout=timeout)
    out = render(rows, ctx.obj["fmt"], ["path", "status", "found", "articles", "error", "url"],
                 title=f"Discovery paths of {name}")
    if out is not None:
        click.echo(out, nl=False)
    sys.exit(0 if rows and rows[0].get("status") == 200 else 3)


COMMANDS = [crawl, demo, runs, sources]
