"""`solieu serve`: Datasette over the database, read-only (immutable), with plain-language metadata."""
from __future__ import annotations

import importlib.util
import ipaddress
import json
import os
import sys
from pathlib import Path
from typing import Any

import yaml

METADATA_PATH = Path(__file__).with_name("datasette_metadata.yaml")


class ServeError(RuntimeError):
    """Datasette cannot be started (database missing, datasette not installed)."""


def metadata_for(db_path: Path) -> dict[str, Any]:
    """The shipped metadata with its `database` section filed under the database's Datasette name."""
    meta = yaml.safe_load(METADATA_PATH.read_text(encoding="utf-8"))
    meta["databases"] = {db_path.stem: meta.pop("database")}
    return meta


def is_loopback(host: str) -> bool:
    """True for localhost / 127.x / ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def prepare(db_path: Path) -> None:
    """Ensure the schema and search index, and fold the WAL into the file (immutable readers ignore it)."""
    from db import open_db

    if not db_path.exists():
        raise ServeError(f"no database at {db_path}")
    from db.facts import refresh_facts
    from nlp.timespan import span_columns

    db = open_db(db_path)
    try:
        refresh_facts(db, span_fn=span_columns)  # the facts tables as of now, for the canned queries
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def command(db_path: Path, host: str, port: int, metadata_file: Path) -> list[str]:
    """The datasette command line: immutable database, metadata, no database download."""
    return [sys.executable, "-m", "datasette", "serve", "-i", str(db_path), "--host", host, "--port", str(port),
            "--metadata", str(metadata_file), "--setting", "allow_download", "off",
            "--setting", "sql_time_limit_ms", "5000", "--setting", "default_page_size", "50"]


def write_metadata(db_path: Path) -> Path:
    """Write the metadata JSON for this database under the user cache directory; returns its path."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "solieu"
    base.mkdir(parents=True, exist_ok=True)
    target = base / f"datasette-metadata-{db_path.stem}.json"
    target.write_text(json.dumps(metadata_for(db_path), ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def exec_datasette(db_path: Path, host: str, port: int) -> None:
    """Replace this process with Datasette serving db_path (stopping it stops the server)."""
    if importlib.util.find_spec("datasette") is None:
        raise ServeError("datasette is not installed: pip install datasette")
    db_path = db_path.resolve()
    prepare(db_path)
    args = command(db_path, host, port, write_metadata(db_path))
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(args[0], args)
