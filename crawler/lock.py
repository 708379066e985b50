"""A lock file beside the database so that two crawls of it never overlap (cron-safe)."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path


class CrawlLocked(RuntimeError):
    """Another crawl holds the lock on this database."""


class CrawlLock:
    """An exclusive, non-blocking flock on DB_PATH + ".lock"; released when the process dies.

    The lock is keyed by the database file itself (symlinks and relative spellings resolved), so
    two names for one database share one lock."""

    def __init__(self, db_path: str | os.PathLike):
        self.path = Path(str(Path(db_path).expanduser().resolve()) + ".lock")
        self._fd: int | None = None

    def __enter__(self) -> "CrawlLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 64).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise CrawlLocked(f"another crawl (pid {holder}) is running on this database ({self.path})")
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None
