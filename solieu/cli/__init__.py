"""The `solieu` command: thin wrappers that parse arguments, call library functions, report errors.

One module per command group: crawl (crawl, demo, runs, sources), figures (figures, observations,
indicators, reprocess), analysis (search, coverage, series, entities) and alerts (watch, alerts,
report, serve), store (store --from: the one writer of a crawl on many machines). Each lists its commands in COMMANDS; this module builds the group from them.
"""
from __future__ import annotations

import click

from solieu.cli import alerts, analysis, crawl, figures, store


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="solieu")
def cli() -> None:
    """solieu: crawl Vietnamese news, extract the figures, query them as indicator observations."""


for _module in (crawl, figures, analysis, alerts, store):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    cli()
