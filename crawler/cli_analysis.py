"""Commands for analysts and communications staff (search, coverage, series, serve, report, alerts)."""
from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
