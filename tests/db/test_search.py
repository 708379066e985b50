"""db/search: FTS5 over title, sapo and body; diacritics optional (đ too), NFC/NFD, tone placement, injection."""
import unicodedata

import pytest

from db import open_db
from db.search import SearchError, as_phrase, matching_ids, search
from db.store import save_article, upsert_source


def _article(n, title, text, sapo="Tin tóm tắt.", published="2024-03-01T08:00:00+07:00"):
    url = f"https://example.vn/bai-{n}.htm"
    return {"url": url, "canonical_url": url, "title": title, "sapo": sapo, "text": text,
            "published_at": published}


@pytest.fixture
def db(tmp_path):
    d = open_db(tmp_path / "s.db")
    upsert_source(d, "demo", "https://example.vn/")
    upsert_source(d, "other", "https://other.vn/")
    save_article(d, "demo", _article(1, "Giảm nghèo bền vững", "Tỷ lệ hộ nghèo còn 0,5% cuối năm."), [])
    save_article(d, "demo", _article(2, "Đô thị xanh", "Quy hoạch đô thị Hà Đông được phê duyệt."), [])
    save_article(d, "other", _article(3, "Hòa bình", unicodedata.normalize("NFD", "Khu phố hoà thuận, không hộ nghèo.")),
                 [], )
    save_article(d, "demo", _article(4, "Tin khác", "Không liên quan.", published="2025-01-01T08:00:00+07:00"), [])
    yield d
    d.close()


def titles(rows):
    return [r["title"] for r in rows]


@pytest.mark.parametrize("query", ["ho ngheo", "hộ nghèo", "HỘ NGHÈO", unicodedata.normalize("NFD", "hộ nghèo")])
def test_diacritics_and_normal_forms_do_not_matter(db, query):
    assert set(titles(search(db, query))) == {"Giảm nghèo bền vững", "Hòa bình"}


@pytest.mark.parametrize("query", ["do thi", "Đô thị", "đô thị", "DO THI", "Ha Dong"])
def test_d_with_stroke_is_folded(db, query):
    assert titles(search(db, query)) == ["Đô thị xanh"]


@pytest.mark.parametrize("query", ["hoà", "hòa", "hoa"])
def test_old_and_new_tone_placement_match(db, query):
    assert "Hòa bình" in titles(search(db, query))


def test_snippet_shows_original_text_with_highlight(db):
    [row] = search(db, "do thi")
    assert "**đô thị**" in row["snippet"] and row["source"] == "demo" and row["date"] == "2024-03-01"
    assert row["url"] == "https://example.vn/bai-2.htm"


def test_title_hits_rank_first(db):
    save_article(db, "demo", _article(5, "Hộ nghèo ở ngoại thành", "Nội dung."), [])
    assert titles(search(db, "ho ngheo"))[0] == "Hộ nghèo ở ngoại thành"


def test_filters_source_since_limit(db):
    assert titles(search(db, "ho ngheo", source="other")) == ["Hòa bình"]
    assert search(db, "lien quan", since="2024-12-01")[0]["title"] == "Tin khác"
    assert search(db, "lien quan", since="2025-06-01") == []
    assert len(search(db, "ho ngheo", limit=1)) == 1


def test_triggers_follow_updates_and_deletes(db):
    save_article(db, "demo", _article(1, "Giảm nghèo bền vững", "Nay nói về trường học."), [], extractor_version="2")
    assert "Giảm nghèo bền vững" not in titles(search(db, "ho ngheo"))
    assert titles(search(db, "truong hoc")) == ["Giảm nghèo bền vững"]
    gone = db.execute("SELECT id FROM articles WHERE title = 'Tin khác'").fetchone()[0]
    db.execute("DELETE FROM article_urls WHERE article_id = ?", [gone])
    db.execute("DELETE FROM articles WHERE id = ?", [gone])
    assert search(db, "lien quan") == []


def test_schema_is_idempotent_and_backfills(tmp_path, db):
    path = db.conn.execute("PRAGMA database_list").fetchone()[2]
    for trigger in [t.name for t in db.triggers]:  # a database made before the search index existed
        db.execute(f"DROP TRIGGER {trigger}")
    db["article_search_fts"].drop()
    db["article_search"].drop()
    db.conn.commit()
    again = open_db(path)
    assert {r["title"] for r in search(again, "ho ngheo")} == {"Giảm nghèo bền vững", "Hòa bình"}
    open_db(path).close()


INJECTIONS = [
    '"ho ngheo', "ho ngheo\"", "*", "ngh*", "NEAR(ho ngheo, 2)", "NEAR(", "ho AND", "OR", "NOT ngheo",
    "'; DROP TABLE articles; --", "x' OR 1=1 --", "title:ho", "nosuchcol:ho", "ho) OR (1", "^ho", "{title}: ho",
    "\x00", "-ho", "ho + ngheo", "%", "_", "\\", "🙂", "a" * 2000,
]


@pytest.mark.parametrize("query", INJECTIONS)
def test_fts_syntax_and_sql_fragments_give_results_or_a_search_error(db, query):
    try:
        rows = search(db, query)
    except SearchError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(rows, list)
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 4


def test_operators_work_and_plain_fallback(db):
    assert titles(search(db, "ngh*")) and "Giảm nghèo bền vững" in titles(search(db, "ngh*"))
    assert titles(search(db, "NEAR(ho ngheo, 2)")) == titles(search(db, '"ho ngheo"'))
    assert titles(search(db, '"ho ngheo')) == titles(search(db, "ho ngheo"))  # unbalanced quote: plain words
    with pytest.raises(SearchError):
        search(db, "   ")


def test_as_phrase():
    assert as_phrase("hộ nghèo") == '"hộ nghèo"'
    assert as_phrase("a OR b") == "a OR b"
    assert matching_ids is not None
