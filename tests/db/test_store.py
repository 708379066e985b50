"""db/: schema creation, atomic article + observations writes, dedup, runs."""
import gzip

import pytest

from db import DatabaseError, open_db
from db import queries
from db.store import (article_html, compress_html, finish_run, known_url, replace_observations, save_article, start_run,
                      upsert_source)


def article(url="https://example.vn/bai-viet-123456.htm", text="Tỷ lệ hộ nghèo còn 0,5%.", title="Giảm nghèo"):
    return {"url": url, "canonical_url": url, "title": title, "sapo": "Tin tóm tắt.", "text": text,
            "author": "Lê Văn B", "published_at": "2024-03-01T08:00:00+07:00", "tags": ["giảm nghèo"]}


def obs(value=0.5, subject="hộ nghèo", kind="percent"):
    return {"indicator": f"{subject} ({kind})", "subject": subject, "value": value, "kind": kind,
            "qualifier": "actual", "period": "2023", "text": f"{value}%", "sentence": "…",
            "span_start": 3, "span_end": 7, "approx": False}


@pytest.fixture
def db(tmp_path):
    d = open_db(tmp_path / "t.db")
    upsert_source(d, "demo", "https://example.vn/", "Hà Nội")
    yield d
    d.close()


def test_schema_tables_and_wal(db):
    assert {"sources", "articles", "observations", "crawl_runs", "article_urls"} <= set(db.table_names())
    assert db.journal_mode == "wal"


def test_open_db_unwritable_path_is_named_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(DatabaseError, match="cannot open database"):
        open_db(blocker / "sub" / "x.db")


def test_save_new_then_unchanged_never_duplicates(db):
    status, aid = save_article(db, "demo", article(), [obs()], html="<html>hi</html>", extractor_version="1")
    assert status == "new"
    status2, aid2 = save_article(db, "demo", article(), [obs()], html="<html>hi</html>", extractor_version="1")
    assert (status2, aid2) == ("unchanged", aid)
    assert db["articles"].count == 1 and db["observations"].count == 1
    assert article_html(db, aid) == "<html>hi</html>"
    raw = db.execute("SELECT html_gz FROM articles").fetchone()[0]
    assert gzip.decompress(raw) == b"<html>hi</html>"


def test_html_compressed_elsewhere_is_stored_as_given_and_anything_else_refused(db):
    page = "<html><p>Tỷ lệ hộ nghèo còn 0,5%.</p></html>"
    packed = compress_html(page)
    assert packed == compress_html(page)  # the same bytes every time (no timestamp in the header)
    _, aid = save_article(db, "demo", article(), [obs()], html_gz=packed, extractor_version="1")
    assert db.execute("SELECT html_gz FROM articles").fetchone()[0] == packed
    assert article_html(db, aid) == page
    with pytest.raises(ValueError, match="gzip"):
        save_article(db, "demo", article(url="https://example.vn/other.html"), [obs()], html_gz=page.encode())
    assert db["articles"].count == 1


def test_changed_text_updates_and_replaces_observations(db):
    _, aid = save_article(db, "demo", article(), [obs(0.5)], extractor_version="1")
    status, aid2 = save_article(db, "demo", article(text="Tỷ lệ hộ nghèo còn 0,4%."), [obs(0.4), obs(2, "x")],
                                extractor_version="1")
    assert (status, aid2) == ("updated", aid)
    assert sorted(r["value"] for r in db["observations"].rows) == [0.4, 2]


def test_same_story_under_other_url_is_stored_once(db):
    save_article(db, "demo", article(), [obs()], extractor_version="1")
    other = "https://example.vn/amp/bai-viet-123456.htm"
    status, _ = save_article(db, "demo", article(url=other), [obs()], extractor_version="1")
    assert status == "duplicate"
    assert db["articles"].count == 1
    assert known_url(db, other) and known_url(db, "https://example.vn/bai-viet-123456.htm")
    assert not known_url(db, "https://example.vn/khac-999999.htm")


def test_replace_observations_is_atomic_and_bumps_version(db):
    _, aid = save_article(db, "demo", article(), [obs()], extractor_version="1")
    with pytest.raises(KeyError):
        replace_observations(db, 999, [obs()], "2")
    replace_observations(db, aid, [obs(0.7), obs(0.8)], "2")
    rows = list(db["observations"].rows)
    assert [r["value"] for r in rows] == [0.7, 0.8]
    assert {r["extractor_version"] for r in rows} == {"2"}
    assert db["articles"].get(aid)["extractor_version"] == "2"


def test_runs_record_counts(db):
    rid = start_run(db, ["demo"], pid=1)
    finish_run(db, rid, "ok", {"pages": 5, "articles_new": 2}, {"x": 1})
    last = queries.last_run(db)
    assert (last["status"], last["pages"], last["articles_new"], last["errors"]) == ("ok", 5, 2, 0)


def test_observation_query_filters(db):
    save_article(db, "demo", article(), [obs(0.5), obs(3, "doanh nghiệp", "count")], extractor_version="1")
    assert len(queries.observations(db)) == 2
    assert [o["value"] for o in queries.observations(db, subject="doanh")] == [3]
    assert queries.observations(db, since="2025-01-01") == []
    assert len(queries.observations(db, until="2025-01-01", kind="percent")) == 1
    assert queries.observations(db, source="other") == []


def test_a_canonical_naming_another_stored_article_never_takes_it_over(db):
    victim = article("https://example.vn/goc-100001.htm", text="Thu ngân sách tăng 5%.", title="Bài gốc")
    status, victim_id = save_article(db, "demo", victim, [obs(5)])
    assert status == "new"
    evil = article("https://example.vn/goc-100001.htm", text="Thu ngân sách giảm 90%.", title="Bài giả")
    evil["url"] = "https://example.vn/gia-100002.htm"
    status, article_id = save_article(db, "demo", evil, [obs(90)], fetched_url=evil["url"])
    assert (status, article_id) == ("alternate", victim_id)
    row = db.execute("SELECT title, text FROM articles WHERE id = ?", [victim_id]).fetchone()
    assert row == ("Bài gốc", "Thu ngân sách tăng 5%.")
    assert [r[0] for r in db.execute("SELECT value FROM observations WHERE article_id = ?", [victim_id])] == [5]
    # A stored article whose canonical now names the victim is updated under its own URL only.
    other = article("https://example.vn/khac-100003.htm", text="Giá điện tăng 3%.", title="Bài khác")
    _, other_id = save_article(db, "demo", other, [obs(3)])
    other.update(canonical_url="https://example.vn/goc-100001.htm", text="Giá điện tăng 4%.")
    status, got = save_article(db, "demo", other, [obs(4)], fetched_url="https://example.vn/khac-100003.htm")
    assert (status, got) == ("updated", other_id)
    assert db.execute("SELECT url FROM articles WHERE id = ?", [other_id]).fetchone()[0] == \
        "https://example.vn/khac-100003.htm"
    assert db.execute("SELECT title FROM articles WHERE id = ?", [victim_id]).fetchone()[0] == "Bài gốc"
