"""The crawl follows attachment links and document listing pages, stores each document once."""
import sqlite_utils

from crawler.demo import documents as demo
from tests.conftest import solieu


def test_demo_crawl_stores_the_linked_documents(demo_db):
    db = sqlite_utils.Database(demo_db[0])
    docs = {r["url"].rsplit("/", 1)[-1]: r for r in db.query("SELECT * FROM documents")}
    assert set(docs) == set(demo.DOCUMENTS)
    assert all(d["status"] == "ok" for d in docs.values())
    report = docs["bao-cao-ket-qua-kinh-te-xa-hoi-2025.pdf"]
    linked = {r[0] for r in db.execute("SELECT a.title FROM document_links l JOIN article_urls u ON "
                                       "u.url = l.article_url JOIN articles a ON a.id = u.article_id "
                                       "WHERE l.document_id = ?", [report["id"]])}
    assert len(linked) == 2  # two articles attach the same report
    assert docs["thong-bao-viec-lam-2025-tcvn3.pdf"]["encoding"] == "tcvn3"
    for name, page, text in demo.KNOWN_FIGURES:
        if name == "quyet-dinh-muc-ho-tro-2026-ban-chup.pdf" and docs[name]["text_layer"] != "ocr":
            continue  # no tesseract here: the scan is stored as needing OCR
        row = db.execute("SELECT COUNT(*) FROM observations WHERE document_id = ? AND page IS ? AND text = ?",
                         [docs[name]["id"], page, text]).fetchone()
        assert row[0] == 1, (name, page, text)


def test_second_crawl_fetches_no_document_and_listing_pages_are_followed(tmp_path, demo_server, demo_db):
    db_path = tmp_path / "docs.db"
    sources = tmp_path / "sources.yaml"
    # Articles excluded: only the document listing page can lead to the documents.
    sources.write_text("- name: vanban\n  url: https://example.org/\n  article_pattern: '^$'\n"
                       "  sitemaps: [/none.xml]\n  documents: [/van-ban]\n  max_pages: 1\n", encoding="utf-8")
    args = ["crawl", "vanban", "--sources", str(sources), "--base-url", demo_server.url, "--db", str(db_path),
            "--no-throttle", "--log-level", "WARNING"]
    demo_server.clear_requests()
    first = solieu(*args)
    assert first.returncode == 0, first.stderr[-3000:]
    fetched = [p for p in demo_server.requests if p.startswith("/van-ban/")]
    assert sorted(fetched) == sorted(f"/van-ban/{n}" for n in demo.DOCUMENTS)
    db = sqlite_utils.Database(db_path)
    assert db["documents"].count == 4 and db["articles"].count == 0
    demo_server.clear_requests()
    again = solieu(*args)
    assert again.returncode == 0
    assert not [p for p in demo_server.requests if p.startswith("/van-ban/")]
    assert db["documents"].count == 4


def test_documents_off_host_are_not_followed(tmp_path):
    from scrapy.http import HtmlResponse, Request

    from crawler.sources import Source
    from crawler.spiders.news import NewsSpider

    spider = NewsSpider(source="x")
    spider.source = Source(name="x", url="https://tin.example/", document_hosts=["datafiles.example.vn"])
    spider.follow_documents, spider.document_maxsize = True, 1000
    html = (b'<a href="/files/a.pdf">a</a><a href="https://datafiles.example.vn/b.docx">b</a>'
            b'<a href="https://other.example/c.xlsx">c</a><a href="/bai-viet.htm">d</a>')
    response = HtmlResponse("https://tin.example/bai-1.htm", body=html, request=Request("https://tin.example/"))
    urls = [r.url for r in spider._document_links(response)]
    assert urls == ["https://tin.example/files/a.pdf", "https://datafiles.example.vn/b.docx"]
