"""The `solieu` command: thin wrappers that parse arguments, call library functions, report errors.

One module per command group: crawl (crawl, demo, runs, sources), figures (figures, observations,
reprocess), analysis (search, coverage, entities), facts (facts, series, indicators, article) and
alerts (watch, alerts, report, serve), store (store --from: the one writer of a crawl on many machines).
Each lists its commands in COMMANDS; this module builds the group from them.
"""
from __future__ import annotations

import sqlite3

import click

from solieu.cli import alerts, analysis, crawl, facts, figures, ingest, store


class _Group(click.Group):
    """The command group; a database SQLite cannot read becomes a one-line error, not a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except sqlite3.DatabaseError as exc:
            if "readonly" in str(exc):
                raise click.ClickException(f"this command writes to the database, which is read-only: {exc}") from exc
            if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
                raise click.ClickException(f"the database is busy (a crawl writing?): {exc}; try again") from exc
            raise click.ClickException(
                f"the database cannot be read: {exc} (is --db a solieu database? "
                "check it with: sqlite3 FILE 'PRAGMA integrity_check')") from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="solieu")
def cli() -> None:
    """solieu: crawl Vietnamese news, extract the figures, query them as indicator observations."""


for _module in (crawl, figures, analysis, facts, alerts, ingest, store):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli()
