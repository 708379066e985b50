"""The `solieu` command: thin wrappers that parse arguments, call library functions, report errors.

One module per command group: crawl (crawl, demo, runs, sources), figures (figures, observations,
reprocess), analysis (search, coverage, entities), facts (facts, series, indicators, article) and
alerts (watch, alerts, report, serve), store (store --from: the one writer of a crawl on many machines).
Each lists its commands in COMMANDS; this module names them (COMMAND_MODULES) and imports a command's
module only when it runs, so that `solieu reprocess` does not pay for the report's or the crawler's imports.
"""
from __future__ import annotations

import importlib
import sqlite3

import click

# command name -> the module of solieu.cli that defines it (tests/solieu/test_cli_lazy.py keeps them in step)
COMMAND_MODULES = {
    "crawl": "crawl", "demo": "crawl", "runs": "crawl", "sources": "crawl",
    "figures": "figures", "observations": "figures", "reprocess": "figures",
    "search": "analysis", "coverage": "analysis", "entities": "analysis",
    "facts": "facts", "series": "facts", "indicators": "facts", "article": "facts",
    "watch": "alerts", "alerts": "alerts", "report": "alerts", "serve": "alerts",
    "ingest": "ingest", "documents": "ingest",
    "store": "store",
}


class _Group(click.Group):
    """The command group, loading each command's module on first use; a database SQLite cannot read
    becomes a one-line error, not a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMAND_MODULES) | set(self.commands))

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMAND_MODULES:
            module = importlib.import_module(f"solieu.cli.{COMMAND_MODULES[name]}")
            for command in module.COMMANDS:
                self.commands.setdefault(command.name, command)
        return self.commands.get(name)

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



def main() -> None:
    """Console-script entry point."""
    cli()
