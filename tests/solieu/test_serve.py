"""solieu serve: Datasette on 127.0.0.1 over the demo database, read-only, with metadata and canned queries."""
import json
import sqlite3
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests.solieu.conftest import free_port, http_get, running_serve

pytest.importorskip("datasette")


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    path, proc = demo_db
    assert proc.returncode == 0
    env = {"XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    with running_serve(path, tmp_path_factory.mktemp("serve") / "serve.log", env=env) as base:
        yield base, path.stem, path


def _rows(base, db, query, **params):
    qs = urllib.parse.urlencode({**params, "_shape": "array"})
    status, body = http_get(f"{base}/{db}/{query}.json?{qs}")
    assert status == 200, body[:500]
    return json.loads(body)


def test_bound_to_loopback_and_pages_load(server):
    base, db, _ = server
    assert base.startswith("http://127.0.0.1:")
    status, page = http_get(base + "/")
    assert status == 200 and "figures in the Vietnamese press" in page
    status, page = http_get(f"{base}/{db}/observations")
    assert status == 200 and "Observations (figures found in articles and documents)" in page and "indicator" in page
    status, page = http_get(f"{base}/{db}/articles")
    assert status == 200 and "One row per news article" in page


def test_serves_a_snapshot_with_metadata(server):
    base, db, path = server
    dbs = json.loads(http_get(base + "/-/databases.json")[1])
    served = [d["path"] for d in dbs if d["name"] == db]
    assert len(served) == 1 and "solieu-serve-" in served[0] and served[0] != str(path)
    meta = json.loads(http_get(base + "/-/metadata.json")[1])
    cols = meta["databases"][db]["tables"]["observations"]["columns"]
    assert "target" in cols["qualifier"]


def test_canned_queries_return_rows(server, series_key):
    base, db, _ = server
    assert _rows(base, db, "latest_observations", indicator="")
    series = _rows(base, db, "indicator_time_series", indicator=series_key)
    assert len(series) >= 3 and [r["period"] for r in series] == sorted(r["period"] for r in series)
    cov = _rows(base, db, "coverage_by_outlet", phrase="đô thị")
    assert cov and all(r["articles"] <= r["outlet_total"] for r in cov)
    assert _rows(base, db, "watchlist_mentions", name="")
    assert _rows(base, db, "search_articles", phrase="ho ngheo")
    by_doc = _rows(base, db, "figures_by_document", words="")
    assert by_doc and {r["page"] for r in by_doc if r["doc_type"] == "báo cáo"} == {1, 2, 3}
    # figures from documents in the other queries too, citing the document and page
    revenue = _rows(base, db, "indicator_time_series", indicator="thu ngân sách (VND)")
    cited = {r["source"] for r in revenue if r["source"].startswith("văn bản")}
    assert len(cited) == 1 and next(iter(cited)).endswith(", trang 3") and any(r["source"] == "hanoionline"
                                                                             for r in revenue)


def test_table_search_facets_and_exports(server):
    base, db, _ = server
    found = json.loads(http_get(f"{base}/{db}/articles.json?_search=ho+ngheo&_shape=array&_col=title")[1])
    assert found and any("nghèo" in r["title"] for r in found)
    status, page = http_get(f"{base}/{db}/observations.json?_facet=qualifier")
    assert status == 200 and "actual" in json.dumps(json.loads(page)["facet_results"], ensure_ascii=False)
    status, text = http_get(f"{base}/{db}/articles.csv?_col=title&_size=3")
    assert status == 200 and text.splitlines()[0] == "id,title"


def test_writes_are_refused(server):
    base, db, path = server
    before = sqlite3.connect(path).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    for sql in ("DELETE FROM articles", "DROP TABLE articles", "INSERT INTO watches (kind, value) VALUES ('term', 'x')"):
        status, body = http_get(f"{base}/{db}.json?" + urllib.parse.urlencode({"sql": sql}))
        assert status == 400, body[:300]
    assert http_get(f"{base}/{db}.db")[0] == 403
    assert sqlite3.connect(path).execute("SELECT COUNT(*) FROM articles").fetchone()[0] == before


def test_a_missing_database_is_a_clear_error(tmp_path):
    from tests.conftest import solieu

    proc = solieu("serve", "--db", str(tmp_path / "nope" / "x.db"), "--port", str(free_port()))
    assert proc.returncode == 1 and "no database" in proc.stderr and "Traceback" not in proc.stderr


def test_fact_queries_list_facts_and_the_conflict(server):
    base, db, _ = server
    facts = _rows(base, db, "facts_of_indicator", indicator="số lượt khách du lịch (lượt)")
    quarters = {r["period"] for r in facts if r["granularity"] == "quarter"}
    assert {"2025-Q1", "2025-Q2", "2025-Q3", "2026-Q1", "2026-Q2"} <= quarters
    conflicts = _rows(base, db, "conflicting_facts")
    tourism = [r for r in conflicts if r["indicator"] == "số lượt khách du lịch (lượt)" and r["period"] == "2026-Q2"]
    assert {r["value"] for r in tourism} == {6900000.0, 7200000.0}
    assert all(r["link"].startswith("http://127.0.0.1:") for r in tourism)
