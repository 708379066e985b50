"""The solieu command: help, bad input, figures contract, observations output."""
import csv
import io
import json

import pytest

from tests.conftest import solieu


def test_help_lists_every_command():
    out = solieu("--help").stdout
    for cmd in ("crawl", "demo", "figures", "observations"):
        assert cmd in out


@pytest.mark.parametrize("args, message", [
    (["crawl", "nosuchsource"], "unknown source"),
    (["observations", "--kind", "bogus"], "Invalid value"),
    (["observations", "--format", "xml"], "Invalid value"),
])
def test_bad_arguments_give_one_line_error(args, message, tmp_path):
    proc = solieu(*args, "--db", str(tmp_path / "x.db"))
    assert proc.returncode != 0
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_unwritable_db_is_a_clear_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    proc = solieu("observations", "--db", str(blocker / "sub" / "x.db"))
    assert proc.returncode == 1
    assert "no database at" in proc.stderr and "Traceback" not in proc.stderr


def test_figures_reads_and_writes_json_lines():
    lines = [{"id": "a", "text": "Năm 2023, thành phố có 12/15 phường đạt chuẩn."}, {"id": 7, "text": ""}]
    proc = solieu("figures", input="".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    assert proc.returncode == 0, proc.stderr
    out = [json.loads(line) for line in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == ["a", 7]
    fig = out[0]["figures"][0]
    assert (fig["value"], fig["denominator"], fig["kind"]) == (12, 15, "ratio")
    assert out[1]["figures"] == []


def test_figures_bad_json_is_one_line_error():
    proc = solieu("figures", input='{"id": 1, "text": "ok"}\n{not json\n')
    assert proc.returncode == 1
    assert "line 2" in proc.stderr and "Traceback" not in proc.stderr


def test_observations_formats(demo_db):
    path, proc = demo_db
    assert proc.returncode == 0
    js = json.loads(solieu("observations", "--db", str(path), "--format", "json").stdout)
    assert len(js) >= 60 and {"value", "kind", "subject", "article_url", "sentence"} <= set(js[0])
    rows = list(csv.DictReader(io.StringIO(solieu("observations", "--db", str(path), "--format", "csv",
                                                  "--kind", "percent").stdout)))
    assert rows and {r["kind"] for r in rows} == {"percent"}
    table = solieu("observations", "--db", str(path), "--limit", "5").stdout
    assert "5 observations" in table
    none = json.loads(solieu("observations", "--db", str(path), "--until", "2000-01-01", "--format",
                             "json").stdout)
    assert none == []


def _copy_db(src, dst):
    import sqlite3

    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)
    return dst


def test_indicators_lists_keys_with_counts_and_dates(demo_db):
    path, proc = demo_db
    rows = json.loads(solieu("indicators", "--db", str(path), "--format", "json").stdout)
    assert rows, "the demo site yields catalog indicators"
    free = json.loads(solieu("indicators", "--db", str(path), "--format", "json", "--unmapped").stdout)
    assert not {r["indicator"] for r in rows} & {r["indicator"] for r in free}
    total = sum(r["observations"] for r in rows + free)  # catalog keys and free keys: every keyed observation
    import sqlite_utils

    db = sqlite_utils.Database(path)
    # `indicators` counts the figures of articles and of documents
    assert total == db.execute("SELECT COUNT(*) FROM observations WHERE indicator IS NOT NULL").fetchone()[0]
    assert "tỷ lệ hộ nghèo (%)" in {r["indicator"] for r in rows}
    for r in rows:
        assert r["indicator"] and r["first"] <= r["last"]
    assert rows == sorted(rows, key=lambda r: -r["observations"])


def test_reprocess_replaces_observations_and_bumps_version(demo_db, tmp_path):
    import sqlite_utils

    import nlp
    from db.store import replace_observations

    path = _copy_db(demo_db[0], tmp_path / "copy.db")
    db = sqlite_utils.Database(path)
    before = db["observations"].count
    article_id = db.execute("SELECT id FROM articles ORDER BY id LIMIT 1").fetchone()[0]
    replace_observations(db, article_id, [{"value": 999.0, "kind": "count", "unit": "x", "text": "999 x",
                                           "sentence": "stale", "span_start": 0, "span_end": 5}], "0.0-old")
    assert db["observations"].count_where("value = 999") == 1
    proc = solieu("reprocess", "--db", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "Reprocessed" in proc.stdout
    assert db["observations"].count_where("value = 999") == 0
    assert db["observations"].count == before
    versions = {r[0] for r in db.execute("SELECT DISTINCT extractor_version FROM observations "
                                         "WHERE article_id IS NOT NULL")}  # reprocess re-reads articles
    assert versions == {nlp.EXTRACTOR_VERSION}
    assert {r[0] for r in db.execute("SELECT DISTINCT extractor_version FROM articles")} == {nlp.EXTRACTOR_VERSION}


def test_runs_and_sources_show_health(demo_db):
    path, _ = demo_db
    runs = json.loads(solieu("runs", "--db", str(path), "--format", "json").stdout)
    assert runs and runs[0]["status"] == "ok" and runs[0]["articles_new"] + runs[-1]["articles_new"] >= 30
    sources = {r["name"]: r for r in json.loads(solieu("sources", "--db", str(path), "--format", "json").stdout)}
    assert sources["hanoionline"]["articles"] >= 30
    assert "never crawled" in sources["vnexpress"]["flag"]
    assert "never crawled" not in sources["hanoionline"]["flag"]


def test_sources_check_probes_each_discovery_path(demo_server):
    proc = solieu("sources", "--format", "json", "check", "hanoionline", "--base-url", demo_server.url)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    paths = [r["path"] for r in rows]
    assert paths[0] == "home" and "sitemap" in paths
    assert all(r["status"] == 200 for r in rows)
    assert sum(r["articles"] for r in rows) >= 20


def test_sources_check_unreachable_is_rows_not_traceback(tmp_path):
    yaml_file = tmp_path / "s.yaml"
    yaml_file.write_text("- name: gone\n  url: http://127.0.0.1:9/\n", encoding="utf-8")
    proc = solieu("sources", "--sources", str(yaml_file), "--format", "json", "check", "gone", "--timeout", "2")
    assert proc.returncode == 3 and "Traceback" not in proc.stderr
    rows = json.loads(proc.stdout)
    assert rows and all(r["error"] for r in rows)


@pytest.mark.parametrize("args", [["--since", "yesterday"], ["-s", "lowercase=1"], ["--max-pages", "0"]])
def test_crawl_rejects_bad_options(args, tmp_path):
    proc = solieu("crawl", "hanoionline", "--db", str(tmp_path / "x.db"), *args)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "Error" in proc.stderr


def test_demo_twice_stores_nothing_twice(tmp_path):
    from crawler.demo.site import DemoSite

    n = len(DemoSite().articles)
    path = tmp_path / "demo.db"
    first = solieu("demo", "--db", str(path), "--port", "0")  # any free port: tests run side by side
    assert first.returncode == 0, first.stderr[-2000:]
    assert f"articles: {n} new" in first.stdout and "Newest observations" in first.stdout
    assert "Series: " in first.stdout and "— Hà Nội" in first.stdout and "2025-Q2" in first.stdout  # a real series
    assert "Conflict: số lượt khách du lịch (lượt) 2026-Q2" in first.stdout and "7.200.000 lượt" in first.stdout
    second = solieu("demo", "--db", str(path), "--port", "0")  # another port: other URLs, same stories
    assert second.returncode == 0, second.stderr[-2000:]
    assert f"articles: 0 new, 0 updated, {n} already stored" in second.stdout
    import sqlite_utils

    db = sqlite_utils.Database(path)
    assert db["articles"].count == n
    assert db.execute("SELECT COUNT(*) FROM (SELECT article_id FROM observations WHERE article_id IS NOT NULL "
                      "GROUP BY article_id, span_start HAVING COUNT(*) > 1)").fetchone()[0] == 0
    assert db["documents"].count == 4  # the demo's attachments, stored once over the two runs
