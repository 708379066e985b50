"""Names people mistype get a one-line error with the nearest known names; crawl summaries read right."""
import json
import sqlite3


from tests.conftest import solieu


def _one_line_error(proc, code=2):
    assert proc.returncode == code, (proc.returncode, proc.stderr[-800:])
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), proc.stderr
    return lines[0]


def test_crawl_of_an_unknown_source_is_a_bad_argument(tmp_path):
    line = _one_line_error(solieu("crawl", "hanoionlin", "--db", str(tmp_path / "x.db")))
    assert "unknown source 'hanoionlin'" in line and "'hanoionline'" in line
    line = _one_line_error(solieu("crawl", "nosuch", "--db", str(tmp_path / "x.db")))
    assert "known: " in line and "vnexpress" in line


def test_reprocess_of_an_unknown_source_is_refused(own_db):
    con = sqlite3.connect(own_db)
    before = con.execute("SELECT COUNT(*), MAX(extracted_at) FROM observations").fetchone()
    line = _one_line_error(solieu("reprocess", "--source", "hanoionlne", "--db", own_db))
    assert "did you mean 'hanoionline'" in line
    assert con.execute("SELECT COUNT(*), MAX(extracted_at) FROM observations").fetchone() == before


def test_watch_add_refuses_unknown_indicators_and_entities(own_db, top_indicator):
    typo = top_indicator[:-3] + "xyz" if len(top_indicator) > 6 else top_indicator + "xyz"
    line = _one_line_error(solieu("watch", "add", "indicator", typo, "--db", own_db))
    assert f"unknown indicator {typo!r}" in line and repr(top_indicator) in line
    line = _one_line_error(solieu("watch", "add", "entity", "Công ty Xyzabc Qwerty", "--db", own_db))
    assert "unknown entity" in line and "solieu entities" in line
    assert json.loads(solieu("watch", "list", "--db", own_db, "--format", "json").stdout) == []
    assert solieu("watch", "add", "indicator", top_indicator, "--db", own_db).returncode == 0
    assert solieu("watch", "add", "entity", "Sở LĐ-TB&XH Hà Nội", "--db", own_db).returncode == 0  # an alias
    assert solieu("watch", "add", "term", "bất kỳ cụm từ nào", "--db", own_db).returncode == 0


def test_sources_keep_the_outlet_url_after_a_mirror_crawl(demo_db, demo_server):
    path, proc = demo_db
    assert proc.returncode == 0
    rows = {r["name"]: r for r in json.loads(solieu("sources", "--db", str(path), "--format", "json").stdout)}
    assert rows["hanoionline"]["url"] == "https://hanoionline.vn/" and rows["hanoionline"]["articles"] > 30
    stored = sqlite3.connect(path).execute("SELECT url FROM sources WHERE name = 'hanoionline'").fetchone()[0]
    assert stored == "https://hanoionline.vn/" and demo_server.url not in stored


def test_runs_show_source_names_not_json(demo_db):
    table = solieu("runs", "--db", str(demo_db[0])).stdout
    assert "hanoionline" in table and '["hanoionline"]' not in table
    rows = json.loads(solieu("runs", "--db", str(demo_db[0]), "--format", "json").stdout)
    assert rows[0]["sources"] == ["hanoionline"]


def test_a_run_that_finds_only_stored_articles_says_so(own_db, demo_server):
    proc = solieu("crawl", "hanoionline", "--base-url", demo_server.url, "--db", own_db, "--no-throttle")
    assert proc.returncode == 0, proc.stderr[-1500:]
    summary = [line for line in proc.stderr.splitlines() if line.startswith("hanoionline:")]
    assert summary, proc.stderr[-1500:]
    assert "new 0" in summary[-1]
    n = int(summary[-1].split(" already stored")[0].rsplit(" ", 1)[1])
    assert n >= 30, summary[-1]
