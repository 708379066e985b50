"""Careless use: a mistyped --db, a read-only or damaged database, dates people type, odd stdin."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import REPO, solieu
from tests.solieu.conftest import copy_db, http_get, running_serve

READ_COMMANDS = [
    ["observations"], ["indicators"], ["search", "ho ngheo"], ["coverage", "ho ngheo"], ["series", "x"],
    ["entities"], ["runs"], ["sources"], ["watch", "list"], ["watch", "add", "term", "hộ nghèo"],
    ["alerts"], ["report", "-o", "{tmp}/r.html"], ["reprocess"],
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_read_commands_refuse_a_missing_database(args, tmp_path):
    missing = tmp_path / "tpyo" / "solieu.db"
    proc = solieu(*[a.format(tmp=tmp_path) for a in args], "--db", str(missing))
    assert proc.returncode == 1, proc.stderr
    assert f"no database at {missing}" in proc.stderr and "solieu crawl" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not missing.exists() and not missing.parent.exists()


def _unprivileged() -> tuple:
    """A command prefix that makes file modes count: root without the capabilities that override them."""
    if os.geteuid() != 0:
        return ()
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: file modes cannot be made to count")
    return ("setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable")


def _as_unprivileged(args, home):
    """Run solieu so that it cannot write a read-only file or directory, even as root."""
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")}
    return subprocess.run([*_unprivileged(), sys.executable, "-m", "solieu.cli", *args], capture_output=True,
                          text=True, cwd=REPO, env=env, timeout=300)


@pytest.fixture
def read_only_db(demo_db):
    """The demo database copied into a read-only directory (mode 0555), the file itself 0444."""
    assert demo_db[1].returncode == 0
    base = Path(tempfile.mkdtemp(prefix="solieu-ro-"))
    os.chmod(base, 0o755)
    ro_dir, home = base / "ro", base / "home"
    ro_dir.mkdir()
    home.mkdir()
    os.chmod(home, 0o777)
    db = Path(copy_db(demo_db[0], ro_dir / "ro.db"))
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode = DELETE")  # a plain file: nothing beside it
    con.close()
    os.chmod(db, 0o444)
    os.chmod(ro_dir, 0o555)
    probe = _as_unprivileged(["--version"], home)
    if probe.returncode != 0:
        pytest.skip(f"cannot run solieu as an unprivileged user here: {probe.stderr[-300:]}")
    yield db, home
    os.chmod(ro_dir, 0o755)
    shutil.rmtree(base, ignore_errors=True)


def test_a_read_only_database_can_be_read(read_only_db):
    db, home = read_only_db
    before = db.read_bytes()
    for args in (["observations", "--format", "json", "--limit", "3"], ["search", "ho ngheo", "--format", "json"],
                 ["indicators", "--format", "json"], ["sources", "--format", "json"]):
        proc = _as_unprivileged([*args, "--db", str(db)], home)
        assert proc.returncode == 0, (args, proc.stderr[-1000:])
        assert json.loads(proc.stdout), args
    assert db.read_bytes() == before and sorted(p.name for p in db.parent.iterdir()) == ["ro.db"]


def test_serve_on_a_read_only_database(read_only_db, tmp_path):
    """`solieu serve` on a database it cannot write (read-only directory, WAL header): served, no traceback."""
    pytest.importorskip("datasette")
    db, home = read_only_db
    log = home / "serve.log"
    with running_serve(db, log, env={"HOME": str(home), "XDG_CACHE_HOME": str(home / "cache")},
                       prefix=_unprivileged()) as base:
        status, body = http_get(f"{base}/ro/articles.json?_shape=array&_size=2")
        assert status == 200 and len(json.loads(body)) == 2
    assert "Traceback" not in log.read_text()


@pytest.fixture
def damaged_db(demo_db, tmp_path):
    """The demo database with its pages after the schema overwritten: it opens, queries fail."""
    good = Path(copy_db(demo_db[0], tmp_path / "good.db"))
    con = sqlite3.connect(good)
    con.execute("PRAGMA journal_mode = DELETE")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    con.close()
    data = bytearray(good.read_bytes())
    start = len(data) // 4 // page * page
    data[start:len(data) * 3 // 4] = b"\xa5" * (len(data) * 3 // 4 - start)
    bad = tmp_path / "damaged.db"
    bad.write_bytes(bytes(data))
    return bad


@pytest.mark.parametrize("args", [["observations"], ["search", "ho ngheo"], ["indicators"],
                                  ["coverage", "ho ngheo"], ["entities"]],
                         ids=lambda a: a[0])
def test_a_damaged_database_is_a_one_line_error(damaged_db, args):
    proc = solieu(*args, "--db", str(damaged_db))
    assert proc.returncode == 1, proc.stdout[-500:]
    assert "Traceback" not in proc.stderr and proc.stderr.startswith("Error:"), proc.stderr[-1500:]
    assert len(proc.stderr.strip().splitlines()) == 1


def test_a_file_that_is_not_a_database(tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_text("đây không phải cơ sở dữ liệu\n" * 200, encoding="utf-8")
    for args in (["observations"], ["search", "x"]):
        proc = solieu(*args, "--db", str(junk))
        assert proc.returncode == 1 and "Traceback" not in proc.stderr and "not a database" in proc.stderr


@pytest.mark.parametrize("args, message", [
    (["observations", "--since", "yesterday"], "--since"),
    (["observations", "--since", "2026-13-01"], "--since"),
    (["observations", "--since", "zzz"], "--since"),
    (["observations", "--until", "tomorrow"], "--until"),
    (["search", "ho ngheo", "--since", "99999999d"], "--since"),
    (["observations", "--since", "99999999d"], "--since"),
    (["crawl", "hanoionline", "--since", "99999999d"], "--since"),
])
def test_bad_dates_are_clear_errors(demo_db, args, message):
    proc = solieu(*args, "--db", str(demo_db[0]))
    assert proc.returncode == 2, proc.stderr[-500:]
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_observation_dates_use_the_since_parser(demo_db):
    db = str(demo_db[0])

    def dates(*args):
        proc = solieu("observations", "--db", db, "--format", "json", *args)
        assert proc.returncode == 0, proc.stderr
        return [o["published_at"] for o in json.loads(proc.stdout)]

    everything = dates()
    assert everything
    assert dates("--until", "2024") == [d for d in everything if d and d < "2024-01-01"]
    assert dates("--since", "2025") == [d for d in everything if d and d >= "2025-01-01"]
    assert dates("--until", "2099-01-01") == [d for d in everything if d]


def test_subject_wildcards_are_literal(demo_db):
    db = str(demo_db[0])
    for pattern in ("%", "_", "%%", "\\"):
        proc = solieu("observations", "--db", db, "--subject", pattern, "--format", "json")
        assert proc.returncode == 0, proc.stderr
        rows = json.loads(proc.stdout)
        assert all(pattern in (r["subject"] or "") + (r["indicator"] or "") for r in rows), pattern


def test_figures_reports_bad_lines_and_goes_on():
    deep = "[" * 100_000 + "]" * 100_000
    lines = [
        '{"id": 1, "text": "Năm 2023 thành phố đạt 12/15 chỉ tiêu.", "published": 123}',
        '{"id": 2, "text": "Lỗi \\ud800 ở đây"}',
        deep,
        '{"id": 4, "text": "Năm 2023 thành phố đạt 12/15 chỉ tiêu."}',
        "không phải json",
        '{"id": 6, "text": 5}',
        '{"id": 7, "text": "Có 30% hộ dân dùng nước sạch.", "published": "2024-05-01"}',
    ]
    proc = solieu("figures", input="\n".join(lines) + "\n")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr[-1500:]
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o.get("id") for o in out] == [1, 2, None, 4, None, 6, 7]
    assert [("error" in o) for o in out] == [True, True, True, False, True, True, False]
    assert "published" in out[0]["error"] and "surrogate" in out[1]["error"] and "line 3" in out[2]["error"]
    assert out[3]["figures"][0]["denominator"] == 15 and out[6]["figures"][0]["value"] == 30
    assert "5 input line" in proc.stderr


def test_figures_survives_bytes_that_are_not_utf8():
    proc = subprocess.run([sys.executable, "-m", "solieu.cli", "figures"], cwd=REPO, capture_output=True,
                          input=b'\xff\xfe{"id": 1}\n{"id": 2, "text": "Kh\xc3\xb4ng c\xc3\xb3 s\xe1\xbb\x91."}\n',
                          timeout=300)
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    out = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert "UTF-8" in out[0]["error"] and out[1] == {"id": 2, "figures": []}
