"""Pieces shared by the CLI modules: the --db option, opening the database, crawl presets."""
from __future__ import annotations

from pathlib import Path

import click

from db import DatabaseError, default_db_path, open_db, open_existing

DB_OPTION = click.option(
    "--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), envvar="SOLIEU_DB",
    help=f"SQLite database (default: $SOLIEU_DB or {default_db_path()}).",
)


NO_THROTTLE = {"AUTOTHROTTLE_ENABLED": False, "DOWNLOAD_DELAY": 0}


def open_or_fail(db_path: Path | None, create: bool = False):
    """Open the database (an existing one unless create) or fail with a one-line click error."""
    try:
        return open_db(db_path) if create else open_existing(db_path)
    except DatabaseError as exc:
        raise click.ClickException(str(exc)) from exc


