"""`solieu serve`: Datasette over a private snapshot of the database, with plain-language metadata.

Datasette never opens the real database: `make_snapshot` copies it with SQLite's backup API (a
consistent state even while a crawl writes), ensures the schema in the copy and drops the
staff-only tables (watches, alert runs). The plugin in datasette_plugins/ refreshes the copy when
the real database changes, refuses dangerous SQL functions and neutralizes CSV exports.
"""
from __future__ import annotations

import importlib.util
import ipaddress
import json
import os
import sqlite3
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml

METADATA_PATH = Path(__file__).with_name("datasette_metadata.yaml")
PLUGINS_DIR = Path(__file__).with_name("datasette_plugins")
PRIVATE_TABLES = ("alerts_sent", "alert_runs", "watches")  # staff-only: what is followed, where alerts go


class ServeError(RuntimeError):
    """Datasette cannot be started (database missing or unreadable, datasette not installed)."""


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


def signature(path: Path) -> tuple:
    """What changes when the database (or its WAL) is written: sizes and modification times."""
    out = []
    for p in (path, Path(str(path) + "-wal")):
        try:
            st = p.stat()
            out.append((st.st_size, st.st_mtime_ns))
        except OSError:
            out.append(None)
    return tuple(out)


def _open_source(path: Path) -> sqlite3.Connection:
    """The real database, read-only; immutable when even that is impossible (a read-only directory)."""
    last: Exception | None = None
    for flags in ("mode=ro", "immutable=1"):
        try:
            con = sqlite3.connect(f"file:{quote(str(path))}?{flags}", uri=True)
            con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return con
        except sqlite3.Error as exc:
            last = exc
    raise ServeError(f"cannot read database {path}: {last}")


def make_snapshot(source: Path, target: Path) -> None:
    """Copy source into target consistently (backup API), schema ensured, staff-only tables dropped."""
    from db.facts import refresh_facts
    from db.schema import ensure_schema
    from nlp.timespan import span_columns
    import sqlite_utils

    staging = target.with_name(target.name + ".staging")
    staging.unlink(missing_ok=True)
    src = _open_source(source)
    try:
        stg = sqlite3.connect(staging)
        try:
            src.backup(stg)
            stg.execute("PRAGMA journal_mode = DELETE")
            staged = sqlite_utils.Database(stg, execute_plugins=False)
            ensure_schema(staged)  # an older database gets the search index here
            refresh_facts(staged, span_fn=span_columns)  # facts for the canned queries
            stg.execute("PRAGMA secure_delete = ON")  # dropped rows are zeroed, not left in free pages
            for table in PRIVATE_TABLES:
                stg.execute(f'DROP TABLE IF EXISTS "{table}"')
            stg.commit()
            dst = sqlite3.connect(target)
            try:
                stg.backup(dst)  # one write transaction: Datasette's readers see before or after
            finally:
                dst.close()
        finally:
            stg.close()
    except sqlite3.Error as exc:
        raise ServeError(f"cannot read database {source}: {exc}") from exc
    finally:
        src.close()
        staging.unlink(missing_ok=True)
        Path(str(staging) + "-journal").unlink(missing_ok=True)


refresh_snapshot = make_snapshot


def command(served: Path, host: str, port: int, metadata_file: Path) -> list[str]:
    """The datasette command line: the snapshot read-only, metadata, the solieu plugin, no download."""
    return [sys.executable, "-m", "datasette", "serve", str(served), "--host", host, "--port", str(port),
            "--metadata", str(metadata_file), "--plugins-dir", str(PLUGINS_DIR),
            "--setting", "allow_download", "off",
            "--setting", "sql_time_limit_ms", "5000", "--setting", "default_page_size", "50"]


def _cache_dir() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "solieu"
    base.mkdir(parents=True, exist_ok=True)
    return base


def write_metadata(db_path: Path) -> Path:
    """Write the metadata JSON for this database under the user cache directory; returns its path."""
    target = _cache_dir() / f"datasette-metadata-{db_path.stem}.json"
    target.write_text(json.dumps(metadata_for(db_path), ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def exec_datasette(db_path: Path, host: str, port: int, refresh: float = 60.0) -> None:
    """Replace this process with Datasette serving a snapshot of db_path, refreshed every `refresh` s."""
    if importlib.util.find_spec("datasette") is None:
        raise ServeError("datasette is not installed: pip install datasette")
    db_path = db_path.resolve()
    if not db_path.is_file():
        raise ServeError(f"no database at {db_path}; run `solieu crawl` or `solieu demo` first")
    try:
        workdir = Path(tempfile.mkdtemp(prefix="solieu-serve-", dir=_cache_dir()))
    except OSError as exc:
        raise ServeError(f"cannot create a snapshot directory: {exc}") from exc
    served = workdir / db_path.name
    make_snapshot(db_path, served)
    args = command(served, host, port, write_metadata(db_path))
    os.environ.update(SOLIEU_SERVE_SOURCE=str(db_path), SOLIEU_SERVE_SNAPSHOT=str(served),
                      SOLIEU_SERVE_REFRESH=str(refresh))
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(args[0], args)
