"""Crawling on many machines: `store --from redis://…` (the one writer), and the options of `crawl --frontier`."""
from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import Any

import click

from db import default_db_path
from solieu.cli.util import DB_OPTION, open_or_fail as _open


def _connect(url: str, what: str):
    """A checked Redis client, or a one-line click error."""
    import redis

    from crawler.frontier import connect

    try:
        return connect(url)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint=what) from exc
    except redis.RedisError as exc:
        raise click.ClickException(f"cannot reach Redis at {url}: {exc}") from exc


def frontier_overrides(url: str, db_path: Path | None, jobdir: str | None, settings) -> dict[str, Any]:
    """Settings for `crawl --frontier URL`: Redis scheduler and item queue; the database only read, if it exists."""
    from crawler.frontier import frontier_settings

    if jobdir:
        raise click.BadParameter("the queue lives in Redis with --frontier: leave --jobdir out",
                                 param_hint="--jobdir")
    _connect(url, "--frontier")
    out = frontier_settings(url, settings.getdict("ITEM_PIPELINES"), settings.getdict("EXTENSIONS"))
    if not Path(db_path or default_db_path()).exists():
        # A worker beside the database skips stored articles; the others fetch them and the store tells.
        out["SOLIEU_SKIP_KNOWN"] = False
    return out


@click.command()
@click.option("--from", "url", required=True, metavar="redis://HOST:PORT/DB", envvar="SOLIEU_FRONTIER",
              help="The Redis server the `crawl --frontier` workers push their items to.")
@DB_OPTION
@click.option("--batch", type=click.IntRange(1, 10_000), default=200, show_default=True,
              help="Items per transaction.")
@click.option("--follow", is_flag=True, help="Keep waiting for items (a service) instead of stopping "
                                              "when the queue is empty and no crawl worker is alive.")
@click.option("--prefix", envvar="SOLIEU_FRONTIER_PREFIX", default="solieu", show_default=True,
              help="Redis key prefix (the workers' SOLIEU_FRONTIER_PREFIX).")
@click.option("--wait", type=click.FloatRange(0), default=60, show_default=True,
              help="Without --follow: seconds to wait for a first crawl worker or item before stopping.")
@click.option("--retry-failed", is_flag=True, help="First put back the items set aside as unstorable.")
def store(url, db_path, batch, follow, prefix, wait, retry_failed) -> None:
    """Drain the crawl workers' items from Redis into the database: the database's one writer.

    Items are removed from Redis only once committed; a store killed midway puts back what it had
    taken when it starts again. Exit codes: 0 done, 4 another store or crawl holds the database or
    the queue, 1 fatal."""
    from crawler.itemqueue import ItemQueue, drain
    from crawler.lock import CrawlLock, CrawlLocked

    server = _connect(url, "--from")
    queue = ItemQueue(server, prefix)
    db_path = Path(db_path or default_db_path())
    db = _open(db_path, create=True)
    stopping: list[int] = []

    def _stop(signum, _frame) -> None:
        stopping.append(signum)
        click.echo("Stopping after the current batch…", err=True)

    old = {s: signal.signal(s, _stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        with CrawlLock(db_path):
            if not queue.acquire():
                click.echo(f"Error: another store process drains {url} ({queue.lock})", err=True)
                sys.exit(4)
            if retry_failed:
                click.echo(f"Put back {queue.retry_failed()} items set aside.", err=True)
            try:
                counts = drain(queue, db, batch=batch, follow=follow, wait=wait, stop=lambda: bool(stopping))
            finally:
                queue.release()
    except CrawlLocked as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(4)
    finally:
        for s, handler in old.items():
            signal.signal(s, handler)
        db.close()
    stored = ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) or "nothing"
    click.echo(f"Stored from {url}: {stored}; {queue.pending()} left in the queue.", err=True)


COMMANDS = [store]
