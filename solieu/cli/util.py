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




class BadArgument(click.ClickException):
    """A bad argument as a one-line error with exit code 2 (as click's usage errors)."""

    exit_code = 2


def _fold(text: str) -> str:
    import unicodedata

    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D").lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def unknown_name(what: str, value: str, known, see: str | None = None) -> BadArgument:
    """'unknown source 'hanoionlin'; did you mean 'hanoionline'?' (difflib, diacritics aside), else a few known names."""
    import difflib

    by_fold: dict[str, str] = {}
    for k in sorted({k for k in known if k}):
        by_fold.setdefault(_fold(k), k)
    close = [by_fold[c] for c in difflib.get_close_matches(_fold(value), list(by_fold), n=3, cutoff=0.6)]
    if close:
        hint = "did you mean " + " or ".join(repr(c) for c in close) + "?"
    elif see:
        hint = f"see {see}"
    elif by_fold:
        names = sorted(by_fold.values())
        hint = "known: " + ", ".join(names[:12]) + (f", … ({len(names)} in all)" if len(names) > 12 else "")
    else:
        hint = "none is known yet"
    return BadArgument(f"unknown {what} {value!r}; {hint}")
