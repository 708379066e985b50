"""Commands for the daily crawl: crawl, demo, runs, sources (and sources check)."""
from __future__ import annotations

import contextlib
import json
import sys
import time
from pathlib import Path

import click

from solieu.cli.util import DB_OPTION, NO_THROTTLE, open_or_fail as _open, unknown_name
from db import default_db_path
from db import queries
from crawler.lock import CrawlLock, CrawlLocked
from solieu.output import FORMATS, format_value, observation_row, render
from crawler.sources import SourceError, load_sources

def already_stored(stats: dict) -> int:
    """Articles a run found already in the database: skipped as known, fetched unchanged, duplicates."""
    return sum(stats.get(k, 0) for k in ("solieu/skipped_known", "solieu/articles/unchanged",
                                         "solieu/articles/duplicate"))


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
@click.option("--log-level", type=click.Choice(["DEBUG", "INFO", "WARNING", "ERROR"]),
              help="Scrapy's own logging (default: WARNING with the progress display, INFO without).")
@click.option("--progress/--no-progress", default=None,
              help="A live table per source (default: when stderr is a terminal).")
def crawl(names, db_path, sources_path, base_url, max_pages, since, jobdir, frontier, set_pairs, no_throttle,
          log_level, progress) -> None:
    """Crawl SOURCE... (default: every source in the sources file) into the database.

    Exit codes: 0 ok, 3 some sources failed or were interrupted, 4 another crawl holds the
    database, 1 fatal (bad arguments, unusable database)."""
    from crawler.stopping import stop_trap

    stop_trap()  # a Ctrl-C from now on interrupts the crawl cleanly (exit 3), even before it starts
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
    for name in names:
        if name not in known:
            raise unknown_name("source", name, known)
    chosen = [known[n] for n in (names or known)]
    progress = sys.stderr.isatty() if progress is None else progress
    log_level = log_level or ("WARNING" if progress else "INFO")
    if frontier:  # many workers, one writer (`solieu store`): no lock, the database is only read
        from solieu.cli.store import frontier_overrides

        extra = {**frontier_overrides(frontier, db_path, jobdir, project_settings()), **extra}
    else:
        db = _open(db_path, create=True)
        db.close()
    settings = project_settings(SOLIEU_DB=str(db_path or default_db_path()), SOLIEU_SOURCES=sources_path,
                                SOLIEU_MAX_PAGES=max_pages, LOG_LEVEL=log_level, SOLIEU_SINCE=since_iso,
                                SOLIEU_JOBDIR=jobdir, **(NO_THROTTLE if no_throttle else {}), **extra)
    from solieu.progress import CrawlProgress, summary_line

    display = CrawlProgress() if progress else None
    started = time.monotonic()
    try:
        with contextlib.nullcontext() if frontier else CrawlLock(db_path or default_db_path()):
            try:
                results = run_crawl(chosen, settings, base_url=base_url,
                                    on_start=display.attach if display else None)
            finally:
                if display:
                    display.stop()
    except CrawlLocked as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    for r in results:
        s = r.stats
        seen = already_stored(s)
        click.echo(f"{r.source}: {r.status} — pages {s.get('downloader/response_count', 0)}, "
                   + (f"queued {s.get('solieu/queued', 0)} for the store, " if frontier else
                      f"new {s.get('solieu/articles/new', 0)}, updated {s.get('solieu/articles/updated', 0)}, "
                      f"{seen} already stored, ")
                   + f"observations {s.get('solieu/observations', 0)}", err=True)
    click.echo(summary_line(results, time.monotonic() - started), err=True)
    sys.exit(exit_code(results))


@click.command()
@DB_OPTION
@click.option("--limit", default=15, show_default=True, help="Observations to show.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="Port of the demo site on 127.0.0.1 (fixed, so stored links keep working; 0: any free port).")
@click.option("--serve", "keep_serving", is_flag=True,
              help="Keep the demo site up after the crawl, until Ctrl-C, so the stored links open.")
def demo(db_path, limit, port, keep_serving) -> None:
    """Serve the bundled demo news site on 127.0.0.1, crawl it, and show what was found."""
    from crawler.demo.site import serve
    from crawler.runner import project_settings, run_crawl
    from crawler.sources import get_source

    db_path = db_path or Path("solieu-demo.db")
    _open(db_path, create=True).close()
    settings = project_settings(SOLIEU_DB=str(db_path), LOG_LEVEL="WARNING", **NO_THROTTLE)
    from solieu.progress import CrawlProgress

    display = CrawlProgress() if sys.stderr.isatty() else None
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(serve(port=port))
        except OSError as exc:
            raise click.ClickException(f"cannot serve the demo site on 127.0.0.1:{port}: {exc} (another "
                                       "`solieu demo --serve`?); choose another --port, 0 for any") from exc
        click.echo(f"Demo site at {server.url} — crawling it with the hanoionline spider…", err=True)
        try:
            with CrawlLock(db_path):
                results = run_crawl([get_source("hanoionline")], settings, base_url=server.url,
                                    on_start=display.attach if display else None)
        except CrawlLocked as exc:
            raise click.ClickException(str(exc)) from exc
        finally:
            if display:
                display.stop()
        _demo_summary(db_path, results, limit)
        if keep_serving:
            _serve_until_interrupted(server.url)


def _serve_until_interrupted(url: str) -> None:
    """Block until Ctrl-C / SIGTERM while the demo site thread keeps serving."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)  # Scrapy's shutdown handlers are done with
    signal.signal(signal.SIGTERM, interrupt)
    click.echo(f"The demo site stays up at {url} (the stored links open) — Ctrl-C to stop.", err=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("Stopped the demo site.", err=True)


def _demo_summary(db_path: Path, results, limit: int) -> None:
    db = _open(db_path)
    totals = queries.counts(db)
    stats = results[0].stats
    click.echo(f"Database: {db_path}")
    seen = already_stored(stats)
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
    from solieu.cli.facts import print_story

    print_story(db)  # one real series and one conflict
    _demo_documents(db, stats)


def _demo_documents(db, stats) -> None:
    """The documents the demo crawl stored and the figures found in them, with their pages."""
    from db.documents import document_figures, list_documents

    docs = list_documents(db)
    click.echo(f"Documents: {stats.get('solieu/documents/stored', 0)} stored this run, "
               f"{stats.get('solieu/documents/failed', 0)} failed; {len(docs)} in the database "
               f"({sum(d['text_layer'] == 'ocr' for d in docs)} OCRed, "
               f"{sum((d['encoding'] or 'unicode') != 'unicode' for d in docs)} converted from a legacy font).")
    rows = [{**f, "value": format_value(f), "page": f["page"] or "", "document": (f["document"] or "")[:40]}
            for f in document_figures(db)]
    render(rows, "table", ["document", "page", "value", "kind", "subject", "qualifier", "period"],
           title="Figures in documents")


@click.command()
@DB_OPTION
@click.option("--limit", default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
def runs(db_path, limit, fmt) -> None:
    """Show the last crawl runs: status, pages, new/updated articles, drops, errors."""
    rows = queries.runs(_open(db_path), limit=limit)
    for r in rows:  # stored as a JSON list; people read "a, b"
        try:
            names = json.loads(r["sources"] or "[]")
        except ValueError:
            continue
        if isinstance(names, list):
            r["sources"] = names if fmt == "json" else ", ".join(map(str, names))
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
