"""facts, series, indicators, article and the new observation filters, on the crawled demo site."""
import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import solieu
from tests.solieu.conftest import run_ok

CHROMIUM = Path("/usr/bin/chromium")
TOURISM = "số lượt khách du lịch (lượt)"


def one_line_error(proc, *words, code=1):
    assert proc.returncode == code and proc.stderr.startswith("Error:") and proc.stderr.count("\n") == 1, proc.stderr
    for w in words:
        assert w in proc.stderr, proc.stderr


def test_conflict_is_listed_with_every_source(db):
    rows = json.loads(run_ok("facts", "--db", db, "--conflicts", "--format", "json").stdout)
    tourism = [r for r in rows if r["indicator"] == TOURISM and r["period"] == "2026-Q2"]
    assert sorted(r["value"] for r in tourism) == [6_900_000.0, 7_200_000.0]
    assert len({r["conflict_group"] for r in tourism}) == 1 and all(r["conflict"] == 1 for r in tourism)
    assert all(len(r["sources"]) == 1 and r["sources"][0]["url"].startswith("http") for r in tourism)
    table = run_ok("facts", "--db", db, "--conflicts").stdout
    assert "6.900.000 lượt" in table and "7.200.000 lượt" in table and "xung đột" in table


def test_the_same_figure_in_two_articles_is_one_fact(db):
    rows = json.loads(run_ok("facts", "--db", db, "--indicator", TOURISM, "--period", "2026", "--format",
                             "json").stdout)
    q3 = [r for r in rows if r["granularity"] == "quarter" and r["period_end"] == "2026-09-30"]
    assert len(q3) == 1 and q3[0]["value"] == 7_600_000.0 and q3[0]["articles"] == 2
    assert all("2026-01-01" <= r["period_start"] and r["period_end"] <= "2026-12-31" for r in rows)


def test_tourism_series_is_one_quarterly_line_across_articles(db):
    points = json.loads(run_ok("series", TOURISM, "--db", db, "--format", "json").stdout)
    quarters = [p for p in points if p["granularity"] == "quarter" and p["qualifier"] == "actual"]
    assert [p["period"] for p in quarters][:5] == ["2025-Q1", "2025-Q2", "2025-Q3", "2026-Q1", "2026-Q2"]
    articles = {s["article_id"] for p in quarters for s in p["sources"]}
    assert len(articles) >= 3
    assert all(p["place"] == "Hà Nội" and p["line"] == "thực hiện · quý" for p in quarters)
    assert [p["date"] for p in points] == sorted(p["date"] for p in points)
    assert all(p["article_url"].startswith("http") and p["sentence"] for p in points)


@pytest.mark.parametrize("key, qualifier, granularity, periods", [
    ("grdp (%)", "change", "quarter", {"2025-Q1", "2025-Q2", "2025-Q3", "2026-Q1", "2026-Q2"}),
    ("thu ngân sách (VND)", "actual", "quarter", {"2025-Q1", "2025-Q2", "2025-Q3", "2026-Q1"}),
    ("tỷ lệ hộ nghèo (%)", "actual", "year", {"2024", "2025"}),
])
def test_recurring_demo_indicators_form_series(db, key, qualifier, granularity, periods):
    points = json.loads(run_ok("series", key, "--db", db, "--qualifier", qualifier, "--format", "json").stdout)
    line = [p for p in points if p["granularity"] == granularity]
    assert periods <= {p["period"] for p in line}
    assert len({s["article_id"] for p in line for s in p["sources"]}) >= 3
    assert {p["qualifier"] for p in points} == {qualifier}


def test_series_never_mixes_granularities_or_qualifiers(db):
    points = json.loads(run_ok("series", "tỷ lệ hộ nghèo (%)", "--db", db, "--format", "json").stdout)
    lines = {(p["qualifier"], p["granularity"]) for p in points}
    assert ("actual", "year") in lines and ("target", "year") in lines
    for q, g in lines:
        assert {p["line"] for p in points if (p["qualifier"], p["granularity"]) == (q, g)} .__len__() == 1
    table = run_ok("series", "tỷ lệ hộ nghèo (%)", "--db", db).stdout
    assert "0,02%" in table and "0,01%" in table and "mục tiêu · năm" in table


def test_series_charts_png_and_html(db, tmp_path):
    png, page = tmp_path / "s.png", tmp_path / "s.html"
    run_ok("series", "thu ngân sách (VND)", "--db", db, "--chart", str(png))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    run_ok("series", "tỷ lệ hộ nghèo (%)", "--db", db, "--chart", str(page))
    html = page.read_text()
    assert 'stroke-dasharray="6,4"' in html  # the target is dashed
    assert "thực hiện · năm" in html and "mục tiêu · năm" in html and "0,02%" in html
    assert "e+" not in html and "<script" not in html
    budget = tmp_path / "b.html"
    run_ok("series", "thu ngân sách (VND)", "--db", db, "--chart", str(budget))
    text = budget.read_text()
    assert "nghìn tỷ đồng" in text and "182,4 nghìn tỷ đồng" in text


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium not installed (apt-get install -y chromium)")
def test_series_chart_and_report_in_headless_chromium(db, tmp_path):
    page, png, report = tmp_path / "s.html", tmp_path / "s.png", tmp_path / "r.html"
    run_ok("series", "tỷ lệ hộ nghèo (%)", "--db", db, "--chart", str(page))
    run_ok("series", TOURISM, "--db", db, "--chart", str(png))
    run_ok("report", "--db", db, "-o", str(report))  # default --since 7d: the demo's recent articles

    def chromium(*args):
        cmd = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run",
               f"--user-data-dir={tmp_path / 'profile'}", *args]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    dom = chromium("--dump-dom", page.as_uri()).stdout
    assert dom.count("<polyline") >= 1 and "mục tiêu · năm" in dom and "0,01%" in dom
    shot = tmp_path / "shot.png"
    chromium(f"--screenshot={shot}", "--window-size=900,700", png.as_uri())
    assert shot.exists() and shot.stat().st_size > 10_000
    dom = chromium("--dump-dom", report.as_uri()).stdout
    assert "New figures by indicator" in dom and TOURISM in dom
    assert "7.600.000 lượt" in dom and "thực hiện · quý" in dom and "No figures found" not in dom


def test_indicators_catalog_and_unmapped(db):
    rows = json.loads(run_ok("indicators", "--db", db, "--format", "json").stdout)
    tourism = next(r for r in rows if r["indicator"] == TOURISM)
    assert tourism["articles"] >= 6 and tourism["places"] == "Hà Nội" and tourism["first"] <= tourism["last"]
    free = run_ok("indicators", "--db", db, "--unmapped", "--limit", "3")
    assert "keys outside the catalog" in free.stdout and "- key:" in free.stderr and "reprocess --rekey" in free.stderr


def test_catalog_share_of_demo_observations(db):
    """The README's catalog share: observations under catalog keys (`indicators`) over all stored observations."""
    import sqlite_utils

    rows = json.loads(run_ok("indicators", "--db", db, "--format", "json").stdout)
    total = sqlite_utils.Database(db).execute("SELECT COUNT(*) FROM observations").fetchone()[0]
    share = sum(r["observations"] for r in rows) / total
    assert share >= 0.600, f"catalog share {share:.3f} fell below the measured 0.612 (README)"


def test_rekey_with_own_catalog(own_db, tmp_path):
    free = json.loads(run_ok("indicators", "--db", own_db, "--unmapped", "--format", "json").stdout)
    key = free[0]["indicator"]
    name = key.rsplit(" (", 1)[0]
    catalog = tmp_path / "mine.yaml"
    catalog.write_text(f"- key: chỉ số riêng của tôi\n  kinds: [{free[0]['kind']}]\n  synonyms: [{name}]\n",
                       encoding="utf-8")
    out = run_ok("reprocess", "--db", own_db, "--rekey", "--catalog", str(catalog)).stdout
    assert "Re-keyed" in out and not out.startswith("Re-keyed observations: 0 ")
    mine = json.loads(run_ok("indicators", "--db", own_db, "--catalog", str(catalog), "--format", "json").stdout)
    assert any(r["indicator"].startswith("chỉ số riêng của tôi (") for r in mine)
    bad = tmp_path / "bad.yaml"
    bad.write_text("just: text\n", encoding="utf-8")
    one_line_error(solieu("reprocess", "--db", own_db, "--rekey", "--catalog", str(bad)), "catalog")


def test_observations_filters_and_exports(db):
    rows = json.loads(run_ok("observations", "--db", db, "--indicator", TOURISM, "--qualifier", "actual",
                             "--period", "2025", "--place", "TP Hà Nội", "--format", "json").stdout)
    assert rows and all(r["indicator"] == TOURISM and r["qualifier"] == "actual" for r in rows)
    assert all("2025-01-01" <= r["period_start"] <= r["period_end"] <= "2025-12-31" for r in rows)
    assert {"id", "place", "reference", "period_start", "period_end", "indicator", "article_url"} <= set(rows[0])
    art = rows[0]["article_id"]
    mine = json.loads(run_ok("observations", "--db", db, "--article", str(art), "--format", "json").stdout)
    assert mine and {r["article_id"] for r in mine} == {art}
    csv = run_ok("observations", "--db", db, "--article", str(art), "--format", "csv").stdout
    assert csv.splitlines()[0].startswith("id,published_at,value") and "period_start" in csv.splitlines()[0]


def test_article_shows_figures_in_their_sentences(db):
    rows = json.loads(run_ok("observations", "--db", db, "--indicator", TOURISM, "--period", "2026-Q2",
                             "--format", "json").stdout)
    out = run_ok("article", str(rows[0]["article_id"]), "--db", db).stdout
    assert "figures" in out and "entities" in out and "khách du lịch" in out and "hanoionline" in out
    by_url = json.loads(run_ok("article", rows[0]["article_url"], "--db", db, "--format", "json").stdout)
    assert by_url["article"]["id"] == rows[0]["article_id"] and by_url["observations"]
    one_line_error(solieu("article", "999999", "--db", db), "no article")


@pytest.mark.parametrize("args, words, code", [
    (["series", "so luot khach du lich xyz"], ["nearest", TOURISM], 2),
    (["series", "không có chỉ tiêu này"], ["no observations"], 2),
    (["facts", "--indicator", "zzz qqq"], ["no observations of indicator"], 2),
    (["facts", "--place", "Sao Hỏa"], ["place", "nearest"], 2),
    (["facts", "--place", "Đà Nẵng"], ["no observations in 'Đà Nẵng'", "Hà Nội"], 2),
    (["facts", "--period", "2025-Q5"], ["2025-Q1"], 2),
    (["observations", "--period", "quý 9"], ["periods look like"], 2),
    (["series", TOURISM, "--chart", "x.gif"], [".png"], 1),
])
def test_bad_input_is_one_line_with_suggestions(db, args, words, code):
    one_line_error(solieu(*args, "--db", db), *words, code=code)


def test_watch_add_indicator_refuses_unknown_keys(own_db):
    one_line_error(solieu("watch", "add", "indicator", "khach du lich", "--db", own_db), "unknown indicator", code=2)
    run_ok("watch", "add", "indicator", TOURISM, "--db", own_db)
    run_ok("watch", "add", "indicator", "chỉ tiêu tương lai (%)", "--force", "--db", own_db)
