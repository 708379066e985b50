"""Figures from documents appear wherever figures from articles do: observations, facts, series, coverage,
indicators, the report and alerts (over a copy of the demo crawl, which stores the demo's four documents)."""
from __future__ import annotations

import json

import sqlite_utils

from tests.solieu.conftest import run_ok

REVENUE = "thu ngân sách (VND)"  # the report's year table and an article both give 2025's revenue


def _report_id(db_path) -> int:
    return sqlite_utils.Database(db_path).execute("SELECT id FROM documents WHERE number = '215/BC-UBND'").fetchone()[0]


def test_observations_of_a_document_carry_the_document_and_page(own_db):
    doc = _report_id(own_db)
    rows = json.loads(run_ok("observations", "--db", own_db, "--document", str(doc), "--format", "json").stdout)
    assert rows and {r["document_id"] for r in rows} == {doc} and {r["source"] for r in rows} == {"văn bản"}
    assert {r["page"] for r in rows} == {1, 2, 3} and all(r["article_id"] is None for r in rows)
    assert {r["document_number"] for r in rows} == {"215/BC-UBND"}
    assert all(r["article_url"].endswith(".pdf") for r in rows)
    table = run_ok("observations", "--db", own_db, "--document", str(doc)).stdout
    assert f"văn bản {doc}, trang 2" in table
    # every figure is listed: articles' and documents' together, --source "văn bản" keeps the documents'
    db = sqlite_utils.Database(own_db)
    everything = json.loads(run_ok("observations", "--db", own_db, "--format", "json").stdout)
    assert len(everything) == db["observations"].count
    docs_only = json.loads(run_ok("observations", "--db", own_db, "--source", "văn bản", "--format", "json").stdout)
    assert len(docs_only) == db.execute("SELECT COUNT(*) FROM observations WHERE document_id IS NOT NULL").fetchone()[0]


def test_a_figure_in_a_report_and_in_the_news_is_one_fact_with_both_sources(own_db):
    facts = json.loads(run_ok("facts", "--db", own_db, "--indicator", REVENUE, "--period", "2025",
                              "--qualifier", "actual", "--place", "Hà Nội", "--format", "json").stdout)
    both = [f for f in facts if f["period"] == "2025" and f["documents"] and f["articles"]]
    assert len(both) == 1, facts
    kinds = {("document" if s.get("document_id") else "article") for s in both[0]["sources"]}
    assert kinds == {"article", "document"}
    doc = next(s for s in both[0]["sources"] if s.get("document_id"))
    assert doc["page"] == 3 and doc["number"] == "215/BC-UBND" and doc["source"] == "văn bản"
    assert both[0]["outlets"] == 1  # the document is not an outlet
    # the report and an article disagree on 2025's poverty rate: a conflict between a document and the news
    conflicts = run_ok("facts", "--db", own_db, "--indicator", "tỷ lệ hộ nghèo (%)", "--period", "2025",
                       "--conflicts").stdout
    assert f"← văn bản {_report_id(own_db)}, trang 2 2025-12-15" in conflicts and "← hanoionline" in conflicts


def test_series_points_from_documents_cite_the_document_and_page(own_db, tmp_path):
    doc = _report_id(own_db)
    points = json.loads(run_ok("series", REVENUE, "--db", own_db, "--place", "Hà Nội", "--format", "json").stdout)
    years = {p["period"]: p for p in points if p["granularity"] == "year" and p["qualifier"] == "actual"}
    assert {"2023", "2024", "2025"} <= set(years)  # 2023 and 2024 are only in the report's table
    assert years["2023"]["documents"] == 1 and years["2023"]["articles"] == 0
    table = run_ok("series", REVENUE, "--db", own_db, "--place", "Hà Nội").stdout
    assert f"văn bản {doc}, trang 3 (2025-12-15)" in table
    chart = tmp_path / "s.html"
    run_ok("series", REVENUE, "--db", own_db, "--place", "Hà Nội", "--chart", str(chart))
    assert f"văn bản {doc}, trang 3" in chart.read_text(encoding="utf-8")


def test_indicators_count_figures_of_articles_and_documents(own_db):
    rows = json.loads(run_ok("indicators", "--db", own_db, "--format", "json").stdout)
    revenue = next(r for r in rows if r["indicator"] == REVENUE)
    db = sqlite_utils.Database(own_db)
    assert revenue["observations"] == db.execute("SELECT COUNT(*) FROM observations WHERE indicator = ?",
                                                 [REVENUE]).fetchone()[0]
    assert revenue["documents"] == 1 and revenue["articles"] >= 1


def test_coverage_counts_the_documents_that_mention_a_term(own_db):
    cov = json.loads(run_ok("coverage", "hộ nghèo", "--db", own_db, "--format", "json").stdout)
    docs = cov["documents"]
    assert [d["number"] for d in docs["documents"]] == ["215/BC-UBND"]
    assert docs["documents"][0]["pages"] == [2]
    assert docs["periods"] == [{"period": "2025-12", "issuer": "UBND thành phố Hà Nội", "documents": 1, "total": 1,
                                "share": 1.0, "share_pct": 100.0}]
    table = run_ok("coverage", "hộ nghèo", "--db", own_db).stdout
    assert "1 documents" in table and "215/BC-UBND" in table
    none = json.loads(run_ok("coverage", "hộ nghèo", "--db", own_db, "--source", "hanoionline",
                             "--format", "json").stdout)
    assert none["documents"]["documents"] == []  # --source is an outlet: its articles only


def test_report_cites_document_pages_among_the_sources(own_db, tmp_path):
    out = tmp_path / "r.html"
    run_ok("report", "--db", own_db, "-o", str(out), "--since", "2020-01-01", "--terms", "hộ nghèo")
    html = out.read_text(encoding="utf-8")
    assert f"văn bản {_report_id(own_db)}, trang 3 215/BC-UBND, 2025-12-15" in html  # a fact's source
    assert "In 1 document(s):" in html and "(trang 2)" in html  # the term's documents


def test_a_watched_term_in_a_new_document_fires_like_an_article(own_db, tmp_path):
    import docx

    run_ok("watch", "add", "term", "hộ nghèo", "--db", own_db)
    run_ok("watch", "add", "indicator", REVENUE, "--db", own_db)
    first = run_ok("alerts", "--db", own_db, "--since-last").stdout
    assert f"[văn bản {_report_id(own_db)}, trang 2] Báo cáo" in first  # the term, in the demo report
    assert f"[văn bản {_report_id(own_db)}, trang 3]" in first  # the indicator, in its table
    assert run_ok("alerts", "--db", own_db, "--since-last").stdout.strip() == ""  # "Nothing new." on stderr
    d = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "Số: 31/BC-UBND", "Hà Nội, ngày 2 tháng 12 năm 2026",
                 "BÁO CÁO", "Tình hình giảm nghèo năm 2026",
                 "Năm 2026, thành phố tiếp tục hỗ trợ 120 hộ nghèo và hộ cận nghèo xây sửa nhà ở."):
        d.add_paragraph(line)
    path = tmp_path / "giam-ngheo.docx"
    d.save(path)
    run_ok("ingest", str(path), "--db", own_db)
    text = run_ok("alerts", "--db", own_db, "--since-last").stdout
    new_id = sqlite_utils.Database(own_db).execute("SELECT id FROM documents WHERE number = '31/BC-UBND'").fetchone()[0]
    assert "1 item(s)" in text and f"[văn bản {new_id}] Báo cáo" in text and "(31/BC-UBND)" in text
