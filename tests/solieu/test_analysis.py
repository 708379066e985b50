"""Analysis commands over the crawled demo site: search, coverage, series, entities, exports, watches, alerts."""
import csv
import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tests.conftest import solieu
from tests.solieu.conftest import run_ok


def test_search_without_diacritics_finds_vietnamese(db):
    rows = json.loads(run_ok("search", "ho ngheo", "--db", db, "--format", "json").stdout)
    assert rows and rows[0]["rank"] == 1
    assert any("hộ nghèo" in r["title"] for r in rows)
    articles = [r for r in rows if r["source"] != "văn bản"]  # document pages follow the articles
    assert all(r["url"].startswith("http") and r["source"] == "hanoionline" and r["date"] for r in articles)
    assert all(r["snippet"].startswith("(trang ") for r in rows[len(articles):])
    assert "**" in rows[0]["snippet"]


def test_search_d_with_stroke_and_filters(db):
    rows = json.loads(run_ok("search", "do thi", "--db", db, "--format", "json", "--limit", "3",
                             "--since", "2025-01-01").stdout)
    assert 0 < len(rows) <= 3 and all(r["date"] >= "2025-01-01" for r in rows)
    assert "đô thị" in (rows[0]["snippet"] + rows[0]["title"]).replace("**", "").lower()
    assert json.loads(run_ok("search", "do thi", "--db", db, "--format", "json", "--source", "nope").stdout) == []


def test_search_table_and_csv(db):
    assert "hộ nghèo" in run_ok("search", "hộ nghèo", "--db", db).stdout
    rows = list(csv.DictReader(io.StringIO(run_ok("search", "hộ nghèo", "--db", db, "--format", "csv").stdout)))
    assert rows and {"rank", "title", "snippet", "url"} <= set(rows[0])


@pytest.mark.parametrize("query", ["*", '"', "NEAR(", "'; DROP TABLE articles; --", "title:", ")"])
def test_bad_search_is_results_or_one_line_error(db, query):
    proc = solieu("search", query, "--db", db, "--format", "json")
    assert "Traceback" not in proc.stderr
    if proc.returncode == 0:
        assert isinstance(json.loads(proc.stdout), list)
    else:
        assert proc.returncode == 1 and proc.stderr.startswith("Error:") and proc.stderr.count("\n") == 1
    assert json.loads(run_ok("search", "ho ngheo", "--db", db, "--format", "json").stdout)


def test_xlsx_needs_an_output_file(db, tmp_path):
    proc = solieu("search", "ho ngheo", "--db", db, "--format", "xlsx")
    assert proc.returncode == 1 and "-o" in proc.stderr
    out = tmp_path / "s.xlsx"
    run_ok("search", "ho ngheo", "--db", db, "--format", "xlsx", "-o", str(out))
    from openpyxl import load_workbook

    ws = load_workbook(out)["search"]
    assert ws["A1"].value == "rank" and ws.max_row > 1 and "nghèo" in " ".join(str(c.value) for c in ws[2])


def test_coverage_of_a_term(db, tmp_path):
    data = json.loads(run_ok("coverage", "hộ nghèo", "--db", db, "--format", "json", "--by", "month").stdout)
    assert data["articles"] and data["first_seen"] <= data["last_seen"]
    [outlet] = data["outlets"]
    assert outlet["source"] == "hanoionline" and outlet["articles"] == len(data["articles"])
    assert 0 < outlet["share"] < 1 and outlet["total"] >= 30
    for p in data["periods"]:
        assert len(p["period"]) == 7 and p["articles"] <= p["total"] and p["share"] == round(p["articles"] / p["total"], 4)
    out = run_ok("coverage", "ho ngheo", "--db", db, "--by", "week", "--chart", str(tmp_path / "c.png")).stdout
    assert "Per outlet" in out and "-W" in out and "Headlines" in out
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_coverage_exports(db, tmp_path):
    rows = list(csv.DictReader(io.StringIO(run_ok("coverage", "ho ngheo", "--db", db, "--format", "csv").stdout)))
    assert rows and set(rows[0]) == {"period", "source", "articles", "total", "share_pct"}
    run_ok("coverage", "ho ngheo", "--db", db, "--format", "xlsx", "-o", str(tmp_path / "c.xlsx"))
    from openpyxl import load_workbook

    assert load_workbook(tmp_path / "c.xlsx").sheetnames == ["coverage", "outlets", "articles", "document_coverage",
                                                             "documents"]


def test_coverage_of_a_watchlist_entity_by_alias(db):
    by_alias = json.loads(run_ok("coverage", "--entity", "Sở LĐ-TB&XH Hà Nội", "--db", db, "--format", "json").stdout)
    by_name = json.loads(run_ok("coverage", "--entity", "so lao dong - thuong binh va xa hoi ha noi", "--db", db,
                                "--format", "json").stdout)
    assert by_alias["articles"] and by_alias["articles"] == by_name["articles"]
    proc = solieu("coverage", "--entity", "Không Có Ai", "--db", db)
    assert proc.returncode == 1 and "no entity" in proc.stderr
    assert solieu("coverage", "--db", db).returncode == 2


def test_entities_are_stored_by_the_crawl(db):
    rows = json.loads(run_ok("entities", "--db", db, "--format", "json", "--limit", "100").stdout)
    names = {r["name"]: r for r in rows}
    assert names["Hà Nội"]["kind"] == "place"
    assert names["Sở Lao động - Thương binh và Xã hội Hà Nội"]["watch"] == 1
    watched = json.loads(run_ok("entities", "--db", db, "--format", "json", "--watch").stdout)
    assert watched and all(r["watch"] == 1 for r in watched)
    people = json.loads(run_ok("entities", "--db", db, "--format", "json", "--kind", "person").stdout)
    assert people and all(r["kind"] == "person" for r in people)


def test_series_in_time_order_with_charts(db, tmp_path, series_key):
    key = series_key
    rows = json.loads(run_ok("series", key, "--db", db, "--format", "json").stdout)
    assert len(rows) >= 3 and {r["indicator"] for r in rows} == {key}
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert {"target", "actual"} <= {r["qualifier"] for r in rows}
    assert all(r["article_url"].startswith("http") and r["sentence"] for r in rows)
    run_ok("series", key, "--db", db, "--chart", str(tmp_path / "s.html"))
    page = (tmp_path / "s.html").read_text()
    assert "<svg" in page and "thực hiện" in page and "mục tiêu" in page and "<script" not in page
    assert 'stroke-dasharray="6,4"' in page  # the target line is dashed
    run_ok("series", key, "--db", db, "--chart", str(tmp_path / "s.png"), "--format", "csv")
    assert (tmp_path / "s.png").stat().st_size > 1000
    proc = solieu("series", "không có chỉ tiêu này", "--db", db)
    assert proc.returncode == 2 and "no observations" in proc.stderr  # an unknown name, as everywhere
    proc = solieu("series", key, "--db", db, "--chart", str(tmp_path / "s.gif"))
    assert proc.returncode == 1 and ".png" in proc.stderr


def test_watch_add_list_remove(own_db, series_key):
    run_ok("watch", "add", "term", "hộ nghèo", "--db", own_db)
    run_ok("watch", "add", "indicator", series_key, "--db", own_db)
    proc = solieu("watch", "add", "term", "hộ nghèo", "--db", own_db)
    assert proc.returncode == 1 and "already watching" in proc.stderr
    rows = json.loads(run_ok("watch", "list", "--db", own_db, "--format", "json").stdout)
    assert [(r["kind"], r["value"]) for r in rows] == [("term", "hộ nghèo"), ("indicator", series_key)]
    run_ok("watch", "remove", "hộ nghèo", "--db", own_db)
    assert [r["value"] for r in json.loads(run_ok("watch", "list", "--db", own_db, "--format", "json").stdout)] \
        == [series_key]
    assert solieu("watch", "remove", "999", "--db", own_db).returncode == 1


def test_alerts_report_once(own_db, tmp_path, series_key):
    assert "no watches" in solieu("alerts", "--db", own_db).stderr
    run_ok("watch", "add", "term", "ho ngheo", "--db", own_db)
    run_ok("watch", "add", "entity", "Sở LĐ-TB&XH Hà Nội", "--db", own_db)
    run_ok("watch", "add", "indicator", series_key, "--db", own_db)
    first = run_ok("alerts", "--since-last", "--db", own_db, "--format", "markdown").stdout
    assert "## term: ho ngheo" in first and "## entity:" in first and f"## indicator: {series_key}" in first
    assert "](<http" in first
    again = run_ok("alerts", "--since-last", "--db", own_db)
    assert again.stdout == "" and "Nothing new." in again.stderr
    everything = run_ok("alerts", "--db", own_db, "--format", "html", "-o", str(tmp_path / "a.html"))
    assert "Wrote" in everything.stderr and "<li>" in (tmp_path / "a.html").read_text()
    import sqlite3

    con = sqlite3.connect(own_db)
    con.execute("DELETE FROM alerts_sent WHERE watch_id = (SELECT id FROM watches WHERE kind = 'term')")
    con.commit()
    con.close()
    text = run_ok("alerts", "--since-last", "--db", own_db).stdout
    assert "term: ho ngheo" in text and "indicator:" not in text


class _Hook(BaseHTTPRequestHandler):
    received: list = []
    status = 200

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        type(self).received.append((self.headers["Content-Type"], json.loads(body)))
        self.send_response(type(self).status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def webhook():
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    _Hook.received, _Hook.status = [], 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", _Hook
    server.shutdown()
    server.server_close()


def test_alerts_webhook_delivery(own_db, webhook):
    url, hook = webhook
    run_ok("watch", "add", "term", "ho ngheo", "--db", own_db)
    hook.status = 500
    proc = solieu("alerts", "--since-last", "--db", own_db, "--webhook", url)
    assert proc.returncode == 1 and "HTTP 500" in proc.stderr and "nothing marked" in proc.stderr
    hook.status = 204
    proc = run_ok("alerts", "--since-last", "--db", own_db, "--webhook", url)
    assert "Posted" in proc.stderr
    ctype, body = hook.received[-1]
    assert ctype.startswith("application/json")
    assert body["count"] == len(body["items"]) > 0
    assert all(it["watch"] == "ho ngheo" and it["url"].startswith("http") for it in body["items"])
    n = len(hook.received)
    assert "Nothing new." in run_ok("alerts", "--since-last", "--db", own_db, "--webhook", url).stderr
    assert len(hook.received) == n
    proc = solieu("alerts", "--db", own_db, "--webhook", "file:///etc/passwd")
    assert proc.returncode == 1 and "http" in proc.stderr


def test_since_accepts_spans_and_rejects_junk(db):
    assert solieu("search", "ho ngheo", "--db", db, "--since", "30d").returncode == 0
    proc = solieu("search", "ho ngheo", "--db", db, "--since", "yesterday")
    assert proc.returncode == 2 and "--since" in proc.stderr


