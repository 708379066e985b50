"""db/facts: the same figure from several articles is one fact; different values for one period are a conflict."""
import sqlite3

import pytest

from db import open_db
from db.facts import build_facts, cluster_values, facts, fill_spans, refresh_facts, significant
from db.store import save_article, upsert_source


def row(oid, article, value, *, period=("2025-04-01", "2025-06-30", "quarter"), qualifier="actual",
        place="Hà Nội", indicator="khách du lịch (lượt)", source="a", value_max=None):
    return {"id": oid, "article_id": article, "indicator": indicator, "value": value, "value_max": value_max,
            "kind": "count", "unit": "lượt", "qualifier": qualifier, "text": "x", "sentence": "s", "period": "2025-Q2",
            "place": place, "place_area": "", "period_start": period[0], "period_end": period[1],
            "granularity": period[2], "published_at": f"2025-07-0{article}T08:00:00+07:00", "source": source,
            "url": f"http://127.0.0.1/{article}.htm", "title": f"Bài {article}"}


@pytest.mark.parametrize("value, digits", [(1.2e12, 2), (1.234e12, 4), (7.4, 2), (7.42, 3), (100.0, 2), (0.03, 2)])
def test_significant(value, digits):
    assert significant(value) == digits


@pytest.mark.parametrize("values, groups", [
    ([(7.4, None), (7.42, None)], 1),                  # "7,4%" and "7,42%": the same within rounding
    ([(7.4, None), (7.5, None)], 2),
    ([(1.2e12, None), (1.234e12, None)], 1),          # "1,2 nghìn tỷ" and "1.234 tỷ"
    ([(96.0, None), (100.0, None)], 2),               # 100 is not 96 rounded
    ([(5.0, 7.0), (5.0, None)], 2),                   # a range is not a point
    ([(6.9e6, None), (7.2e6, None), (6.9e6, None)], 2),
])
def test_cluster_values(values, groups):
    assert len(cluster_values(values)) == groups


def test_one_fact_many_sources_and_a_conflict():
    rows = [row(1, 1, 6.9e6, source="a"), row(2, 2, 6.9e6, source="b"), row(3, 3, 7.2e6, source="a"),
            row(4, 4, 7.1e6, period=("2025-01-01", "2025-03-31", "quarter"))]
    out, links = build_facts(rows)
    q2 = sorted((f for f in out if f["period_end"] == "2025-06-30"), key=lambda f: f["value"])
    assert [(f["value"], f["articles"], f["outlets"], f["conflict"]) for f in q2] == [(6.9e6, 2, 2, 1), (7.2e6, 1, 1, 1)]
    assert q2[0]["conflict_group"] == q2[1]["conflict_group"]
    assert q2[0]["first_seen"] < q2[0]["last_seen"]
    q1 = [f for f in out if f["period_end"] == "2025-03-31"]
    assert [(f["value"], f["conflict"]) for f in q1] == [(7.1e6, 0)]
    assert sorted(o for _, o in links) == [1, 2, 3, 4]


@pytest.mark.parametrize("other", [
    dict(qualifier="target"), dict(place="Đà Nẵng"), dict(period=("2025-01-01", "2025-06-30", "half")),
    dict(indicator="khách quốc tế (lượt)"),
])
def test_a_different_key_is_another_fact_not_a_conflict(other):
    out, _ = build_facts([row(1, 1, 6.9e6), row(2, 2, 7.2e6, **other)])
    assert len(out) == 2 and not any(f["conflict"] for f in out)


def test_undated_and_same_article_values_are_not_conflicts():
    asof = ("2025-07-01", "2025-07-01", "as-of")
    out, _ = build_facts([row(1, 1, 1.0, period=asof), row(2, 1, 2.0, period=asof)])
    assert len(out) == 2 and not any(f["conflict"] for f in out)
    out, _ = build_facts([row(1, 1, 6.9e6), row(2, 1, 7.2e6)])  # one article, two values: not two sources
    assert not any(f["conflict"] for f in out)


@pytest.fixture
def db(tmp_path):
    d = open_db(tmp_path / "t.db")
    upsert_source(d, "demo", "https://example.vn/", "Hà Nội")
    yield d
    d.close()


def _save(db, n, value, period="2025-Q2"):
    url = f"https://example.vn/bai-{n}.htm"
    save_article(db, "demo", {"url": url, "canonical_url": url, "title": f"Bài {n}", "text": f"Văn bản {n}",
                              "published_at": f"2025-07-0{n}T08:00:00+07:00"},
                 [{"indicator": "khách du lịch (lượt)", "value": value, "kind": "count", "unit": "lượt",
                   "qualifier": "actual", "period": period, "place": "Hà Nội", "text": "x", "sentence": "s",
                   "span_start": 0, "span_end": 1}])


def test_refresh_only_when_observations_change_and_fill_spans(db):
    from nlp.timespan import span_columns

    _save(db, 1, 6.9e6)
    _save(db, 2, 7.2e6)
    assert facts(db) == []  # stored without spans: nothing to merge on yet
    assert fill_spans(db, span_columns) == 2
    got = facts(db)
    assert {(f["period_start"], f["granularity"], f["conflict"]) for f in got} == {("2025-04-01", "quarter", 1)}
    assert refresh_facts(db) is False  # unchanged: not rebuilt
    _save(db, 3, 6.9e6)
    got = facts(db, span_fn=span_columns, conflicts=True)
    assert sorted((f["value"], f["articles"]) for f in got) == [(6.9e6, 2), (7.2e6, 1)]
    assert facts(db, span=("2025-01-01", "2025-03-31")) == []
    assert len(facts(db, span=("2025-01-01", "2025-12-31"))) == 2
    links = sqlite3.connect(db.conn.execute("PRAGMA database_list").fetchone()[2]).execute(
        "SELECT COUNT(*) FROM fact_observations").fetchone()[0]
    assert links == 3
