"""The crawl lock is keyed by the database file, however it is spelled."""
import os

import pytest

from crawler.lock import CrawlLock, CrawlLocked
from tests.conftest import solieu


@pytest.fixture
def spellings(tmp_path):
    """One database file under three names: its path, a symlink to it, a relative path with '..'."""
    real_dir = tmp_path / "data"
    real_dir.mkdir()
    db = real_dir / "solieu.db"
    db.write_bytes(b"")
    link = tmp_path / "link.db"
    link.symlink_to(db)
    linked_dir = tmp_path / "elsewhere"
    linked_dir.symlink_to(real_dir)
    return db, link, linked_dir / "solieu.db", real_dir / ".." / "data" / "solieu.db"


def test_every_spelling_of_a_database_shares_one_lock(spellings):
    db, *others = spellings
    with CrawlLock(db):
        for other in others:
            with pytest.raises(CrawlLocked):
                CrawlLock(other).__enter__()
    for other in others:  # released: each can take it in turn
        with CrawlLock(other):
            pass


def test_a_crawl_through_a_symlink_sees_the_running_crawl(spellings):
    db, link, *_ = spellings
    os.unlink(db)  # let the command create a real database there
    assert solieu("runs", "--db", str(db)).returncode == 1  # missing: refused, not created
    from db import open_db

    open_db(db).close()
    with CrawlLock(db):
        proc = solieu("crawl", "hanoionline", "--db", str(link), "--base-url", "http://127.0.0.1:9/")
    assert proc.returncode == 4, proc.stderr[-1000:]
    assert "another crawl" in proc.stderr
